"""Reading a noun phrase: which knowledge-base phrases it contains, in order.

The resolver never matches single words in isolation: "foreign ministry spokesman", "U.N. Security
Council" and "Vladimir Putin" are looked up as the longest phrase the knowledge base knows, left to right,
over the tokens of the phrase.  A match says what kind of thing it found (entity, person, role,
modifier); :mod:`tidings.actors.resolve` decides what the phrase as a whole denotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.actors.knowledge import Entry, KnowledgeBase, Person, Role, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Match:
    """A phrase of the knowledge base found over tokens ``start``..``end`` (exclusive) of the doc."""

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


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def match_tokens(doc: Doc, tokens: list[Token], kb: KnowledgeBase) -> list[Match]:
    """Greedy longest-first matching over a contiguous run of ``tokens`` (sorted, any gaps split runs)."""
    out: list[Match] = []
    if not tokens:
        return out
    idx = sorted(t.i for t in tokens)
    runs: list[list[int]] = [[idx[0]]]
    for i in idx[1:]:
        if i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        lo, hi = run[0], run[-1] + 1
        i = lo
        while i < hi:
            found: Match | None = None
            if not kb.may_start(doc[i].text):
                i += 1
                continue
            for j in range(min(hi, i + kb.max_words), i, -1):
                text = _text(doc, i, j)
                m = _lookup(doc, i, j, text, kb)
                if m is not None:
                    found = m
                    break
            if found is None:
                i += 1
                continue
            out.append(found)
            i = found.end
    return out


def _lookup(doc: Doc, i: int, j: int, text: str, kb: KnowledgeBase) -> Match | None:
    m = Match(i, j)
    entries = kb.entity(text)
    # Single lower-case words are only entities when they are adjectives ("russian"): "chad" or "turkey"
    # in lower case are not the countries.
    if entries and j - i == 1 and doc[i].is_lower and not doc[i].like_num:
        entries = [e for e in entries if e.kind == "adjective"] if doc[i].pos_ == "ADJ" else []
    if entries:
        m.entries = entries
    people = kb.person(text) if any(t.pos_ == "PROPN" or t.is_title for t in doc[i:j]) else []
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
