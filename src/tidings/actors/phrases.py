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
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.symbols import ADJ, PROPN

from tidings.actors.knowledge import Entry, KnowledgeBase, Person, Role
from tidings.nlp import token_arrays

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
        # the document's arrays instead of a Token object per token (the matcher's main cost otherwise)
        a = token_arrays(doc)
        self.texts: list[str] = a.words
        self.spaces: list[str] = [" " if space else "" for space in a.space]
        self.named: list[bool] = [pos == PROPN or title for pos, title in zip(a.pos, a.is_title, strict=True)]
        # the tokens a phrase can start at (most cannot): the matcher steps from one to the next
        reach = kb.reach
        self.starts: list[int] = [i for i, word in enumerate(a.words) if reach(word)]
        self._at: dict[int, list[Match]] = {}

    def starting_at(self, i: int) -> list[Match]:
        """Every phrase the knowledge base knows that starts at token ``i``, longest first."""
        found = self._at.get(i)
        if found is None:
            found = self._at[i] = self._compute(i)
        return found

    def any_between(self, lo: int, hi: int) -> bool:
        """Does any phrase start at a token in ``lo``..``hi`` (exclusive)?"""
        starts = self.starts
        for k in range(bisect_left(starts, lo), len(starts)):
            if starts[k] >= hi:
                break
            if self.starting_at(starts[k]):
                return True
        return False

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


_last: DocPhrases | None = None
"""The memo asked for last: questions come in runs about one document, and checking it first spares a
weak-dictionary lookup per question."""


def phrases_of(doc: Doc, kb: KnowledgeBase) -> DocPhrases:
    """The document's phrase memo for ``kb``, built on first use."""
    global _last
    p = _last
    if p is None or p._doc() is not doc:
        p = _PHRASES.get(doc)
    if p is None or p.kb is not kb or len(p.texts) != len(doc):
        p = _PHRASES[doc] = DocPhrases(doc, kb)
    _last = p
    return p


def match_tokens(doc: Doc, tokens: list[Token], kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over a contiguous run of ``tokens`` (sorted, any gaps split runs)."""
    return match_indices(doc, sorted(t.i for t in tokens), kb)


def match_indices(doc: Doc, idx: list[int], kb: KnowledgeBase) -> list[Match]:
    """:func:`match_tokens` over token indices, given in ascending order."""
    out: list[Match] = []
    if not idx:
        return out
    lo = prev = idx[0]
    for i in idx[1:]:
        if i != prev + 1:
            out += match_range(doc, lo, prev + 1, kb)
            lo = i
        prev = i
    out += match_range(doc, lo, prev + 1, kb)
    return out


def match_range(doc: Doc, lo: int, hi: int, kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over tokens ``lo``..``hi`` (exclusive) of the doc.

    Left to right, the longest phrase starting at each token and ending by ``hi``, resuming after it;
    only the tokens a phrase can start at are visited (the others would find nothing).
    """
    phrases = phrases_of(doc, kb)
    starts = phrases.starts
    out: list[Match] = []
    k, n = bisect_left(starts, lo), len(starts)
    while k < n:
        i = starts[k]
        if i >= hi:
            break
        found = phrases.longest(i, hi)
        if found is None:
            k += 1
            continue
        out.append(found)
        k = bisect_left(starts, found.end, k + 1)
    return out


def _lookup(doc: Doc, i: int, j: int, text: str, kb: KnowledgeBase, named: bool) -> Match | None:
    """What tokens ``i``..``j`` (whose text is ``text``) are; ``named``: one of them is a proper noun or
    title-cased (people are only looked up then)."""
    info = kb.phrase_info(text)
    if info is None:
        return None
    m = Match(i, j)
    entries = list(info.entries)
    # Single lower-case words are only entities when they are adjectives ("russian"): "chad" or "turkey"
    # in lower case are not the countries.
    if entries and j - i == 1:
        a = token_arrays(doc)
        if a.is_lower[i] and not a.like_num[i]:
            entries = [e for e in entries if e.kind == "adjective"] if a.pos[i] == ADJ else []
    if entries:
        m.entries = entries
    people = list(info.people) if named else []
    if people:
        m.people = people
    if m.entries or m.people:
        return m
    if info.role is not None:
        m.role = info.role
        return m
    if j - i == 1:
        if info.modifier is not None:
            m.modifier = info.modifier
            return m
        if info.international:
            m.international = True
            return m
        # "ex-president": the prefix is its own token in some tokenisations
    return None
