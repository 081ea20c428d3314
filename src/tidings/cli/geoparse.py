"""``tidings geoparse``: documents in, one JSON line per toponym out; nothing stored."""

from __future__ import annotations

import argparse
import json
import sys

from tidings.cli.common import DocumentSource, add_paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "geoparse",
        help="print the places each article names, resolved against the gazetteer",
        description="Detect and resolve toponyms; print one JSON line per toponym: doc_id, start, end, "
        "text, name, geonameid, lat, lon, country, admin1, feature.",
        epilog="examples:\n  tidings geoparse article.txt\n  cat feed.jsonl | tidings geoparse -\n"
        "  tidings geoparse --rebuild            rebuild the gazetteer index and exit",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths(p, nargs="*")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild the gazetteer index in the data directory ($TIDINGS_DATA_DIR, else "
        "$XDG_DATA_HOME/tidings, else ~/.local/share/tidings) before parsing",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.cli import UsageError

    if args.rebuild:
        from tidings.geo.gazetteer import open_gazetteer

        open_gazetteer(rebuild=True)
        if not args.paths:
            return 0
    if not args.paths:
        raise UsageError("give at least one PATH (or - for stdin), or --rebuild")

    from tidings import nlp as nlp_mod
    from tidings.pipeline import process

    nlp = nlp_mod.load(stages=("tidings_geo",))
    source = DocumentSource(args.paths)
    out = sys.stdout
    for result in process(source, nlp=nlp):
        for place in result.places:
            row = {"doc_id": result.document.id, **place.model_dump(mode="json")}
            ordered = {
                k: row.get(k)
                for k in (
                    "doc_id",
                    "start",
                    "end",
                    "text",
                    "name",
                    "geonameid",
                    "lat",
                    "lon",
                    "country",
                    "admin1",
                    "feature",
                )
            }
            out.write(json.dumps(ordered, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if source.refused else 0
