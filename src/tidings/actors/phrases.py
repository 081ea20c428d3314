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
from tidings.nlp import doc_text, token_arrays

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(slots=True)
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
        # the document's arrays instead of a Token object per token (the matcher's main cost otherwise),
        # read as :meth:`_compute` needs them rather than converted for every token up front
        a = token_arrays(doc)
        self.text = doc_text(doc)
        """The document's text (``doc.text``), for the resolver's phrases: read once, not per phrase."""
        self.texts: list[str] = a.words
        self.space, self.pos, self.is_title = a.space, a.pos, a.is_title
        # what a single-word entity needs (:meth:`_match`): a lower-case word is one only as an adjective
        self.is_lower, self.like_num = a.is_lower, a.like_num
        # the tokens a phrase can start at (most cannot): the matcher steps from one to the next
        self.starts: list[int] = kb.starts(a.words)
        self._at: dict[int, list[Match]] = {}
        self._ranges: dict[tuple[int, int], list[Match]] = {}

    def starting_at(self, i: int) -> list[Match]:
        """Every phrase the knowledge base knows that starts at token ``i``, longest first."""
        found = self._at.get(i)
        if found is None:
            found = self._at[i] = self._compute(i)
        return found

    def any_between(self, lo: int, hi: int) -> bool:
        """Does any phrase start at a token in ``lo``..``hi`` (exclusive)?"""
        starts, at = self.starts, self._at
        for k in range(bisect_left(starts, lo), len(starts)):
            i = starts[k]
            if i >= hi:
                break
            # :meth:`starting_at`, its memo read here: this is asked of nearly every noun phrase
            found = at.get(i)
            if found is None:
                found = self.starting_at(i)
            if found:
                return True
        return False

    def match_range(self, lo: int, hi: int) -> list[Match]:
        """Greedy longest-first matching over tokens ``lo``..``hi`` (exclusive).

        Left to right, the longest phrase starting at each token and ending by ``hi``, resuming after it;
        only the tokens a phrase can start at are visited (the others would find nothing).
        """
        starts, at = self.starts, self._at
        out: list[Match] = []
        k, n = bisect_left(starts, lo), len(starts)
        while k < n:
            i = starts[k]
            if i >= hi:
                break
            # the longest phrase starting at ``i`` and ending by ``hi`` (``starting_at`` is longest first),
            # its memo read here: this is the matcher's inner loop
            here = at.get(i)
            if here is None:
                here = self.starting_at(i)
            for m in here:
                if m.end <= hi:
                    out.append(m)
                    k = bisect_left(starts, m.end, k + 1)
                    break
            else:
                k += 1
        return out

    def match_outside(self, lo: int, hi: int, first: int, after: int) -> list[Match]:
        """``match_range(lo, min(hi, first)) + match_range(max(lo, after), hi)``: the matches over
        ``lo``..``hi`` outside the tokens ``first``..``after`` (exclusive), for a sentence and a phrase in it.

        Every phrase of a sentence asks this of the same sentence, so the greedy matches over the whole
        of ``lo``..``hi`` are computed once and both parts are read off them.  The greedy walk is the same
        whether it stops at ``hi`` or earlier until it picks a phrase that crosses the earlier bound, and
        a walk that starts at a token no picked phrase straddles meets the whole walk there; in the two
        cases where that does not hold (a phrase crossing ``first``, or one straddling ``after``) the part
        is matched afresh from the point where the walks part.
        """
        whole = self._ranges.get((lo, hi))
        if whole is None:
            whole = self._ranges[(lo, hi)] = self.match_range(lo, hi)
        out: list[Match] = []
        bound = min(hi, first)
        for m in whole:
            if m.start >= bound:
                break
            if m.end > bound:
                out += self.match_range(m.start, bound)
                break
            out.append(m)
        after = max(lo, after)
        if any(m.start < after < m.end for m in whole):
            out += self.match_range(after, hi)
        else:
            out += [m for m in whole if m.start >= after]
        return out

    def match_indices(self, idx: list[int]) -> list[Match]:
        """:meth:`match_range` over each run of consecutive indices in ``idx`` (ascending)."""
        out: list[Match] = []
        if not idx:
            return out
        lo = prev = idx[0]
        for i in idx[1:]:
            if i != prev + 1:
                out += self.match_range(lo, prev + 1)
                lo = i
            prev = i
        out += self.match_range(lo, prev + 1)
        return out

    def _compute(self, i: int) -> list[Match]:
        texts, space, pos, is_title = self.texts, self.space, self.pos, self.is_title
        reach = self.kb.reach(texts[i])
        if reach == 0:
            return []
        top = min(len(texts), i + reach)
        out: list[Match] = []
        text = texts[i]
        named = False
        for j in range(i + 1, top + 1):
            if j > i + 1:
                text = text + (" " if space[j - 2] else "") + texts[j - 1]
            # a proper noun or a title-case word (people are looked up only in phrases holding one)
            named = named or pos[j - 1] == PROPN or is_title[j - 1]
            m = self._match(i, j, text, named)
            if m is not None:
                out.append(m)
        out.reverse()
        return out

    def _match(self, i: int, j: int, text: str, named: bool) -> Match | None:
        """What tokens ``i``..``j`` (whose text is ``text``) are; ``named``: one of them is a proper noun
        or title-cased (people are only looked up then).  ``None`` where they are nothing the resolver
        uses; each ``Match`` is built once, with its final fields."""
        info = self.kb.phrase_info(text)
        if info is None:
            return None
        entries = list(info.entries)
        # Single lower-case words are only entities when they are adjectives ("russian"): "chad" or
        # "turkey" in lower case are not the countries.
        if entries and j - i == 1 and self.is_lower[i] and not self.like_num[i]:
            entries = [e for e in entries if e.kind == "adjective"] if self.pos[i] == ADJ else []
        people = list(info.people) if named else []
        if entries or people:
            return Match(i, j, entries, people)
        if info.role is not None:
            return Match(i, j, role=info.role)
        if j - i == 1:
            if info.modifier is not None:
                return Match(i, j, modifier=info.modifier)
            if info.international:
                return Match(i, j, international=True)
            # "ex-president": the prefix is its own token in some tokenisations
        return None


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
    return phrases_of(doc, kb).match_indices(idx)


def match_range(doc: Doc, lo: int, hi: int, kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over tokens ``lo``..``hi`` (exclusive) of the doc
    (:meth:`DocPhrases.match_range`)."""
    return phrases_of(doc, kb).match_range(lo, hi)


def _lookup(doc: Doc, i: int, j: int, text: str, kb: KnowledgeBase, named: bool) -> Match | None:
    """What tokens ``i``..``j`` (whose text is ``text``) are, asked one phrase at a time
    (:meth:`DocPhrases._match`): the plain scan the memoised matcher is checked against."""
    return phrases_of(doc, kb)._match(i, j, text, named)
