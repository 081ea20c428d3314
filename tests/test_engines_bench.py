"""The benchmark's parts: its documents, its cheap pipeline, its stores, its report (never its timings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.bench import (
    BenchReport,
    Throughput,
    analytics_benchmark,
    cheap_process,
    format_report,
    ingest_memory,
    load_events_table,
    synthetic_documents,
    synthetic_events_table,
    word_count,
)
from tidings.cli import main
from tidings.exports.analytics import dyad_by_month, type_by_week
from tidings.store import Store


def test_synthetic_documents_are_deterministic_and_distinct() -> None:
    a, b = synthetic_documents(5, seed=1), synthetic_documents(5, seed=1)
    assert [d.to_json() for d in a] == [d.to_json() for d in b]
    assert len({d.id for d in a}) == 5
    assert {d.id for d in a}.isdisjoint(d.id for d in synthetic_documents(5, seed=2))
    assert all(len(d.text.split()) > 20 for d in a) and word_count(a) == sum(len(d.text.split()) for d in a)


def test_cheap_process_records_obey_the_offset_invariant() -> None:
    for result in cheap_process(synthetic_documents(6, seed=4)):
        text = result.document.text
        assert result.sentences
        for s in result.sentences:
            assert text[s.start : s.end] == s.text
        for e in result.events:
            assert text[e.start : e.end] == e.sentence
            assert text[e.trigger.start : e.trigger.end] == e.trigger.text


def test_synthetic_events_load_into_the_store_and_aggregate(tmp_path: Path) -> None:
    table = synthetic_events_table(2_000, seed=7)
    assert table.num_rows == 2_000
    with Store(tmp_path / "syn.duckdb") as store:
        load_events_table(store, table, chunk=700)
        assert store.count_events() == 2_000
        weekly = type_by_week(store)
        assert sum(weekly.column("events").to_pylist()) == 2_000
        dyads = dyad_by_month(store)
        assert sum(dyads.column("events").to_pylist()) == 2_000  # one actor and one recipient each


def test_analytics_benchmark_reports_both_queries() -> None:
    result = analytics_benchmark(3_000, repeat=1)
    assert result.events == 3_000 and set(result.queries_s) == {"dyad_by_month", "type_by_week"}
    assert result.rows["type_by_week"] > 0


def test_ingest_memory_samples_ten_times() -> None:
    result = ingest_memory(60, batch_size=16)
    assert result.docs == 60 and len(result.rss_mb) == 10 and all(x > 0 for x in result.rss_mb)


def test_report_states_the_ratio_against_the_target() -> None:
    report = BenchReport(
        docs=10, words=1000,
        bare=Throughput("bare parse", 10, 1000, 1.0, 200.0),
        full=Throughput("full pipeline", 10, 1000, 2.0, 300.0),
        stages={"parser": 1.0, "tidings_events": 1.0},
    )
    assert report.ratio == pytest.approx(0.5)
    text = format_report(report)
    assert "ratio full/bare: 0.50 (BELOW TARGET 0.8)" in text and "tidings_events" in text
    assert json.loads(json.dumps(report.to_dict(), default=str))["ratio"] == pytest.approx(0.5)


def test_bench_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "--docs", "3", "--bare-only", "--repeat", "1", "--workers", "1",
                 "--ingest-docs", "20", "--events", "500", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bare"]["docs"] == 3 and data["bare"]["words_per_s"] > 0
    assert data["full"] is None and data["analytics"]["events"] == 500


def test_bench_command_refuses_negative_sizes() -> None:
    assert main(["bench", "--docs", "-1"]) == 2


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(
        " date 2025-05-02 Lawmakers in Nairobi voted on Thursday to extend the curfew by two weeks, "
        "and the interior minister said police would patrol the markets.\n"
    )
    (folder / "b.txt").write_text(
        " date 2025-05-03 Fishermen in Mombasa said the new port fees had halved their catch income "
        "since March.\n"
    )
    (folder / "broken.txt").write_text("no date line here at all\n")


def test_bench_times_a_corpus_and_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_articles(tmp_path / "news")
    code = main(["bench", "--corpus", str(tmp_path / "news"), "--docs", "5", "--bare-only", "--repeat", "1",
                 "--workers", "1", "--ingest-docs", "0", "--events", "0", "--json"])
    assert code == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["docs"] == 2 and data["source"] == str(tmp_path / "news")
    assert data["words"] == 38 and data["bare"]["docs"] == 2
    assert "broken.txt" in captured.err  # the refused file is named, its neighbours are kept


def test_bench_corpus_takes_the_first_docs_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_articles(tmp_path / "news")
    code = main(["bench", "--corpus", str(tmp_path / "news" / "a.txt"), str(tmp_path / "news" / "b.txt"),
                 "--docs", "1", "--bare-only", "--repeat", "1", "--workers", "1", "--ingest-docs", "0",
                 "--events", "0"])
    assert code == 0
    assert "documents: 1 " in capsys.readouterr().out


def test_bench_corpus_with_nothing_readable_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "broken.txt").write_text("no date line\n")
    assert main(["bench", "--corpus", str(folder), "--ingest-docs", "0", "--events", "0"]) == 2
