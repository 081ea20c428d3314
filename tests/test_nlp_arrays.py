"""``tidings.nlp.token_arrays``: the per-document lists the stages read instead of ``Token`` objects
(issue 9: speed) say exactly what spaCy's own accessors say, on text written for the test."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from spacy.tokens import Doc

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod

TEXT = (
    "Kenyan police arrested 12 opposition activists in Nairobi on Monday, a rights group said.\n\n"
    "\"We will not be silenced,\" said Amina Odhiambo, who leads the group.  Foreign Minister Lars "
    "Berg of Norway, speaking in Oslo, urged restraint and called for talks between the government "
    "and its critics."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    nlp = nlp_mod.load(stages=("tidings_entity_ruler",))
    return parse_text(nlp, TEXT, "arrays", dt.date(2025, 5, 1))


def test_arrays_are_the_token_attributes(doc: Doc) -> None:
    a = nlp_mod.token_arrays(doc)
    for t in doc:
        i = t.i
        assert a.words[i] == t.text and a.idx[i] == t.idx and a.end(i) == t.idx + len(t)
        assert a.space[i] == bool(t.whitespace_)
        assert (a.pos[i], a.tag[i], a.dep[i]) == (t.pos, t.tag, t.dep)
        assert (a.lower[i], a.lemma[i]) == (t.lower, t.lemma)
        assert (a.ent_type[i], a.ent_iob[i]) == (t.ent_type, t.ent_iob)
        assert (a.is_title[i], a.is_lower[i], a.like_num[i]) == (t.is_title, t.is_lower, t.like_num)
        assert (a.is_punct[i], a.is_space[i]) == (t.is_punct, t.is_space)
        assert (a.head[i], a.left_edge[i], a.right_edge[i]) == (t.head.i, t.left_edge.i, t.right_edge.i)


def test_tree_walks_are_spacys(doc: Doc) -> None:
    a = nlp_mod.token_arrays(doc)
    for t in doc:
        assert a.lefts(t.i) == [c.i for c in t.lefts]
        assert a.rights(t.i) == [c.i for c in t.rights]
        assert a.subtree(t.i) == sorted(d.i for d in t.subtree)
        assert a.under(t.i, t.head.i) and (t.head.i == t.i or not a.under(t.head.i, t.i))


def test_edges_of_a_non_projective_tree() -> None:
    # "a" hangs on "saw" across "dog": the subtree of "dog" is not the span between its edges
    words = ["dog", "a", "saw", "big", "today"]
    heads = [2, 2, 2, 0, 2]
    deps = ["nsubj", "dobj", "ROOT", "amod", "npadvmod"]
    doc = Doc(nlp_mod.load_base().vocab, words=words, heads=heads, deps=deps)
    a = nlp_mod.token_arrays(doc)
    assert [a.left_edge[t.i] for t in doc] == [t.left_edge.i for t in doc]
    assert [a.right_edge[t.i] for t in doc] == [t.right_edge.i for t in doc]
    assert a.exact_edges  # spaCy finds the true extremes here, though the subtree has a gap
    assert a.subtree(0) == sorted(d.i for d in doc[0].subtree) == [0, 3]
    assert [a.rights(t.i) for t in doc] == [[c.i for c in t.rights] for t in doc]


def test_entities_are_doc_ents(doc: Doc) -> None:
    assert doc.ents  # the text names people, places and groups
    assert nlp_mod.token_arrays(doc).entities() == [(e.start, e.end, e.label) for e in doc.ents]


def test_token_at_is_char_span_expand(doc: Doc) -> None:
    a = nlp_mod.token_arrays(doc)
    text = nlp_mod.doc_text(doc)
    for char in range(len(text) + 2):
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        expected = span[0].i if span is not None and len(span) else None
        assert a.token_at(char) == expected, char


def test_arrays_are_read_once_per_document(doc: Doc) -> None:
    assert nlp_mod.token_arrays(doc) is nlp_mod.token_arrays(doc)
    other = nlp_mod.load_base().make_doc("Another short text.")
    assert nlp_mod.token_arrays(other).words == ["Another", "short", "text", "."]
    assert nlp_mod.token_arrays(doc).words[0] == doc[0].text  # the first document's, not the last one's


def _with_entities(doc: Doc, iob: list[int], types: list[int]) -> nlp_mod.TokenArrays:
    """The document's arrays with the entity codes replaced (as many tokens as ``iob``)."""
    a = nlp_mod.token_arrays(doc)
    return dataclasses.replace(a, words=a.words[: len(iob)], ent_iob=iob, ent_type=types)


def test_entities_follow_spacys_iob_rules(doc: Doc) -> None:
    # B I O B B I: two entities back to back, the second one two tokens long
    assert _with_entities(doc, [3, 1, 2, 3, 3, 1], [7, 7, 0, 8, 9, 9]).entities() == [
        (0, 2, 7), (3, 4, 8), (4, 6, 9)
    ]  # fmt: skip
    # a B without a label opens nothing; an entity running to the end is closed there
    assert _with_entities(doc, [3, 2, 3, 1], [0, 0, 5, 5]).entities() == [(2, 4, 5)]
    assert _with_entities(doc, [], []).entities() == []


def test_an_inside_tag_with_nothing_open_is_an_error(doc: Doc) -> None:
    with pytest.raises(ValueError, match="E093"):
        _with_entities(doc, [2, 1, 2], [0, 4, 0]).entities()


def test_char_range_and_span_root_agree_with_spacy_on_every_span() -> None:
    nlp = nlp_mod.load(stages=("tidings_entity_ruler",))
    text = (
        "Delegates from Kenya and Uganda met in Kampala on Tuesday , and the talks -- which ran late -- "
        "ended without a deal. \"We will return,\" the Ugandan envoy said!  Police in Jinja arrested two men."
    )
    doc = parse_text(nlp, text, "roots", dt.date(2025, 5, 1))
    arrays = nlp_mod.token_arrays(doc)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 8) + 1):
            assert arrays.span_root(start, end) == doc[start:end].root.i, (start, end)
            a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            assert arrays.char_range(a, b) == range(start, end)
            # ends inside the first and last tokens: the same tokens, where both ends are in a text
            found = arrays.char_range(a + 1, b - 1)
            if found is not None:
                span = doc.char_span(a + 1, b - 1, alignment_mode="expand")
                assert span is not None and found == range(span.start, span.end)


def test_subtree_in_order_follows_spacys_subtree_order(doc: Doc) -> None:
    arrays = nlp_mod.token_arrays(doc)
    for tok in doc:
        assert arrays.subtree_in_order(tok.i) == [x.i for x in tok.subtree]


def test_subtree_in_order_follows_spacys_order_in_a_non_projective_parse() -> None:
    """In "Talks were held yesterday on trade", "on trade" hangs on "Talks" across the verb, so
    spaCy's subtree of "held" yields "on trade" before "were held" (its order, not the sorted one)."""
    nlp = nlp_mod.load_base()
    words = ["Talks", "were", "held", "yesterday", "on", "trade", "."]
    heads = [2, 2, 2, 2, 0, 4, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "npadvmod", "prep", "pobj", "punct"]
    crossed = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    arrays = nlp_mod.token_arrays(crossed)
    for tok in crossed:
        assert arrays.subtree_in_order(tok.i) == [x.i for x in tok.subtree]
    held = [x.i for x in crossed[2].subtree]
    assert held != sorted(held)  # the walk is spaCy's, not a sort
