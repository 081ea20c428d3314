"""``tidings export``: write the stored events in another format (PLOVER JSONL, POLECAT, GDELT, ...)."""

from __future__ import annotations

import argparse
import sys

from tidings.cli.common import add_db, iso_date


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from tidings.exports import FORMATS

    p = sub.add_parser(
        "export",
        help="write stored events as PLOVER JSONL, POLECAT, GDELT, ICEWS, CSV or Parquet",
        description="Write the stored events, filtered like `tidings events`, in a format other tools "
        "load: plover-jsonl (canonical records), polecat (40 columns), gdelt (GDELT 2.0's 61-column "
        "event table, no header), icews (20 columns), csv (flat), parquet (a folder partitioned by "
        "month).  OUT - writes to stdout (not for parquet).",
        epilog="examples:\n  tidings export --format gdelt events.tsv\n"
        "  tidings export --format parquet --since 2025-01-01 events_parquet/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("out", metavar="OUT", help="output file, folder (parquet) or - for stdout")
    add_db(p)
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--actor", metavar="ISO3", help="actor country or special code")
    p.add_argument("--recipient", metavar="ISO3", help="recipient country or special code")
    p.add_argument("--country", metavar="ISO3", help="actor, recipient or place country")
    p.add_argument("--since", type=iso_date, metavar="DATE")
    p.add_argument("--until", type=iso_date, metavar="DATE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.cli import UsageError
    from tidings.exports import export
    from tidings.store import EventFilter, Store

    if args.out == "-" and args.format == "parquet":
        raise UsageError("parquet writes a folder; give a path, not -")
    store = Store(args.db, read_only=True)
    flt = EventFilter(
        type=args.type, actor=args.actor, recipient=args.recipient, country=args.country,
        since=args.since, until=args.until,
    )
    with store:
        n = export(store, args.format, sys.stdout if args.out == "-" else args.out, flt)
    if args.out != "-":
        print(f"exported {n} events as {args.format} to {args.out}", file=sys.stderr)
    return 0
