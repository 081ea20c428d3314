"""What every engine shares: the pipeline's sentence boundaries and records, and the benchmark's passes.

The fast readers (:func:`tidings.nlp.sentences`, :func:`tidings.pipeline.sentence_records`) must give
exactly what ``doc.sents`` and ``Span.text`` give, since every engine stores their output.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from fixtures.parse import parse_text
from tidings import bench
from tidings import nlp as nlp_mod
from tidings.pipeline import result_from_doc, sentence_records
from tidings.records import Document, Sentence

TEXT = (
    "- Talks in Geneva -\n\n"
    "Armenian and Azerbaijani negotiators met on Tuesday.  They agreed to meet again. \n"
    "No date was set, officials said.\n\n\n"
    "Aid agencies said 12 lorries had crossed into the region"
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    nlp = nlp_mod.load(stages=("tidings_paragraphs",))
    return parse_text(nlp, TEXT, "pipe", dt.date(2025, 3, 4))


def test_sentences_agree_with_spacy(doc: Doc) -> None:
    found = nlp_mod.sentences(doc)
    assert list(found.starts) == [s.start for s in doc.sents]
    assert list(found.ends) == [s.end for s in doc.sents]
    for t in doc:
        assert (found.start_of(t.i), found.end_of(t.i)) == (t.sent.start, t.sent.end)
    assert nlp_mod.sentences(doc) is found  # read once per document


def test_sentences_need_boundaries() -> None:
    blank = spacy.blank("en")("no parser ran here")
    with pytest.raises(ValueError, match="E030"):
        nlp_mod.sentences(blank)
    assert nlp_mod.sentences(spacy.blank("en")("")).starts == ()


def test_a_blank_line_starts_a_sentence(doc: Doc) -> None:
    title_end = next(t.i for t in doc if "\n\n" in t.text)
    assert doc[title_end + 1].is_sent_start
    assert doc[title_end + 1].text == "Armenian"


def test_sentence_records_are_the_sentences_spans(doc: Doc) -> None:
    slow = [
        Sentence(doc_id="pipe", index=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(doc.sents)
    ]
    assert sentence_records("pipe", doc) == slow
    assert all(TEXT[s.start : s.end] == s.text for s in slow)


def test_result_from_doc_carries_the_sentences(doc: Doc) -> None:
    document = Document(id="pipe", date=dt.date(2025, 3, 4), text=TEXT)
    result = result_from_doc(document, doc)
    assert result.sentences == sentence_records("pipe", doc)
    assert result.events == [] and result.quotes == []  # the stages were switched off


def test_bench_phases_take_turns_and_keep_their_best(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    times = iter([(5.0, 2.0), (3.0, 2.5), (4.0, 3.0), (6.0, 1.5)])
    monkeypatch.setattr(bench, "_pass", lambda run: (run(), next(times))[1])
    a = bench.Throughput("a", 1, 10, 4.5, 0.0, 2.5)
    b = bench.Throughput("b", 1, 10, 5.5, 0.0, 2.0)
    bench._interleave([(a, lambda: calls.append("a")), (b, lambda: calls.append("b"))], 2)
    assert calls == ["a", "b", "a", "b"]
    assert (a.seconds, b.seconds) == (4.0, 3.0)  # the best wall-clock pass of each
    assert (a.cpu_seconds, b.cpu_seconds) == (2.0, 1.5)  # and the best CPU time, kept apart


def test_bench_report_gives_both_ratios() -> None:
    report = bench.BenchReport(
        docs=10,
        words=1000,
        bare=bench.Throughput("bare parse", 10, 1000, 1.0, 200.0, 0.9),
        full=bench.Throughput("full pipeline", 10, 1000, 2.0, 300.0, 1.2),
    )
    assert report.ratio == pytest.approx(0.5) and report.cpu_ratio == pytest.approx(0.75)
    text = bench.format_report(report)
    assert "ratio full/bare: 0.50" in text and "by CPU time: 0.75" in text
    assert report.to_dict()["cpu_ratio"] == pytest.approx(0.75)
