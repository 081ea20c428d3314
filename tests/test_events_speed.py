"""The event coder's per-document shortcuts give exactly what the spaCy calls they replace would.

The coder reads heads, children, subtrees and conjuncts through :mod:`tidings.events.tree`, finds trigger
candidates once per document and looks cue contexts up per word (issue 9's speed target); each test
compares a shortcut with the plain spaCy or regular-expression reading on text written for the test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from spacy.tokens import Doc, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.events import context, tree, triggers
from tidings.events.cameo import load_cameo_map
from tidings.events.coder import EventCoder
from tidings.events.lexicon import load_cues, load_lexicon
from tidings.records import EVENT_TYPES, Actor

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
    return parse_text(nlp, TEXT, "speed-1", dt.date(2024, 5, 2))


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


def test_trigger_offsets_and_syntax_tokens_are_read_from_its_tokens(doc: Doc) -> None:
    """A trigger's offsets and argument-bearing tokens are plain attributes set when it is matched;
    they must be what its tokens say."""
    lexicon, cues = load_lexicon(), load_cues()
    found = [t for sent in doc.sents for t in triggers.find_triggers(sent, lexicon, cues)]
    assert found
    for trig in found:
        assert trig.start == min(t.idx for t in trig.tokens)
        assert trig.end == max(t.idx + len(t.text) for t in trig.tokens)
        assert trig.syntax_tokens == tuple(t for t in trig.tokens if t.pos_ not in {"PUNCT", "ADP", "PART"})
    assert any(len(t.tokens) > 1 for t in found)  # "re-captured": a trigger spelt by several tokens
    tree.release()


def test_a_triggers_coding_is_read_once_and_is_its_fresh_reading(doc: Doc) -> None:
    coder = EventCoder(resolve=lambda d, t: [])
    lexicon, cues = coder.lexicon, coder.cues
    found = [t for sent in doc.sents for t in triggers.find_triggers(sent, lexicon, cues)]
    for trig in found:
        first = coder.coding(trig)
        assert coder.coding(trig) is first
        assert first == coder._coding(trig)
        # another trigger object on the same token is read afresh, never handed another's coding
        twin = triggers.Trigger(entry=trig.entry, token=trig.token, tokens=trig.tokens)
        assert coder.coding(twin) is not first
    assert {coder.coding(t).modality for t in found} >= {"asserted", "negated"}  # "would not withdraw"
    tree.release()


WEAPONS = (
    "Rebels fired rockets at the army base on Sunday. Gunmen attacked a convoy near the border and "
    "wounded two drivers, while the air force bombed depots with drones. Police said the attackers fled."
)


def test_weapon_cue_is_the_clauses_cue_else_the_sentences() -> None:
    nlp = nlp_mod.load_base()
    wdoc = parse_text(nlp, WEAPONS, "speed-2", dt.date(2024, 5, 2))
    coder = EventCoder(resolve=lambda d, t: [])
    table = coder.cues.assault_modes
    seen = set()
    for tok in wdoc:
        clause = context.clause_tokens(tok)
        expected = context.cue_mode(table, clause) or context.cue_mode(table, list(tok.sent))
        assert coder._weapon_cue(tok) == expected
        seen.add(expected)
    assert seen - {None}  # rockets, drones: the text names weapons
    tree.release()


def test_cue_contexts_of_a_copied_clause_equal_those_of_the_shared_clause(doc: Doc) -> None:
    """The contexts are kept per shared clause list; a list with the same tokens that is not the
    shared one must give the same contexts (and not another list's)."""
    cues = load_cues()
    for tok in doc:
        clause = context.clause_tokens(tok)
        shared = context.contexts_for((), clause, [], cues)
        copied = context.contexts_for((), list(clause), [], cues)
        assert shared == copied == context._cue_contexts(clause, cues)
    tree.release()


def test_document_candidates_are_the_sentences_candidates_in_order(doc: Doc) -> None:
    """The coder reads the document's candidates to skip sentences holding none; they must be the
    sentences' own candidates, in text order."""
    lexicon, cues = load_lexicon(), load_cues()
    every = triggers.candidate_indices(doc, lexicon, cues)
    assert every == [i for sent in doc.sents for i in triggers._candidates(sent, lexicon, cues)]
    assert every == sorted(every)
    tree.release()


SKIPPED = (
    "Officials from Ankara and Athens met in Brussels on Monday to discuss a ceasefire.\n\n"
    "Thank you.\n\n"
    "- Live updates -\n\n"
    "Ah, well, indeed, yes.\n\n"
    "Greek and Turkish ministers later signed a trade agreement, the foreign ministry said."
)


def test_skipping_sentences_without_candidates_codes_the_same_events() -> None:
    """Reference: every line of every sentence is coded (no skip); the coder's events must be the
    same, and the text must hold a sentence that the skip leaves out."""
    from tidings.events.coder import has_body, is_headline, segments

    nlp = nlp_mod.load_base()
    sdoc = parse_text(nlp, SKIPPED, "speed-3", dt.date(2024, 5, 2))
    coder = EventCoder(resolve=lambda d, t: [])
    coder.require_actor = False
    lexicon, cues = coder.lexicon, coder.cues
    got = [e.model_dump() for e in coder.code(sdoc)]
    text = nlp_mod.doc_text(sdoc)
    sents = list(sdoc.sents)
    assert any(not triggers._candidates(s, lexicon, cues) for s in sents)  # "Thank you.", "Ah, well..."
    body = has_body(sents, text)
    events: list = []  # type: ignore[type-arg]
    unclaimed: list = []  # type: ignore[type-arg]
    for sent in (seg for s in sents for seg in segments(s, text)):
        if not is_headline(sent, text, body):
            coder._code_sentence(sdoc, sent, events, unclaimed)
    tree.release()
    from tidings.events.coder import dedupe

    expected = [e.model_dump() for e in dedupe(events)]
    assert got == expected
    assert got  # "met", "signed": the text reports events


def test_modifier_conjuncts_are_the_conjuncts_of_coordinated_modifiers() -> None:
    """The coordinated ``amod``/``compound`` modifiers' conjuncts, read once per head, are those spaCy
    gives by walking each modifier ("*Russian and US* officials")."""
    from tidings.events.arguments import _modifier_conjuncts

    nlp = nlp_mod.load_base()
    cdoc = nlp(
        nlp_mod.make_doc(
            nlp,
            "Russian and US officials met Turkish and Greek diplomats in Vienna. "
            "French, German and Italian troops left the area.",
            "speed-4",
            dt.date(2024, 5, 2),
        )
    )
    found_any = False
    for tok in cdoc:
        expected = [
            c.i for m in tok.children if m.dep_ in {"amod", "compound"} for c in m.conjuncts
        ]
        got = [c.i for c in _modifier_conjuncts(tok)]
        assert got == expected
        assert [c.i for c in _modifier_conjuncts(tok)] == got  # the memo gives the same
        found_any = found_any or bool(got)
    assert found_any  # "Russian and US officials": a coordinated modifier
    tree.release()


def _clause_by_spacy(tok: Token) -> list[int]:
    """The plain reading of a trigger's clause: climb ``token.head`` to a clause boundary (at most six
    steps), then the boundary's subtree within the token's sentence."""
    t = tok
    for _ in range(6):
        if t.dep_ in context.CLAUSE_BOUNDARIES or t.head.i == t.i:
            break
        t = t.head
    sent = tok.sent
    return [x.i for x in t.subtree if sent.start <= x.i < sent.end]


def test_clauses_read_on_the_arrays_are_the_clauses_read_on_the_tokens(doc: Doc) -> None:
    for tok in doc:
        expected = _clause_by_spacy(tok)
        assert context.clause_indices(doc, tok.i) == expected
        assert [x.i for x in context.clause_tokens(tok)] == expected
    tree.release()


def test_clause_contexts_read_on_the_arrays_equal_those_of_the_clause_tokens(doc: Doc) -> None:
    cues = load_cues()
    military = [Actor(text="the army", code="TUR", sector="MIL", start=0, end=8)]
    found_any = False
    for tok in doc:
        for defaults, actors in (((), []), (("economic",), military)):
            expected = context.contexts_for(defaults, context.clause_tokens(tok), actors, cues)
            assert context.clause_contexts(defaults, doc, tok.i, actors, cues) == expected
            found_any = found_any or bool(expected)
    assert found_any
    tree.release()


def _names_proper_and_plural_nouns(doc: Doc, tok: Token) -> list[Actor]:
    """A stand-in for the actors stage: every proper noun names a state, every plural noun a group."""
    if tok.pos_ == "PROPN":
        return [Actor(text=tok.text, code="TUR", sector="GOV", start=tok.idx, end=tok.idx + len(tok))]
    if tok.tag_ == "NNS":
        return [Actor(text=tok.text, code="UNK", sector="CVL", start=tok.idx, end=tok.idx + len(tok))]
    return []


def test_events_coded_without_unneeded_recipients_equal_those_with_all_arguments(doc: Doc) -> None:
    """The coder reads a trigger's recipients only once it has an actor (named or unidentified); the
    events must be those it makes when handed every trigger's full arguments."""
    coder = EventCoder(resolve=_names_proper_and_plural_nouns)
    lexicon, cues = coder.lexicon, coder.cues
    made = skipped = 0
    for sent in doc.sents:
        triggers_ = list(triggers.independent(triggers.find_triggers(sent, lexicon, cues)))
        heads = frozenset(t.token.i for t in triggers_)
        for trig in triggers_:
            full = coder.arguments.arguments(trig)
            with_all = coder.event_for(doc, sent, trig, args=full, trigger_heads=heads)
            lazily = coder.event_for(doc, sent, trig, trigger_heads=heads)
            assert (lazily and lazily.model_dump()) == (with_all and with_all.model_dump())
            made += lazily is not None
            skipped += lazily is None and not full.actor
    assert made and skipped  # events are made, and some trigger has no actor (its recipients go unread)
    tree.release()
