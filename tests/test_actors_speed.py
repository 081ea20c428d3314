"""The actor stage's shortcuts give what the slow, obvious reading gives (issue 9: speed).

Each test compares a fast path with the spaCy call or token loop it replaces, on text written for it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.actors import knowledge
from tidings.actors import resolve as R
from tidings.actors.phrases import phrases_of
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
    return parse_text(nlp, TEXT, "speed", dt.date(2025, 3, 1))


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
        nlp_mod.token_arrays(doc),
        phrases_of(doc, knowledge()),
        nlp_mod.sentences(doc),
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
        r = R._read(doc, nlp_mod.token_arrays(doc), phrases_of(doc, kb), head.i)
        outside = [t for t in head.sent if not (r.start <= t.i <= head.right_edge.i)]
        assert R._codes_outside(doc, r, kb) == R._codes_in(outside, kb)
        checked += 1
    assert checked > 5


def test_reading_text_and_offsets_are_the_spans(doc: Doc) -> None:
    kb = knowledge()
    for chunk in doc.noun_chunks:
        r = R._read(doc, nlp_mod.token_arrays(doc), phrases_of(doc, kb), chunk.root.i)
        span = doc[r.start : r.head + 1]
        assert (r.text, r.start_char, r.end_char) == (span.text, span.start_char, span.end_char)


def _slow_phrase_start(doc: Doc, head: Token) -> int:
    """Where a mention starts, by Token objects: the pre-modifiers' subtrees, determiners and the like
    trimmed (what the resolver read before it read arrays)."""
    children = list(head.lefts)
    own = [c for c in children if c.dep_ in R.NP_MODIFIERS]
    if head.dep_ in ("compound", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        children += [c for c in head.head.lefts if c.i < head.i and c.dep_ in R.NP_MODIFIERS]
    elif head.dep_ == "conj" and not own and head.pos_ == "NOUN" and head.head.pos_ == "NOUN":
        children += [c for c in head.head.lefts if c.dep_ in R.NP_MODIFIERS]
    left = []
    for child in children:
        if child.dep_ in (*R.DROP_LEFT, "cc", "conj"):
            continue
        left += [t for t in child.subtree if t.dep_ not in ("det", "predet", "punct", "case") or t is child]
    start = min([head.i, *(t.i for t in left if t.dep_ not in ("det", "predet"))])
    while start < head.i and doc[start].dep_ in ("det", "predet", "punct", "cc", "case"):
        start += 1
    return start


def test_phrase_start_is_the_token_reading(doc: Doc) -> None:
    a = nlp_mod.token_arrays(doc)
    for t in doc:
        assert R._phrase_start(a, t.i) == _slow_phrase_start(doc, t), t.text


def test_candidates_are_chunks_entities_and_pronouns(doc: Doc) -> None:
    slow = {c.root.i for c in doc.noun_chunks} | {e.root.i for e in doc.ents}
    slow |= {t.i for t in doc if t.pos_ == "PRON" and t.lower_ in R.PERSON_PRONOUNS | R.GROUP_PRONOUNS}
    assert R._candidate_indices(doc) == sorted(slow)
    assert [t.i for t in R.candidate_heads(doc)] == sorted(slow)


def test_a_phrase_without_knowledge_reads_as_nothing(doc: Doc) -> None:
    kb = knowledge()
    a, ph = nlp_mod.token_arrays(doc), phrases_of(doc, kb)
    skipped = 0
    for t in doc:  # any word: the shortcut is taken for common nouns, proper nouns and "of" objects
        if not R._names_anything(a, ph, t.i):
            r = R._read(doc, a, ph, t.i)
            assert (r.matches, r.person, r.head_entry, r.countries) == ([], None, None, []), t.text
            skipped += 1
    assert skipped >= 3  # "activists", "agreement", "transit" ...


def test_matches_outside_a_phrase_are_the_two_ranges(doc: Doc) -> None:
    # every split of every sentence, including bounds inside multi-word names ("Foreign Minister",
    # "Sergei Lavrov"), where the walk over the whole sentence and the walk over a part differ
    ph = phrases_of(doc, knowledge())
    for sent in doc.sents:
        lo, hi = sent.start, sent.end
        for first in range(lo, hi + 1):
            for after in range(first, hi + 2):
                slow = ph.match_range(lo, min(hi, first)) + ph.match_range(max(lo, after), hi)
                assert ph.match_outside(lo, hi, first, after) == slow, (first, after)


def test_an_unknown_name_is_skipped_only_where_reading_finds_nothing(
    doc: Doc, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = knowledge()
    state = build_state(doc)
    a, ph = nlp_mod.token_arrays(doc), phrases_of(doc, kb)
    names = [t for t in doc if t.pos_ == "PROPN" and t.dep_ != "compound"]
    assert [t.text for t in names if R._unknown_name(a, ph, state, t.i)] == ["Monday"]
    fast = {t.i: R._single(doc, t.i, state, kb, False) for t in doc}
    monkeypatch.setattr(R, "_unknown_name", lambda *args: False)  # always read the phrase
    assert {t.i: R._single(doc, t.i, state, kb, False) for t in doc} == fast


def test_material_after_the_head_is_the_subtree_after_it(doc: Doc) -> None:
    a = nlp_mod.token_arrays(doc)
    for t in doc:
        assert R._after_head(a, t.i) == [d.i for d in t.subtree if d.i > t.i], t.text


def test_phrase_starts_are_the_words_with_reach() -> None:
    kb = knowledge()
    words = ["Russian", "Foreign", "Minister", "Sergei", "Lavrov", "met", "the", "grain", "Russian"]
    assert kb.starts(words) == [i for i, w in enumerate(words) if kb._reach(w)]


def _slow_subject_of_next_clause(conj: Token) -> bool:
    """The check by Token objects (what the resolver read before it read arrays)."""
    doc = conj.doc
    nxt = conj.right_edge.i + 1
    if nxt >= len(doc) or doc[nxt].pos_ not in ("AUX", "VERB"):
        return False
    verb = doc[nxt] if doc[nxt].pos_ == "VERB" else doc[nxt].head
    return (
        verb.pos_ in ("VERB", "AUX")
        and verb.i > conj.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    )


def test_subject_of_next_clause_is_the_token_reading(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The army captured the town and the rebels have vowed to retake it."
    doc = parse_text(nlp, text, "c", dt.date(2025, 3, 1))
    a = nlp_mod.token_arrays(doc)
    assert [R._subject_of_next_clause(a, t.i) for t in doc] == [_slow_subject_of_next_clause(t) for t in doc]
    assert any(R._subject_of_next_clause(a, t.i) for t in doc)  # both branches are compared
