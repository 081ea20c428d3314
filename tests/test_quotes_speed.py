"""The quotes stage's shortcuts give what the slow, obvious reading gives (issue 9: speed)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from tidings import nlp as nlp_mod
from tidings.quotes import load_lexicon
from tidings.quotes.attribution import _according, _cue_candidates, _is_cue, _words, crosses_break

TEXT = (
    "Kyiv talks stall\n\n"
    '"We will not accept any deal that ignores our security," Foreign Minister Ana Petrova said.\n\n'
    "According to the ministry, the talks will resume. Officials pointed out that no date was set, "
    "and the mayor told reporters the city had been shelled overnight."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    nlp = nlp_mod.load(stages=())
    return nlp(nlp_mod.make_doc(nlp, TEXT, "speed", dt.date(2025, 3, 1)))


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a b", "-- , .", "word_ __ _x", "don't stop", "1999", "a\u00a0b\tc\nd", "«Oui» — dit-il"],
)
def test_words_counts_words_holding_a_letter_or_digit(text: str) -> None:
    assert _words(text) == sum(1 for w in text.split() if any(c.isalnum() for c in w))


def test_crosses_break_reads_the_tokens_between(doc: Doc) -> None:
    for i in range(len(doc)):
        for j in range(len(doc)):
            lo, hi = min(i, j), max(i, j)
            slow = any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo:hi])
            assert crosses_break(doc, i, j) == slow


def test_cue_candidates_hold_every_cue_and_source_marker(doc: Doc) -> None:
    lex = load_lexicon()
    starts = frozenset(p[0] for p in lex.according_to)
    found = set(_cue_candidates(doc, lex, starts))
    wanted = {t.i for t in doc if _is_cue(t, lex) or t.lower_ in starts}
    assert wanted <= found
    assert {t.lower_ for t in doc if t.i in wanted} >= {"said", "according", "told"}
    # and nothing whose lemma is no speech verb and whose word starts no marker
    assert all(doc[i].lemma_.lower() in lex.speech_verbs or doc[i].lower_ in starts for i in found)


def test_according_needs_the_whole_marker(doc: Doc) -> None:
    lex = load_lexicon()
    according = next(t for t in doc if t.lower_ == "according")
    found = _according(according, lex)
    assert found is not None and found[0].text == "According to" and found[1].text == "ministry"
    assert _according(doc[0], lex) is None
