"""Ingest: documents -> engine -> store, in atomic batches, with a progress bar and a report."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO

from tidings.engines import Engine, local
from tidings.nlp import MODEL_PACKAGE, MODEL_VERSION
from tidings.pipeline import lexicon_version
from tidings.records import Document, DocumentResult
from tidings.store import Store


@dataclass
class IngestReport:
    run_id: str
    documents: int = 0
    skipped: int = 0
    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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
    """Code ``documents`` and write them to ``store``, one transaction per batch.

    With ``resume`` documents already in the store are skipped (a rerun after a crash picks up where it
    stopped); otherwise a stored document is replaced by its new records.  A batch that fails is rolled
    back whole and the error propagates: earlier batches stay stored.
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
        for batch in _batches(documents, batch_size):
            if resume:
                stored = store.stored_ids(d.id for d in batch)
                report.skipped += len(stored)
                batch = [d for d in batch if d.id not in stored]
            results: list[DocumentResult] = list(engine(batch, batch_size)) if batch else []
            report.events += store.write_batch(results, run_id)
            report.documents += len(results)
            for r in results:
                for e in r.events:
                    report.by_type[e.event] = report.by_type.get(e.event, 0) + 1
            if bar is not None:
                bar.update(len(results) + (len(stored) if resume else 0))
        status = "done"
    finally:
        if bar is not None:
            bar.close()
        store.finish_run(run_id, report.documents, report.events, status)
    return report
