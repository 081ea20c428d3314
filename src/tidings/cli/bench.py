"""``tidings bench``: throughput of the bare parse and the full pipeline, memory, analytics timings."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.records import Document


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "bench",
        help="measure speed, memory and aggregation timings",
        description="Time the bare spaCy parse and the full tidings pipeline on the same synthetic "
        "documents (words/s, docs/s, peak memory, their ratio, per-stage times, worker memory), the "
        "memory of a long ingest, and the dyad-by-month / type-by-week aggregations over a million "
        "synthetic events.  A part whose size is 0 is skipped.",
        epilog="example: tidings bench --docs 300 --ingest-docs 0 --json",
    )
    p.add_argument("--docs", type=int, default=200, metavar="N", help="documents to parse (default 200)")
    p.add_argument("--batch-size", type=int, default=32, metavar="N", help="nlp.pipe batch size")
    p.add_argument("--repeat", type=int, default=5, metavar="N",
                   help="passes per phase, taking turns, best kept (default 5: on a shared machine one "
                   "pass can run 40%% slower than the next)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="worker processes whose memory is measured (default 2; 1 skips)")
    p.add_argument("--ingest-docs", type=int, default=10_000, metavar="N",
                   help="documents streamed through ingest with the cheap pipeline (default 10000)")
    p.add_argument("--events", type=int, default=1_000_000, metavar="N",
                   help="synthetic events for the aggregation timings (default 1000000)")
    p.add_argument("--corpus", nargs="+", metavar="PATH",
                   help="time the parse and the pipeline on these documents (files or folders, as "
                   "`tidings ingest` reads them; the first --docs of them) instead of synthetic ones")
    p.add_argument("--bare-only", action="store_true", help="skip the full pipeline (stages missing)")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings.bench import format_report, run_bench
    from tidings.cli import UsageError

    if min(args.docs, args.ingest_docs, args.events, args.repeat - 1, args.batch_size - 1) < 0:
        raise UsageError("sizes must not be negative (and --repeat, --batch-size at least 1)")
    corpus = read_corpus(args.corpus, args.docs) if args.corpus else None
    report = run_bench(
        n_docs=args.docs,
        batch_size=args.batch_size,
        repeat=args.repeat,
        workers=args.workers,
        ingest_docs=args.ingest_docs,
        events=args.events,
        full=not args.bare_only,
        progress=lambda msg: print(msg, file=sys.stderr),
        corpus=corpus,
        source=" ".join(args.corpus) if args.corpus else "synthetic",
    )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        print(format_report(report))
    return 1 if report.error else 0


def read_corpus(paths: list[str], limit: int) -> list[Document]:
    """The first ``limit`` documents of ``paths``, read as ``tidings ingest`` reads them.

    A refused input is named on stderr and skipped, as ingest does; no readable document at all is a
    usage error (a benchmark of nothing would print a ratio of nothing).
    """
    from tidings.cli import UsageError
    from tidings.documents import read_paths
    from tidings.records import Document

    docs: list[Document] = []
    for item in read_paths(paths):
        if isinstance(item, Document):
            docs.append(item)
            if len(docs) >= limit:
                break
        else:
            print(f"tidings bench: skipped {item}", file=sys.stderr)
    if not docs:
        raise UsageError(f"no readable document in {' '.join(paths)}")
    return docs
