"""Reading a noun phrase: which knowledge-base phrases it contains, in order.

The resolver never matches single words in isolation: "foreign ministry spokesman", "U.N. Security
Council" and "Vladimir Putin" are looked up as the longest phrase the knowledge base knows, left to right,
over the tokens of the phrase.  A match says what kind of thing it found (entity, person, role,
modifier); :mod:`tidings.actors.resolve` decides what the phrase as a whole denotes.

Speed: the resolver asks about the same tokens many times per document (every noun phrase, its
appositions, its sentence for context).  What the knowledge base knows *starting at* a token does not
depend on the question, so :class:`DocPhrases` works it out once per token and document -- every phrase
ending that matches, longest first -- and each later question only picks the longest ending inside its
own range.  Candidate phrases are read off precomputed token strings (no ``Span`` objects) and only as
far as the longest knowledge-base phrase that begins with the token's word.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.attrs import IDX, IS_TITLE, LENGTH, POS, SPACY
from spacy.symbols import PROPN

from tidings.actors.knowledge import Entry, KnowledgeBase, Person, Role, normalise
from tidings.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Match:
    """A phrase of the knowledge base found over tokens ``start``..``end`` (exclusive) of the doc.

    Matches are shared between the questions asked about one document: treat them as read-only.
    """

    start: int
    end: int
    entries: list[Entry] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    role: Role | None = None
    modifier: str | None = None
    international: bool = False

    @property
    def last(self) -> int:
        return self.end - 1


class DocPhrases:
    """The knowledge-base phrases starting at each token of one document, computed on first ask."""

    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        # a weak reference: the memo lives in a WeakKeyDictionary keyed by the doc, and a strong one
        # would keep every processed doc alive
        self._doc = weakref.ref(doc)
        self.kb = kb
        # one array read instead of a Token object per token (the matcher's main cost otherwise)
        rows = doc.to_array([IDX, LENGTH, SPACY, POS, IS_TITLE]).tolist() if len(doc) else []
        text = doc_text(doc)
        self.texts: list[str] = [text[r[0] : r[0] + r[1]] for r in rows]
        self.spaces: list[str] = [" " if r[2] else "" for r in rows]
        self.named: list[bool] = [r[3] == PROPN or bool(r[4]) for r in rows]
        self._at: dict[int, list[Match]] = {}

    def starting_at(self, i: int) -> list[Match]:
        """Every phrase the knowledge base knows that starts at token ``i``, longest first."""
        found = self._at.get(i)
        if found is None:
            found = self._at[i] = self._compute(i)
        return found

    def longest(self, i: int, hi: int) -> Match | None:
        """The longest phrase starting at ``i`` and ending at or before ``hi`` (exclusive)."""
        for m in self.starting_at(i):
            if m.end <= hi:
                return m
        return None

    def _compute(self, i: int) -> list[Match]:
        kb, texts, spaces = self.kb, self.texts, self.spaces
        reach = kb.reach(texts[i])
        doc = self._doc()
        if reach == 0 or doc is None:
            return []
        top = min(len(texts), i + reach)
        out: list[Match] = []
        text = texts[i]
        named = False
        for j in range(i + 1, top + 1):
            if j > i + 1:
                text = text + spaces[j - 2] + texts[j - 1]
            named = named or self.named[j - 1]
            m = _lookup(doc, i, j, text, kb, named)
            if m is not None:
                out.append(m)
        out.reverse()
        return out


_PHRASES: weakref.WeakKeyDictionary[Doc, DocPhrases] = weakref.WeakKeyDictionary()
"""Per-document phrase memo, held beside the Doc (``user_data`` must stay serialisable)."""


def phrases_of(doc: Doc, kb: KnowledgeBase) -> DocPhrases:
    """The document's phrase memo for ``kb``, built on first use."""
    p = _PHRASES.get(doc)
    if p is None or p.kb is not kb or len(p.texts) != len(doc):
        p = _PHRASES[doc] = DocPhrases(doc, kb)
    return p


def match_tokens(doc: Doc, tokens: list[Token], kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over a contiguous run of ``tokens`` (sorted, any gaps split runs)."""
    out: list[Match] = []
    if not tokens:
        return out
    idx = sorted(t.i for t in tokens)
    lo = prev = idx[0]
    for i in idx[1:]:
        if i != prev + 1:
            out += match_range(doc, lo, prev + 1, kb)
            lo = i
        prev = i
    out += match_range(doc, lo, prev + 1, kb)
    return out


def match_range(doc: Doc, lo: int, hi: int, kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over tokens ``lo``..``hi`` (exclusive) of the doc."""
    phrases = phrases_of(doc, kb)
    out: list[Match] = []
    i = lo
    while i < hi:
        found = phrases.longest(i, hi)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _lookup(doc: Doc, i: int, j: int, text: str, kb: KnowledgeBase, named: bool) -> Match | None:
    """What tokens ``i``..``j`` (whose text is ``text``) are; ``named``: one of them is a proper noun or
    title-cased (people are only looked up then)."""
    m = Match(i, j)
    entries = kb.entity(text)
    # Single lower-case words are only entities when they are adjectives ("russian"): "chad" or "turkey"
    # in lower case are not the countries.
    if entries and j - i == 1 and doc[i].is_lower and not doc[i].like_num:
        entries = [e for e in entries if e.kind == "adjective"] if doc[i].pos_ == "ADJ" else []
    if entries:
        m.entries = entries
    people = kb.person(text) if named else []
    if people:
        m.people = people
    if m.entries or m.people:
        return m
    role = kb.role(text)
    if role is not None:
        m.role = role
        return m
    if j - i == 1:
        key = normalise(text)
        if key in kb.modifiers:
            m.modifier = kb.modifiers[key]
            return m
        if key in kb.international:
            m.international = True
            return m
        # "ex-president": the prefix is its own token in some tokenisations
    return None
