"""The DuckDB store: migrations, atomic idempotent batches, filters, read-only opening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from fixtures.records import (
    ARTICLE_TALKS,
    aid_result,
    make_doc,
    make_event,
    make_sentences,
    strike_result,
    talks_result,
)
from tidings.records import Actor, DocumentResult
from tidings.store import DEFAULT_DB, EventFilter, Store, StoreError, resolve_db_path
from tidings.store.schema import MIGRATIONS, SCHEMA_VERSION


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db_path: Path) -> Any:
    with Store(db_path) as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    store.write_batch([talks_result(), strike_result(), aid_result()], run_id="r1")
    return store


def _snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every record table's rows, sorted, so two snapshots compare equal iff nothing changed."""
    queries = {
        "documents": "SELECT id, date, text FROM documents",
        "sentences": "SELECT * FROM sentences",
        **{t: f"SELECT * FROM {t}" for t in ("events", "timexes", "places", "quotes")},
    }
    return {table: sorted(store.con.execute(sql).fetchall(), key=repr) for table, sql in queries.items()}


# -- migrations -------------------------------------------------------------------------------------


def test_new_store_records_every_migration(store: Store) -> None:
    rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(v, name) for v, name, _ in MIGRATIONS]
    assert store.schema_version() == SCHEMA_VERSION


def test_reopening_does_not_reapply_migrations(db_path: Path) -> None:
    with Store(db_path) as s:
        s.write_batch([talks_result()])
    with Store(db_path) as s:
        assert s.con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (len(MIGRATIONS),)
        assert s.count_documents() == 1


def test_migrations_have_increasing_unique_versions() -> None:
    versions = [v for v, _, _ in MIGRATIONS]
    assert versions == sorted(set(versions))


# -- paths and opening ------------------------------------------------------------------------------


def test_db_path_prefers_flag_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DB", "/data/env.duckdb")
    assert resolve_db_path("flag.duckdb") == Path("flag.duckdb")
    assert resolve_db_path(None) == Path("/data/env.duckdb")
    monkeypatch.delenv("TIDINGS_DB")
    assert resolve_db_path(None) == Path(DEFAULT_DB)


def test_read_only_open_of_missing_file_errors_and_creates_nothing(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(db_path, read_only=True)
    assert not db_path.exists()


def test_read_only_store_refuses_writes(db_path: Path) -> None:
    with Store(db_path) as s:
        s.write_batch([talks_result()])
    with Store(db_path, read_only=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.write_batch([aid_result()])
        assert ro.count_documents() == 1


# -- writes -----------------------------------------------------------------------------------------


def test_write_batch_returns_event_count_and_round_trips_records(store: Store) -> None:
    result = talks_result()
    assert store.write_batch([result]) == 2
    assert sorted(store.events(), key=lambda e: e.id) == sorted(result.events, key=lambda e: e.id)
    assert store.document(result.document.id) == result.document
    assert store.timexes(result.document.id) == result.timexes
    assert store.places(result.document.id) == result.places
    assert store.quotes(doc_id=result.document.id) == result.quotes


def test_rewriting_a_document_replaces_its_records(store: Store) -> None:
    first = talks_result()
    store.write_batch([first])
    # The same document recoded with a different lexicon: one event instead of two, no quotes.
    doc = first.document
    recoded = DocumentResult(
        document=doc,
        sentences=make_sentences(doc),
        events=[first.events[0]],
    )
    store.write_batch([recoded])
    assert store.count_documents() == 1
    assert [e.id for e in store.events()] == [first.events[0].id]
    assert store.quotes() == []
    assert store.con.execute("SELECT count(*) FROM sentences").fetchone() == (2,)


def test_writing_the_same_batch_twice_changes_nothing(store: Store) -> None:
    batch = [talks_result(), strike_result()]
    store.write_batch(batch)
    before = _snapshot(store)
    store.write_batch(batch)
    assert _snapshot(store) == before


def test_rewrite_leaves_other_documents_alone(filled: Store) -> None:
    aid_id = aid_result().document.id
    before = [e for e in filled.events() if e.doc_id == aid_id]
    filled.write_batch([talks_result()])
    assert [e for e in filled.events() if e.doc_id == aid_id] == before
    assert filled.count_documents() == 3


def test_duplicate_document_in_one_batch_keeps_the_last_version(store: Store) -> None:
    first = talks_result()
    last = first.model_copy(update={"events": first.events[:1]})
    store.write_batch([first, last])
    assert store.count_documents() == 1
    assert store.count_events() == 1


def test_empty_batch_writes_nothing(store: Store) -> None:
    assert store.write_batch([]) == 0
    assert store.count_documents() == 0


class _FailingConnection:
    """Delegates to a DuckDB connection but raises on the first statement that starts with ``prefix``."""

    def __init__(self, con: Any, prefix: str) -> None:
        self._con = con
        self._prefix = prefix

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().startswith(self._prefix):
            raise RuntimeError("disk full (simulated)")
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def test_batch_failing_midway_leaves_store_as_before(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(filled)
    # Inside the transaction the old rows are deleted and documents/sentences inserted before events fail.
    monkeypatch.setattr(filled, "con", _FailingConnection(filled.con, "INSERT INTO events"))
    recoded = talks_result().model_copy(update={"events": []})
    with pytest.raises(RuntimeError, match="simulated"):
        filled.write_batch([recoded, aid_result("2025-01-17")])
    monkeypatch.undo()
    assert _snapshot(filled) == before


def test_batch_with_conflicting_event_ids_is_rolled_back_whole(filled: Store) -> None:
    before = _snapshot(filled)
    talks = talks_result()
    # A second document whose event reuses an id already written in this batch: the primary key refuses it.
    other = make_doc(ARTICLE_TALKS + "\n\nTalks will resume next month.", "2025-03-12")
    clash = make_event(other, "CONSULT", "met", [Actor(text="Armenia", code="ARM")])
    clash = clash.model_copy(update={"id": talks.events[0].id})
    bad = DocumentResult(document=other, sentences=make_sentences(other), events=[clash])
    with pytest.raises(Exception):  # noqa: B017 - DuckDB's constraint error class varies by version
        filled.write_batch([talks, bad])
    assert _snapshot(filled) == before
    assert filled.document(other.id) is None


def test_runs_are_recorded(store: Store) -> None:
    run = store.begin_run("local", "lexicon-1", "model==1")
    store.finish_run(run, n_documents=3, n_events=5)
    (row,) = store.runs()
    assert (row["id"], row["engine"], row["lexicon_version"], row["status"]) == (run, "local", "lexicon-1",
                                                                                 "done")
    assert (row["n_documents"], row["n_events"]) == (3, 5)
    assert row["finished_at"] >= row["started_at"]


def test_stored_ids_reports_only_known_documents(filled: Store) -> None:
    known = talks_result().document.id
    assert filled.stored_ids([known, "missing"]) == {known}
    assert filled.stored_ids([]) == set()


# -- filters ----------------------------------------------------------------------------------------


def _types(store: Store, flt: EventFilter) -> list[str]:
    return sorted(e.event for e in store.events(flt))


def test_filter_by_type_is_case_insensitive(filled: Store) -> None:
    assert _types(filled, EventFilter(type="assault")) == ["ASSAULT", "ASSAULT"]


def test_filter_by_quad(filled: Store) -> None:
    assert _types(filled, EventFilter(quad="material_cooperation")) == ["AID"]


def test_filter_by_actor_code_or_name(filled: Store) -> None:
    assert _types(filled, EventFilter(actor="rus")) == ["ASSAULT"]
    assert _types(filled, EventFilter(actor="Ararat Mirzoyan")) == ["CONSULT"]
    assert _types(filled, EventFilter(actor="AZE")) == ["CONSULT", "REJECT"]


def test_filter_by_recipient(filled: Store) -> None:
    assert _types(filled, EventFilter(recipient="ARM")) == ["REJECT"]
    assert _types(filled, EventFilter(recipient="SDN")) == ["AID"]


def test_filter_by_country_matches_actor_recipient_or_place(filled: Store) -> None:
    assert _types(filled, EventFilter(country="CHE")) == ["CONSULT"]  # only the place is Swiss
    assert _types(filled, EventFilter(country="UKR")) == ["ASSAULT", "ASSAULT"]


def test_filter_by_place_name(filled: Store) -> None:
    assert _types(filled, EventFilter(place="geneva")) == ["CONSULT"]


def test_filter_by_date_range_uses_first_day_of_partial_dates(filled: Store) -> None:
    # The AID event is dated "2024-12" (month precision): it counts from 2024-12-01.
    assert _types(filled, EventFilter(since=dt.date(2024, 12, 1), until=dt.date(2024, 12, 31))) == ["AID"]
    assert _types(filled, EventFilter(until=dt.date(2024, 11, 30))) == ["ASSAULT", "ASSAULT"]
    assert _types(filled, EventFilter(since=dt.date(2025, 3, 1))) == ["CONSULT", "REJECT"]


def test_filter_by_modality(filled: Store) -> None:
    (negated,) = filled.events(EventFilter(modality="negated"))
    assert negated.trigger.text == "attack"


def test_filter_by_document(filled: Store) -> None:
    doc_id = aid_result().document.id
    assert _types(filled, EventFilter(doc_id=doc_id)) == ["AID"]


def test_filter_by_sentence_text(filled: Store) -> None:
    assert _types(filled, EventFilter(text="GENEVA")) == ["CONSULT"]


def test_text_filter_treats_wildcards_literally(store: Store) -> None:
    doc = make_doc("Unions in Buenos Aires struck over a 100% fare rise.\n\nThe strike_committee met.")
    events = [
        make_event(doc, "PROTEST", "struck", [Actor(text="Unions", code="ARG", sector="LAB")]),
        make_event(doc, "CONSULT", "met", [Actor(text="The strike_committee", code="ARG")], sentence_index=1),
    ]
    store.write_batch([DocumentResult(document=doc, sentences=make_sentences(doc), events=events)])
    assert _types(store, EventFilter(text="100%")) == ["PROTEST"]
    assert _types(store, EventFilter(text="100x")) == []
    assert _types(store, EventFilter(text="strike_committee")) == ["CONSULT"]
    assert _types(store, EventFilter(text="strikeXcommittee")) == []


def test_filter_by_ids(filled: Store) -> None:
    wanted = talks_result().events[1].id
    assert [e.id for e in filled.events(EventFilter(ids=[wanted]))] == [wanted]
    assert filled.events(EventFilter(ids=[])) == []


def test_filters_combine_with_and(filled: Store) -> None:
    assert _types(filled, EventFilter(type="ASSAULT", modality="asserted", actor="RUS")) == ["ASSAULT"]
    assert _types(filled, EventFilter(type="ASSAULT", actor="ARM")) == []


def test_count_limit_offset_and_stable_order(filled: Store) -> None:
    everything = filled.events()
    assert filled.count_events() == len(everything) == 5
    assert [e.date for e in everything] == sorted(e.date for e in everything)  # by first day
    assert filled.events(limit=2) == everything[:2]
    assert filled.events(limit=2, offset=2) == everything[2:4]
    assert filled.count_events(EventFilter(type="REJECT")) == 1


def test_events_frame_has_flat_columns(filled: Store) -> None:
    frame = filled.events_frame(EventFilter(type="ASSAULT"))
    assert len(frame) == 2
    assert "record" not in frame.columns
    assert {"actor_codes", "recipient_codes", "modality", "day"} <= set(frame.columns)
