"""``tidings extract``: documents in, one JSON event record per line out; nothing stored."""

from __future__ import annotations

import argparse
import sys

from tidings.cli.common import DocumentSource, add_paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="print events as JSON lines (no store)",
        description="Code articles and print one JSON event record per line on stdout.",
        epilog="examples:\n  tidings extract article.txt\n  cat feed.jsonl | tidings extract -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths(p)
    p.add_argument(
        "--what",
        choices=("events", "documents"),
        default="events",
        help="events (default), or whole document results with places, times and quotes",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.pipeline import process

    source = DocumentSource(args.paths)
    out = sys.stdout
    for result in process(source):
        if args.what == "documents":
            out.write(result.to_json() + "\n")
        else:
            for event in result.events:
                out.write(event.to_json() + "\n")
        out.flush()
    return 1 if source.refused else 0
