"""``tidings events``: query stored events."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from tidings.cli.common import add_db, iso_date
from tidings.records import Event

if TYPE_CHECKING:
    from tidings.store import EventFilter, Store

TABLE_COLUMNS = ("date", "event", "mode", "actor", "recipient", "modality", "location", "trigger")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "events",
        help="query stored events",
        description="Query the store.  --format jsonl prints the same records as `tidings extract`.",
        epilog="example: tidings events --type REJECT --actor RUS --since 2025-01-01 --format jsonl",
    )
    add_db(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.add_argument("--type", help="PLOVER event type, e.g. ASSAULT")
    p.add_argument("--actor", metavar="ISO3", help="actor country or special code")
    p.add_argument("--recipient", metavar="ISO3", help="recipient country or special code")
    p.add_argument("--since", type=iso_date, metavar="DATE")
    p.add_argument("--until", type=iso_date, metavar="DATE")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.add_argument(
        "--merged",
        action="store_true",
        help="merge reports of the same real-world event across articles; print clusters with their "
        "mention counts and sources",
    )
    p.set_defaults(func=run)


def _actors(actors: list) -> str:  # type: ignore[type-arg]
    return "; ".join(
        "/".join(x for x in (a.code, a.sector) if x) + (f" ({a.name or a.text})" if a.name or a.text else "")
        for a in actors
    )


def flat_row(e: Event) -> dict[str, object]:
    """A one-line view of an event for tables and CSV."""
    return {
        "id": e.id,
        "doc_id": e.doc_id,
        "date": e.date,
        "date_precision": e.date_precision,
        "event": e.event,
        "mode": e.mode or "",
        "quad": e.quad,
        "context": "|".join(e.context),
        "actor": _actors(e.actor),
        "recipient": _actors(e.recipient),
        "modality": e.modality,
        "location": (e.location.name or e.location.text) if e.location else "",
        "country": e.location.country if e.location else "",
        "trigger": e.trigger.text,
        "confidence": e.confidence,
        "rule": e.rule,
        "sentence": e.sentence,
    }


def run(args: argparse.Namespace) -> int:
    from tidings.store import EventFilter, Store

    store = Store(args.db, read_only=True)
    flt = EventFilter(
        type=args.type, actor=args.actor, recipient=args.recipient, since=args.since, until=args.until
    )
    if args.merged:
        with store:
            return _print_clusters(store, flt, args)
    with store:
        events = store.events(flt, limit=args.limit)
    out = sys.stdout
    if args.format == "jsonl":
        for e in events:
            out.write(e.to_json() + "\n")
    elif args.format == "csv":
        rows = [flat_row(e) for e in events]
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(flat_row.__annotations__))
        writer.writeheader()
        writer.writerows(rows)
    else:
        for e in events:
            r = flat_row(e)
            out.write(
                f"{r['date']:<10} {r['event']:<9} {r['actor'][:40]:<40} -> {r['recipient'][:32]:<32} "
                f"{r['modality']:<8} {r['location'][:16]}\n"
            )
        print(f"{len(events)} events", file=sys.stderr)
    return 0


def _print_clusters(store: Store, flt: EventFilter, args: argparse.Namespace) -> int:
    """``--merged``: one line (or JSON record) per cluster of events reporting the same event."""
    from tidings.merge import clusters_from_store

    clusters = clusters_from_store(store, flt)
    if args.limit is not None:
        clusters = clusters[: args.limit]
    out = sys.stdout
    if args.format == "jsonl":
        for c in clusters:
            out.write(c.to_json() + "\n")
        return 0
    rows = [
        {
            "id": c.id,
            "date_start": c.date_start,
            "date_end": c.date_end,
            "event": c.event,
            "mode": c.mode or "",
            "actor": " ".join(c.actor_codes),
            "recipient": " ".join(c.recipient_codes),
            "location": (c.location.name or c.location.text) if c.location else "",
            "mentions": c.mention_count,
            "sources": len(c.sources),
            "source_urls": " ".join(c.source_urls),
            "sentence": c.representative.sentence,
        }
        for c in clusters
    ]
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
        return 0
    for r in rows:
        dates = r["date_start"] if r["date_start"] == r["date_end"] else f"{r['date_start']}..{r['date_end']}"
        out.write(
            f"{dates:<22} {r['event']:<9} {str(r['actor'])[:24]:<24} -> {str(r['recipient'])[:24]:<24} "
            f"{r['mentions']:>3} mentions {r['sources']:>3} sources  {str(r['location'])[:16]}\n"
        )
    print(f"{len(clusters)} clusters", file=sys.stderr)
    return 0
