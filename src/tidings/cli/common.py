"""Argument types and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from tidings.documents import InputError, read_paths
from tidings.records import Document


def iso_date(value: str) -> dt.date:
    """argparse type: an ISO date, with a message that names the bad value."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="DB", help="store file (default: $TIDINGS_DB, else ./tidings.duckdb)"
    )


def add_paths(parser: argparse.ArgumentParser, nargs: str = "+", also: str = "") -> None:
    """The PATH arguments every reading command takes; ``also`` extends the help (e.g. what none means)."""
    parser.add_argument(
        "paths",
        nargs=nargs,
        metavar="PATH",
        help="article files (.txt with a ' date YYYY-MM-DD' first line, .jsonl, .csv), folders, "
        "or - for JSON Lines on stdin" + also,
    )


class DocumentSource:
    """Documents from paths, reporting refused inputs on stderr as they are met.

    ``refused`` counts the errors so the command can exit 1 after the good documents are through.
    """

    def __init__(self, paths: Iterable[str], err: TextIO | None = None) -> None:
        self.paths = list(paths)
        self.err = err or sys.stderr
        self.refused = 0

    def __iter__(self) -> Iterator[Document]:
        for item in read_paths(self.paths):
            if isinstance(item, InputError):
                self.refused += 1
                print(f"refused {item}", file=self.err)
            else:
                yield item
