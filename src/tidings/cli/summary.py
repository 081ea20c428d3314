"""``tidings summary``: what a store holds, at a glance (what ``make demo`` prints)."""

from __future__ import annotations

import argparse
import sys
import textwrap

from tidings.cli.common import add_db


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "summary",
        help="events per type, top dyads and sample events with their sentences",
        description="Summarise a store: documents, events per type, the most frequent actor -> recipient "
        "dyads, and a few events shown with the sentence they were coded from.",
    )
    add_db(p)
    p.add_argument("--top", type=int, default=8, help="dyads to list (default 8)")
    p.add_argument("--samples", type=int, default=5, help="sample events to show (default 5)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.store import EventFilter, Store

    store = Store(args.db, read_only=True)
    out = sys.stdout
    with store:
        con = store.con
        n_docs = store.count_documents()
        n_events = store.count_events()
        out.write(f"{store.path}: {n_docs} documents, {n_events} events\n\nEvents per type\n")
        for etype, quad, n in con.execute(
            "SELECT event, any_value(quad), count(*) AS n FROM events GROUP BY event ORDER BY n DESC, event"
        ).fetchall():
            out.write(f"  {etype:<10} {n:>5}  {quad}\n")
        out.write("\nTop dyads (actor -> recipient)\n")
        rows = con.execute(
            """
            SELECT a, r, count(*) AS n
            FROM (
                SELECT unnest(actor_codes) AS a,
                       CASE WHEN len(recipient_codes) = 0 THEN ['-'] ELSE recipient_codes END AS rs
                FROM events
            ), unnest(rs) AS pair(r)  -- every actor with every recipient, not the lists zipped
            GROUP BY a, r ORDER BY n DESC, a, r LIMIT ?
            """,
            [args.top],
        ).fetchall()
        for a, r, n in rows:
            out.write(f"  {a:>4} -> {r:<4} {n:>5}\n")
        out.write("\nSample events\n")
        ids = [
            r[0]
            for r in con.execute(
                "SELECT any_value(id ORDER BY confidence DESC, id) FROM events GROUP BY event "
                "ORDER BY count(*) DESC, event LIMIT ?",
                [args.samples],
            ).fetchall()
        ]
        for e in store.events(EventFilter(ids=ids)):
            actors = ", ".join(f"{a.code}{'/' + a.sector if a.sector else ''}" for a in e.actor)
            recips = ", ".join(f"{a.code}{'/' + a.sector if a.sector else ''}" for a in e.recipient) or "-"
            where = f" in {e.location.name}" if e.location and e.location.name else ""
            out.write(
                f"  {e.event}{'/' + e.mode if e.mode else ''} {actors} -> {recips}, {e.date}{where} "
                f"[{e.modality}]\n"
            )
            out.write(textwrap.indent(textwrap.fill(f'"{e.sentence}"', 96), "      ") + "\n")
    return 0
