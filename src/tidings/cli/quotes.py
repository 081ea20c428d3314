"""``tidings quotes``: who said what, from articles (JSON lines) or from the store."""

from __future__ import annotations

import argparse
import sys

from tidings.cli.common import DocumentSource, add_db, add_paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "quotes",
        help="direct quotes and reported speech, with speakers",
        description="With PATHs: find the quotes in articles and print one JSON Quote record per line "
        "(nothing stored).  Without: query the quotes in the store.",
        epilog="examples:\n"
        "  tidings quotes article.txt\n"
        "  cat feed.jsonl | tidings quotes - --direct\n"
        "  tidings quotes --db demo.duckdb --speaker Peskov",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths(p, nargs="*", also="; none: query the store")
    add_db(p)
    p.add_argument("--speaker", metavar="NAME", help="store query: speaker name or words contain NAME")
    p.add_argument("--doc", metavar="ID", help="store query: quotes of one document")
    p.add_argument("--direct", action="store_true", help="direct quotations only")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.cli import UsageError

    if args.paths and (args.speaker or args.doc):
        raise UsageError("--speaker and --doc query the store: give them without PATHs")
    return _extract(args) if args.paths else _query(args)


def _extract(args: argparse.Namespace) -> int:
    from tidings import nlp as nlp_mod
    from tidings.pipeline import process
    from tidings.quotes.extract import stages_through_quotes

    source = DocumentSource(args.paths)
    nlp = nlp_mod.load(stages_through_quotes())
    out = sys.stdout
    written = 0
    for result in process(source, nlp=nlp):
        for quote in result.quotes:
            if args.direct and not quote.direct:
                continue
            if args.limit is not None and written >= args.limit:
                break
            out.write(quote.to_json() + "\n")
            written += 1
        out.flush()
    return 1 if source.refused else 0


def _query(args: argparse.Namespace) -> int:
    from tidings.store import Store

    store = Store(args.db, read_only=True)
    with store:
        quotes = store.quotes(
            speaker=args.speaker, doc_id=args.doc, limit=None if args.direct else args.limit
        )
    if args.direct:
        quotes = [q for q in quotes if q.direct][: args.limit]
    out = sys.stdout
    for quote in quotes:
        out.write(quote.to_json() + "\n")
    print(f"{len(quotes)} quotes", file=sys.stderr)
    return 0
