"""The ``tidings`` command line: thin shells over the public API.

Each subcommand lives in its own module under ``tidings.cli`` exposing ``register(subparsers)``; the
module parses arguments, calls library functions and formats output, nothing more.

Exit codes: 0 everything went through, 1 some inputs were refused (each named on stderr) or the store
cannot be opened, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tidings import __version__

COMMANDS: tuple[str, ...] = (
    "ingest",
    "extract",
    "events",
    "summary",
    "timex",
    "geoparse",
    "actors",
    "quotes",
    "serve",
    "export",
    "bench",
    "eval",
)
"""Subcommand modules, in the order ``--help`` lists them."""

EXAMPLES = """\
examples:
  tidings ingest examples/                      code a folder of articles into ./tidings.duckdb
  tidings extract article.txt                   print events as JSON lines, store nothing
  cat feed.jsonl | tidings extract -            the same from JSON Lines on stdin
  tidings events --type ASSAULT --actor RUS     query the store
  tidings serve                                 open the explorer on http://127.0.0.1:8000
  tidings eval events                           score against ../shared/gold
"""


class UsageError(Exception):
    """Bad command-line usage: exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tidings",
        description="Turn dated news articles into PLOVER-coded political event data.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tidings {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"tidings.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from tidings.store import StoreError

    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"tidings {args.command}: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:  # the store named cannot be opened or written: its message names it
        print(f"tidings {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `tidings events | head`
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
