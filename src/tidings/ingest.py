"""Ingest: documents -> engine -> store, in atomic batches, with a progress bar and a report."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO, TypeVar

from tidings.engines import Engine, local
from tidings.nlp import MODEL_PACKAGE, MODEL_VERSION
from tidings.pipeline import lexicon_version
from tidings.records import Document, DocumentResult
from tidings.store import Store

T = TypeVar("T")


@dataclass
class IngestReport:
    run_id: str
    documents: int = 0
    skipped: int = 0
    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _unstored(
    documents: Iterable[Document], store: Store, size: int, report: IngestReport, bar: object
) -> Iterator[Document]:
    """Drop the documents already in the store, checking ``size`` ids per query.

    Runs lazily, in whatever thread pulls the engine's input; every engine pulls input in the calling
    thread, so the store's one connection is never used from two threads at once.
    """
    for batch in _batches(documents, size):
        stored = store.stored_ids(d.id for d in batch)
        if stored:
            report.skipped += len(stored)
            if bar is not None:
                bar.update(len(stored))  # type: ignore[attr-defined]
        yield from (d for d in batch if d.id not in stored)


def ingest(
    documents: Iterable[Document],
    store: Store,
    engine: Engine = local,
    engine_name: str = "local",
    batch_size: int = 64,
    resume: bool = False,
    progress: bool | TextIO = False,
    total: int | None = None,
) -> IngestReport:
    """Code ``documents`` and write them to ``store``, one transaction per batch of results.

    The engine sees the whole stream at once (so a pool or a cluster keeps all its workers busy) and
    yields results in order; they are written ``batch_size`` at a time.  With ``resume`` documents
    already in the store are skipped before they reach the engine (a rerun after a crash picks up where
    it stopped); otherwise a stored document is replaced by its new records.  If the engine or a write
    fails, the batch being written is rolled back whole, earlier batches stay stored, the run is recorded
    as failed and the error propagates.  Nothing is kept per document, so memory stays flat.
    """
    run_id = store.begin_run(engine_name, lexicon_version(), f"{MODEL_PACKAGE}=={MODEL_VERSION}")
    report = IngestReport(run_id=run_id)
    bar = None
    if progress:
        from tqdm import tqdm

        stream = progress if not isinstance(progress, bool) else sys.stderr
        bar = tqdm(total=total, unit="doc", desc="ingest", file=stream, dynamic_ncols=True)
    status = "failed"
    try:
        todo = _unstored(documents, store, batch_size, report, bar) if resume else documents
        results: Iterator[DocumentResult] = engine(todo, batch_size)
        for batch in _batches(results, batch_size):
            report.events += store.write_batch(batch, run_id)
            report.documents += len(batch)
            for r in batch:
                for e in r.events:
                    report.by_type[e.event] = report.by_type.get(e.event, 0) + 1
            if bar is not None:
                bar.update(len(batch))
        status = "done"
    finally:
        if bar is not None:
            bar.close()
        store.finish_run(run_id, report.documents, report.events, status)
    return report
