"""The event coder's per-document shortcuts give exactly what the spaCy calls they replace would.

The coder reads heads, children, subtrees and conjuncts through :mod:`tidings.events.tree`, finds trigger
candidates once per document and looks cue contexts up per word (issue 9's speed target); each test
compares a shortcut with the plain spaCy or regular-expression reading on text written for the test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from spacy.tokens import Doc

from tidings import nlp as nlp_mod
from tidings.events import context, tree, triggers
from tidings.events.cameo import load_cameo_map
from tidings.events.coder import EventCoder
from tidings.events.lexicon import load_cues, load_lexicon
from tidings.records import EVENT_TYPES

TEXT = (
    "Turkish and Greek officials met in Ankara on Monday and agreed to resume talks on trade, "
    "while protesters who had gathered outside the ministry demanded the release of detained journalists. "
    "The army said it would not withdraw its troops from the border region unless the rebels laid down "
    "their weapons, and warned that air strikes against fighters hiding in the hills would continue.\n\n"
    "Police re-captured the village after two days of fighting, killing three gunmen and wounding five "
    "civilians, the governor told reporters."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    nlp = nlp_mod.load_base()
    return nlp(nlp_mod.make_doc(nlp, TEXT, "speed-1", dt.date(2024, 5, 2)))


def test_heads_children_subtrees_and_conjuncts_agree_with_spacy(doc: Doc) -> None:
    for tok in doc:
        assert tree.up(tok).i == tok.head.i
        assert [c.i for c in tree.kids(tok)] == [c.i for c in tok.children]
        assert [x.i for x in tree.subtree(tok)] == [x.i for x in tok.subtree]
        assert [x.i for x in tree.conjuncts(tok)] == [x.i for x in tok.conjuncts]
    assert any(tok.conjuncts for tok in doc)  # the text does coordinate (the shortcut is not all empty)
    tree.release()


def test_trigger_candidates_are_the_tokens_whose_lemma_may_key_an_entry(doc: Doc) -> None:
    lexicon, cues = load_lexicon(), load_cues()
    for sent in doc.sents:
        expected = [
            t.i
            for t in sent
            if t.pos_ in {"VERB", "NOUN", "ADJ"} and triggers._may_key(t.lemma_.lower(), lexicon, cues)
        ]
        assert triggers._candidates(sent, lexicon, cues) == expected
    assert triggers._candidates(doc[:], lexicon, cues)  # "met", "agreed", "talks", ... key entries


def _contexts_by_regex(tokens: list, cues) -> list[str]:  # type: ignore[no-untyped-def]
    """The plain reading: search every context's phrases in the clause's words and lemmas."""
    text = " ".join(t.lower_ for t in tokens)
    lemmas = " ".join(t.lemma_.lower() for t in tokens)
    out = []
    for name, phrases in cues.context_cues.items():
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
        pattern = re.compile(r"(?<![\w-])(?:" + alternatives + r")s?(?![\w-])")
        if pattern.search(text) or pattern.search(lemmas):
            out.append(name)
    return out


def test_cue_contexts_looked_up_per_word_match_a_search_of_the_whole_clause(doc: Doc) -> None:
    cues = load_cues()
    found_any = False
    for tok in doc:
        clause = context.clause_tokens(tok)
        got = context._cue_contexts(clause, cues)
        assert got == _contexts_by_regex(clause, cues)
        found_any = found_any or bool(got)
    assert found_any  # "talks on trade" is economic: the comparison is not between two empty lists
    tree.release()


def test_cameo_roots_are_the_same_when_asked_again() -> None:
    cmap = load_cameo_map()
    first = {(e, m): cmap.root_for(e, m) for e in EVENT_TYPES for m in (None, "meet", "sanction")}
    again = {(e, m): cmap.root_for(e, m) for e in EVENT_TYPES for m in (None, "meet", "sanction")}
    assert first == again
    assert all(first[(e, m)] == cmap._root_for(e, m) for e, m in first)


def test_coding_a_document_twice_gives_the_same_events(doc: Doc) -> None:
    """The per-document caches are dropped after each document: a second pass reads the parse again
    and must agree with the first."""
    coder = EventCoder(resolve=lambda d, t: [])
    coder.require_actor = False
    first = [e.model_dump() for e in coder.code(doc)]
    second = [e.model_dump() for e in coder.code(doc)]
    assert first == second
    assert first  # the text reports events
