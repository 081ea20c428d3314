"""Engines: every engine returns the same records, in input order, and reports failures.

The engines are exercised with the benchmark's cheap pipeline (``tidings.bench:cheap_process``) and with
the bare spaCy model (``stages=()``), so these tests do not depend on the coding stages; the records
being compared come out of the same code path as the full pipeline's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import pytest

from tidings.bench import cheap_process, synthetic_documents
from tidings.engines import PipelineSpec, close_engine, get_engine, local
from tidings.engines.base import InProcessEngine, chunks
from tidings.engines.pool import PoolEngine
from tidings.records import Document, DocumentResult

CHEAP = "tidings.bench:cheap_process"


def _json(results: Iterable[DocumentResult]) -> list[str]:
    return [r.to_json() for r in results]


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return synthetic_documents(9, seed=3, sentences=(2, 4))


def failing_process(documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
    """A pipeline that breaks on a document whose title says so (imported by spawned workers)."""
    for d in documents:
        if d.title == "poison":
            raise RuntimeError(f"cannot code {d.id}")
        yield from cheap_process([d], batch_size)


# -- the registry ----------------------------------------------------------------------------------


def test_get_engine_rejects_an_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine 'ray'"):
        get_engine("ray")


def test_get_engine_rejects_an_option_the_engine_does_not_take() -> None:
    with pytest.raises(ValueError, match="scheduler"):
        get_engine("local", scheduler="tcp://127.0.0.1:8786")


def test_local_without_workers_runs_in_this_process() -> None:
    assert isinstance(get_engine("local"), InProcessEngine)
    assert isinstance(get_engine("local", workers=1), InProcessEngine)
    assert isinstance(get_engine("local", workers=3), PoolEngine)


def test_workers_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PoolEngine(0)


def test_chunks_keep_order_and_cover_everything(docs: list[Document]) -> None:
    parts = list(chunks(docs, 4))
    assert [len(p) for p in parts] == [4, 4, 1]
    assert [d.id for p in parts for d in p] == [d.id for d in docs]


def test_close_engine_accepts_a_plain_function_engine() -> None:
    close_engine(local)  # nothing to close, nothing raised


# -- identical records -----------------------------------------------------------------------------


def test_in_process_engine_gives_the_processor_records(docs: list[Document]) -> None:
    engine = get_engine("local", processor=CHEAP)
    assert _json(engine(docs, 4)) == _json(cheap_process(docs))


def test_process_pool_preserves_order_and_records(docs: list[Document]) -> None:
    expected = _json(cheap_process(docs))
    with get_engine("local", workers=2, processor=CHEAP, chunk_size=2) as engine:
        assert _json(engine(docs, 4)) == expected
        # the pool stays up between calls: a second stream through the same workers
        assert _json(engine(docs[:3], 4)) == expected[:3]
        assert engine.worker_rss and all(v > 0 for v in engine.worker_rss.values())


def test_process_pool_matches_one_process_on_the_spacy_model(docs: list[Document]) -> None:
    one = _json(get_engine("local", stages=())(docs, 4))
    with get_engine("local", workers=2, stages=(), chunk_size=3) as engine:
        assert _json(engine(docs, 4)) == one
    assert all(len(DocumentResult.model_validate_json(r).sentences) >= 2 for r in one)


def test_dask_local_cluster_matches_one_process(docs: list[Document]) -> None:
    pytest.importorskip("distributed")
    one = _json(get_engine("local", stages=())(docs, 4))
    with get_engine("dask", workers=2, stages=(), chunk_size=2) as engine:
        assert _json(engine(docs, 4)) == one
        assert len(engine.worker_rss) >= 1


# -- failures ----------------------------------------------------------------------------------------


def _with_poison(docs: list[Document]) -> list[Document]:
    bad = Document(id="poison-doc", date=dt.date(2025, 5, 1), text="Nothing to see here.", title="poison")
    return [*docs[:5], bad, *docs[5:]]


def test_a_failing_worker_raises_in_the_caller_after_the_earlier_results(docs: list[Document]) -> None:
    with PoolEngine(2, PipelineSpec(processor="test_engines:failing_process"), chunk_size=2) as engine:
        seen: list[str] = []
        with pytest.raises(RuntimeError, match="cannot code poison-doc"):
            for r in engine(_with_poison(docs), 2):
                seen.append(r.document.id)
        assert seen == [d.id for d in docs[:4]]  # the chunk holding the poison never arrives


def test_a_failing_pipeline_raises_in_process(docs: list[Document]) -> None:
    engine = InProcessEngine(PipelineSpec(processor="test_engines:failing_process"))
    with pytest.raises(RuntimeError, match="poison-doc"):
        list(engine(_with_poison(docs), 2))


def test_a_processor_name_without_a_function_is_refused(docs: list[Document]) -> None:
    engine = InProcessEngine(PipelineSpec(processor="tidings.bench"))
    with pytest.raises(ValueError, match="module:function"):
        list(engine(docs, 2))
