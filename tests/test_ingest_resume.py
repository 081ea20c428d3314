"""Ingest: streamed through the engine, stored in atomic batches, resumable after a crash."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tidings.bench import cheap_process, synthetic_documents
from tidings.engines import get_engine
from tidings.ingest import ingest
from tidings.records import Document, DocumentResult
from tidings.store import Store


class Crash(RuntimeError):
    pass


class CountingEngine:
    """The cheap pipeline, recording which documents it was asked to code; raises on ``crash_at``."""

    def __init__(self, crash_at: int | None = None) -> None:
        self.crash_at = crash_at
        self.seen: list[str] = []

    def __call__(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
        for d in documents:
            if self.crash_at is not None and len(self.seen) == self.crash_at:
                raise Crash(f"killed at document {self.crash_at}")
            self.seen.append(d.id)
            yield from cheap_process([d])


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "ingest.duckdb") as s:
        yield s


@pytest.fixture
def docs() -> list[Document]:
    return synthetic_documents(10, seed=11, sentences=(2, 5))


def _events(store: Store) -> list[tuple[str, str]]:
    return sorted(store.con.execute("SELECT doc_id, id FROM events").fetchall())


def test_ingest_stores_every_document_and_its_events(store: Store, docs: list[Document]) -> None:
    report = ingest(docs, store, engine=CountingEngine(), batch_size=4)
    assert report.documents == 10 and store.count_documents() == 10
    expected = sum(len(r.events) for r in cheap_process(docs))
    assert report.events == expected == store.count_events()
    assert store.runs()[-1]["status"] == "done"


def test_a_crash_keeps_finished_batches_and_rolls_back_the_one_in_progress(
    store: Store, docs: list[Document]
) -> None:
    with pytest.raises(Crash):
        ingest(docs, store, engine=CountingEngine(crash_at=6), batch_size=4)
    # batch 1 (documents 0-3) was written; batch 2 had two results when the engine died: nothing of it
    assert store.document_ids() == sorted(d.id for d in docs[:4])
    assert {doc_id for doc_id, _ in _events(store)} <= {d.id for d in docs[:4]}
    run = store.runs()[-1]
    assert run["status"] == "failed" and run["n_documents"] == 4


def test_resume_skips_stored_documents_and_finishes_the_rest(store: Store, docs: list[Document]) -> None:
    with pytest.raises(Crash):
        ingest(docs, store, engine=CountingEngine(crash_at=5), batch_size=4)
    engine = CountingEngine()
    report = ingest(docs, store, engine=engine, batch_size=4, resume=True)
    assert engine.seen == [d.id for d in docs[4:]]  # stored documents never reach the engine
    assert report.skipped == 4 and report.documents == 6
    assert store.count_documents() == 10
    fresh_events = sorted((r.document.id, e.id) for r in cheap_process(docs) for e in r.events)
    assert _events(store) == fresh_events  # nothing duplicated, nothing lost


def test_without_resume_a_rerun_replaces_instead_of_duplicating(store: Store, docs: list[Document]) -> None:
    ingest(docs, store, engine=CountingEngine(), batch_size=4)
    before = _events(store)
    engine = CountingEngine()
    ingest(docs, store, engine=engine, batch_size=3)
    assert len(engine.seen) == 10 and _events(store) == before


def test_a_failed_write_rolls_back_its_whole_batch(store: Store, docs: list[Document]) -> None:
    ingest(docs[:2], store, engine=CountingEngine(), batch_size=4)
    before = _events(store)

    def clashing(documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
        # two documents claiming the same event id: the insert fails after the deletes have run
        results = list(cheap_process(documents))
        stolen = results[0].events[0]
        for r in results[1:]:
            r.events.append(stolen.model_copy(update={"doc_id": r.document.id}))
        yield from results

    with pytest.raises(Exception, match=r"(?i)constraint|duplicate"):
        ingest(docs[:4], store, engine=clashing, batch_size=4)
    assert store.document_ids() == sorted(d.id for d in docs[:2])
    assert _events(store) == before


def test_ingest_through_a_process_pool_stores_what_one_process_stores(tmp_path: Path) -> None:
    docs = synthetic_documents(12, seed=5, sentences=(2, 4))
    stored = []
    for name, options in (("local", {}), ("local", {"workers": 2})):
        with Store(tmp_path / f"{name}{len(options)}.duckdb") as s, get_engine(
            name, processor="tidings.bench:cheap_process", **options
        ) as engine:
            ingest(docs, s, engine=engine, engine_name=name, batch_size=5)
            stored.append(s.con.execute("SELECT id, record FROM events ORDER BY id").fetchall())
    assert stored[0] == stored[1] and stored[0]
