"""The actor stage's shortcuts give what the slow, obvious reading gives (issue 9: speed).

Each test compares a fast path with the spaCy call or token loop it replaces, on text written for it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from tidings import nlp as nlp_mod
from tidings.actors import knowledge
from tidings.actors import resolve as R
from tidings.actors.resolve import DocState, Mention, build_state
from tidings.records import Actor

TEXT = (
    "Russian Foreign Minister Sergei Lavrov and his Turkish counterpart met in Ankara on Monday.\n\n"
    "Police in Nairobi arrested 12 opposition activists, a rights group said. They were released "
    "later, and the group's lawyer, who asked not to be named, welcomed it.\n\n"
    "Ukrainian and Polish officials signed an agreement on grain transit through Lviv."
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors"))


@pytest.fixture(scope="module")
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(nlp_mod.make_doc(nlp, TEXT, "speed", dt.date(2025, 3, 1)))


def test_noun_chunk_roots_are_spacys(doc: Doc) -> None:
    assert doc.noun_chunks_iterator is R.english_noun_chunks  # the array path is the one under test
    assert [t.i for t in R._noun_chunk_roots(doc)] == [c.root.i for c in doc.noun_chunks]


def test_chunk_root_is_span_root_for_every_span() -> None:
    # a hand-built tree with a sentence root inside some spans and two outside-headed tokens in others
    words = ["the", "big", "dog", "saw", "a", "cat", "and", "mice"]
    heads = [2, 2, 3, 3, 5, 3, 5, 5]
    deps = ["det", "amod", "nsubj", "ROOT", "det", "dobj", "cc", "conj"]
    doc = Doc(nlp_mod.load_base().vocab, words=words, heads=heads, deps=deps)
    head = [t.head.i for t in doc]
    for start in range(len(doc)):
        for last in range(start, len(doc)):
            assert R._chunk_root(doc, head, start, last) == doc[start : last + 1].root.i


def test_mentions_before_a_token(doc: Doc) -> None:
    state = DocState(
        mentions=[Mention(h, 0, False, False, Actor(text=str(h))) for h in (2, 2, 5, 9)],
    )
    assert [m.head for m in state.before(0)] == []
    assert [m.head for m in state.before(3)] == [2, 2]
    assert [m.head for m in state.before(9)] == [2, 2, 5]
    assert [m.head for m in state.before(10)] == [2, 2, 5, 9]


def test_state_reads_the_date_and_sentences_once(doc: Doc) -> None:
    state = build_state(doc)
    assert state.date == dt.date(2025, 3, 1)
    assert state.sents is not None and list(state.sents.starts) == [s.start for s in doc.sents]


def test_phrase_info_is_what_the_tables_say() -> None:
    kb = knowledge()
    for text in ("Russia", "Vladimir Putin", "foreign ministry", "former", "the Kremlin", "US", "us"):
        info = kb.phrase_info(text)
        found = (kb.entity(text), kb.person(text), kb.role(text))
        if info is None:
            assert found == ([], [], None)
        else:
            assert (list(info.entries), list(info.people), info.role) == found
    assert kb.phrase_info("grain transit") is None
    assert kb.phrase_info("Russia") is kb.phrase_info("Russia")  # memoised


def test_reach_is_memoised_and_unchanged() -> None:
    kb = knowledge()
    assert kb.reach("Foreign") == kb._reach("Foreign") > 0
    assert kb.reach("grain") == kb._reach("grain")


def test_codes_outside_the_phrase_are_the_token_loops(doc: Doc) -> None:
    kb = knowledge()
    build_state(doc)
    checked = 0
    for head in R.candidate_heads(doc):
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        r = R._read(doc, head, kb)
        outside = [t for t in head.sent if not (r.span.start <= t.i <= head.right_edge.i)]
        assert R._codes_outside(doc, r, kb) == R._codes_in(outside, kb)
        checked += 1
    assert checked > 5


def test_span_text_is_spacys(doc: Doc) -> None:
    for chunk in doc.noun_chunks:
        assert R._span_text(chunk) == chunk.text
