"""The quotes stage's shortcuts give what the slow, obvious reading gives (issue 9: speed)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Span, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.quotes import load_lexicon
from tidings.quotes.attribution import (
    CLIMB_DEPS,
    _according,
    _cue_candidates,
    _is_cue,
    _words,
    crosses_break,
    speaker_of,
    speaker_span,
)
from tidings.quotes.extract import _sentence_start
from tidings.quotes.lexicon import CueLexicon
from tidings.quotes.speaker import person_entities

TEXT = (
    "Kyiv talks stall\n\n"
    '"We will not accept any deal that ignores our security," Foreign Minister Ana Petrova said.\n\n'
    "According to the ministry, the talks will resume. Officials pointed out that no date was set, "
    "and the mayor told reporters the city had been shelled overnight. The plan was denied by "
    "Deputy Mayor Oleh Brovko and by Maria Kovalenko, said spokesman Georgiy Tykhy."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    nlp = nlp_mod.load(stages=())
    return parse_text(nlp, TEXT, "speed", dt.date(2025, 3, 1))


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


def test_is_cue_reads_what_the_token_says(doc: Doc) -> None:
    lex = load_lexicon()
    for t in doc:
        slow = (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")) and t.lemma_.lower() in lex.speech_verbs
        particle = lex.particles.get(t.lemma_.lower())
        if slow and particle is not None:
            slow = any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in t.children)
        assert _is_cue(t, lex) == slow, t.text
    assert _is_cue(next(t for t in doc if t.text == "pointed"), lex)  # "point" only with "out"


def test_speaker_span_is_the_head_and_its_left_modifiers(doc: Doc) -> None:
    head = next(t for t in doc if t.text == "Petrova")
    span = speaker_span(doc, head)
    assert span.text == "Foreign Minister Ana Petrova"
    for t in doc:  # whatever the head, a span of the document ending at or after it
        s = speaker_span(doc, t)
        assert s.doc is doc and s.start <= t.i < s.end


def test_sentence_start_is_the_sentence_of_the_character(doc: Doc) -> None:
    text = nlp_mod.doc_text(doc)
    a, sents = nlp_mod.token_arrays(doc), nlp_mod.sentences(doc)
    for char in range(len(text)):
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        expected = span[0].sent.start_char if span is not None and len(span) else None
        assert _sentence_start(a, sents, char) == expected, char


def _slow_speaker_of(cue: Token, lex: CueLexicon) -> Token | None:
    """The Token walk :func:`speaker_of` replaced, kept here as the reference it must agree with."""
    found: Token | None = None
    t = cue
    for _ in range(3):
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            found = subjects[0]
            break
        objs = [o for g in t.children if g.dep_ == "agent" for o in g.children if o.dep_ == "pobj"]
        if objs:
            found = objs[0]
            break
        if t.dep_ not in CLIMB_DEPS:
            break
        t = t.head
    if found is None:
        hearer = cue.lemma_.lower() in lex.addressee_verbs
        deps = {"attr", "npadvmod", "appos"} | (set() if hearer else {"dobj", "dative"})
        found = next((c for c in cue.rights if c.dep_ in deps and c.pos_ in ("PROPN", "NOUN")), None)
    if found is None or not crosses_break(cue.doc, found.i, cue.i):
        return found
    for i in range(cue.i - 1, -1, -1):
        t = cue.doc[i]
        if "\n" in t.text or "\n" in t.whitespace_:
            return None
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return t
    return None


def test_speaker_of_agrees_with_the_token_walk(doc: Doc) -> None:
    lex = load_lexicon()
    for t in doc:  # every token as a cue, whatever its part of speech
        found, slow = speaker_of(t, lex), _slow_speaker_of(t, lex)
        assert (found.i if found is not None else None) == (slow.i if slow is not None else None), t.text
    said = next(t for t in doc if t.text == "said")
    who = speaker_of(said, lex)
    assert who is not None and who.text == "Petrova"


def test_person_entities_are_the_person_ents(doc: Doc) -> None:
    expected = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    assert person_entities(doc) == expected
    assert expected, "the text must name people"


def test_person_entities_follow_the_iob_codes() -> None:
    nlp = nlp_mod.load(stages=())
    doc = nlp.make_doc("Ana Petrova met Oleh Brovko and Kyiv officials")
    doc.set_ents(
        [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "PERSON"), Span(doc, 6, 7, "GPE")],
        default="outside",
    )
    expected = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    assert person_entities(doc) == expected == [(0, 2), (3, 5)]
