"""The PolNeAR scorer and the ``tidings quotes`` command, on small files written by the tests."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.evaluate import quotes as ev
from tidings.records import Actor, Document, DocumentResult, Quote, TextSpan
from tidings.store import Store

TEXT = (
    "Budget Fight Goes On.\n\n"
    '"We will not support this budget," said Senator Mark Hill.\n\n'
    "The governor said that the plan would balance the books."
)


def write_polnear(root: Path) -> None:
    """One article in PolNeAR's layout: dev/text/<name>.txt and dev/attributions/<name>_<annotator>.ann."""
    name = "wire_2016-10-01_budget-fight"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    # a leading newline, as some PolNeAR files have: gold offsets count it, the stored text does not
    (root / "dev" / "text" / f"{name}.txt").write_text("\n" + TEXT, encoding="utf-8")

    def row(tid: str, kind: str, s: str, after: str = "") -> str:
        start = TEXT.index(s, TEXT.index(after) if after else 0) + 1
        return f"{tid}\t{kind} {start} {start + len(s)}\t{s}"

    rows = [
        row("T1", "Content", '"We will not support this budget,"'),
        row("T2", "Cue", "said"),
        row("T3", "Source", "Senator Mark Hill"),
        row("T4", "Source", "The governor"),
        row("T5", "Cue", "said", after="governor"),
        row("T6", "Content", "that the plan would balance the books"),
        "E1\tAttribution:T9 Content:T1 Cue:T2 Source:T3",
        "E2\tAttribution:T10 Content:T6 Cue:T5 Source:T4",
    ]
    (root / "dev" / "attributions" / f"{name}_ab12.ann").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_gold_reader_shifts_offsets_and_classifies_direct(tmp_path: Path) -> None:
    write_polnear(tmp_path)
    (article,) = ev.read_split(tmp_path, "dev")
    assert article.text == TEXT
    assert str(article.date) == "2016-10-01"
    kinds = [(a.direct, TEXT[a.content[0][0] : a.content[0][1]]) for a in article.attributions]
    assert kinds == [
        (True, '"We will not support this budget,"'),
        (False, "that the plan would balance the books"),
    ]
    assert TEXT[slice(*article.attributions[0].source[0])] == "Senator Mark Hill"


def test_scoring_counts_overlap_and_speakers(tmp_path: Path) -> None:
    write_polnear(tmp_path)
    (article,) = ev.read_split(tmp_path, "dev")
    q_start = TEXT.index('"We')
    s_start = TEXT.index("Mark Hill")
    good = Quote(
        id="a",
        doc_id="d",
        direct=True,
        content=TextSpan(text="x", start=q_start + 1, end=q_start + 10),
        speaker=Actor(text="Mark Hill", start=s_start, end=s_start + 9),
    )
    wrong_place = Quote(id="b", doc_id="d", direct=True, content=TextSpan(text="x", start=0, end=6))
    scores = {"direct": ev.KindScore(), "indirect": ev.KindScore()}
    ev.score_article(article, [good, wrong_place], ev._forms(["say"]), scores)
    d = scores["direct"]
    assert (d.tp_pred, d.fp, d.tp_gold, d.fn) == (1, 1, 1, 0)
    assert (d.speaker_ok, d.speaker_n) == (1, 1)
    i = scores["indirect"]
    assert (i.n_gold, i.tp_gold, i.fn) == (1, 0, 1)


def test_speech_cue_filter_knows_inflections() -> None:
    forms = ev._forms(["say", "insist", "deny"])
    assert ev._has_speech_cue("said", forms)
    assert ev._has_speech_cue("has insisted", forms)
    assert ev._has_speech_cue("denied", forms)
    assert ev._has_speech_cue("According to", forms)
    assert not ev._has_speech_cue("believes", forms)


def test_eval_runs_end_to_end_on_a_tiny_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tidings.quotes import speaker

    write_polnear(tmp_path)
    monkeypatch.setattr(ev, "_pipeline_stages", lambda: ("tidings_quotes",))
    monkeypatch.setattr(speaker, "actor_resolver", lambda: None)
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    rc = ev.run(parser.parse_args(["--gold", str(tmp_path)]))
    out = capsys.readouterr().out
    assert rc == 0
    assert "direct quotes     P 1.000  R 1.000" in out
    assert "speaker 1.000 (1/1)" in out
    assert "documents raising 0" in out


def test_eval_missing_gold_is_a_usage_error(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    assert ev.run(parser.parse_args(["--gold", str(tmp_path / "nowhere")])) == 2


def test_cli_prints_quotes_as_json_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tidings.quotes import extract, speaker

    monkeypatch.setattr(extract, "stages_through_quotes", lambda: ("tidings_quotes",))
    monkeypatch.setattr(speaker, "actor_resolver", lambda: None)
    article = tmp_path / "a.txt"
    article.write_text(
        ' date 2025-05-02 "The strike will go on until the company talks to us," union leader Rosa '
        "Mendes said on Friday.\n\nThe company said it would respond next week.\n",
        encoding="utf-8",
    )
    assert main(["quotes", str(article)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["direct"] for r in lines] == [True, False]
    assert lines[0]["speaker"]["name"] == "Rosa Mendes"
    assert main(["quotes", "--direct", str(article)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_cli_queries_the_store_by_speaker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "q.duckdb"
    doc = Document(id="d1", date="2025-05-02", text="x")
    quote = Quote(
        id="q1",
        doc_id="d1",
        direct=True,
        content=TextSpan(text='"We stay,"', start=0, end=10),
        speaker=Actor(text="he", name="Rosa Mendes", start=12, end=14),
    )
    other = quote.model_copy(update={"id": "q2", "speaker": Actor(text="Ken Ito", name="Ken Ito")})
    with Store(db) as store:
        store.write_batch([DocumentResult(document=doc, quotes=[quote, other])])
    assert main(["quotes", "--db", str(db), "--speaker", "Mendes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["q1"]


def test_cli_refuses_store_filters_with_paths(tmp_path: Path) -> None:
    assert main(["quotes", "--speaker", "X", str(tmp_path / "a.txt")]) == 2
