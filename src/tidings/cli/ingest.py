"""``tidings ingest``: read, code and store articles."""

from __future__ import annotations

import argparse
import sys

from tidings.cli.common import DocumentSource, add_db, add_paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="read, code and store articles",
        description="Read articles, code their events and store everything in the DuckDB store. "
        "Re-ingesting a document replaces its records.",
        epilog="example: tidings ingest examples/ --db demo.duckdb",
    )
    add_paths(p)
    add_db(p)
    p.add_argument("--engine", default="local", help="local (default) or dask")
    p.add_argument("--workers", type=int, default=None, help="worker processes (local and dask engines)")
    p.add_argument("--scheduler", default=None, help="dask scheduler address (default: a LocalCluster)")
    p.add_argument("--batch-size", type=int, default=64, help="documents per stored batch (default 64)")
    p.add_argument("--resume", action="store_true", help="skip documents already in the store")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.cli import UsageError
    from tidings.engines import close_engine, get_engine
    from tidings.ingest import ingest
    from tidings.store import Store

    options = {k: v for k, v in (("workers", args.workers), ("scheduler", args.scheduler)) if v}
    try:
        engine = get_engine(args.engine, **options)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    source = DocumentSource(args.paths)
    store = Store(args.db)
    try:
        with store:
            report = ingest(
                source,
                store,
                engine=engine,
                engine_name=args.engine,
                batch_size=args.batch_size,
                resume=args.resume,
                progress=not args.quiet,
            )
    finally:
        close_engine(engine)  # stop the worker processes or the LocalCluster the engine started
    if not args.quiet:
        skipped = f", {report.skipped} already stored" if report.skipped else ""
        print(
            f"ingested {report.documents} documents{skipped}, {report.events} events into {store.path}"
            + (f"; {source.refused} inputs refused" if source.refused else ""),
            file=sys.stderr,
        )
        for etype, n in sorted(report.by_type.items(), key=lambda kv: -kv[1]):
            print(f"  {etype:<10} {n}", file=sys.stderr)
    return 1 if source.refused else 0
