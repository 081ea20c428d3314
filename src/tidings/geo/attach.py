"""``place_for``: the place that governs an event trigger.

The events stage asks, for each trigger token, where the event happened.  The answer comes from the parse,
never from mere proximity: a place attached to the trigger by a locative preposition ("met *in* Istanbul")
or, for verbs whose object is a place (capture, shell, visit), its direct object ("re-captured the
village of Nikolsky").  Inside the attached phrase the most specific resolved place wins ("the village of
Nikolsky near the town of Sudzha": Nikolsky if it resolved, else Sudzha; "in Kyiv, Ukraine": Kyiv).

Places used as actors ("Moscow said") are toponyms in ``doc._.places`` but never venues: they are skipped
here (:func:`tidings.geo.metonymy.is_actor_use`); nor are nationality adjectives returned, which hang off
nouns as ``amod`` and are not followed.
"""

from __future__ import annotations

import tomllib
import weakref
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from tidings.geo.metonymy import is_actor_use
from tidings.records import Place

SPECIFICITY: dict[str | None, int] = {"PPL": 5, "ADM2": 4, "ADM1": 3, "RGN": 3, "PCLI": 2, "CONT": 1, None: 0}
MAX_DEPTH = 6


@dataclass(frozen=True)
class Attachment:
    """The parsed attachment knowledge file (``data/attachment.toml``)."""

    version: str
    prepositions: frozenset[str]
    verbs: frozenset[str]
    links: frozenset[str]


@lru_cache(maxsize=1)
def load_attachment() -> Attachment:
    text = resources.files("tidings.geo").joinpath("data/attachment.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Attachment(
        version=str(data["version"]),
        prepositions=frozenset(data["prepositions"]["words"]),
        verbs=frozenset(data["verbs"]["lemmas"]),
        links=frozenset(data["links"]["deps"]),
    )


_TOKEN_PLACES: weakref.WeakKeyDictionary[Doc, tuple[int, dict[int, Place]]] = weakref.WeakKeyDictionary()
"""Per-document memo of :func:`_token_places`: the event coder asks once per event, the answer only
changes if ``doc._.places`` is replaced (the memo is keyed on the list's identity)."""


def _token_places(doc: Doc) -> dict[int, Place]:
    """Token index -> the place whose characters cover it (memoised per document)."""
    places = doc._.places or []
    memo = _TOKEN_PLACES.get(doc)
    if memo is not None and memo[0] == id(places):
        return memo[1]
    out = _index_places(doc, places)
    _TOKEN_PLACES[doc] = (id(places), out)
    return out


def _index_places(doc: Doc, places: list[Place]) -> dict[int, Place]:
    out: dict[int, Place] = {}
    for p in places:
        if p.start is None or p.end is None or is_actor_use(doc, p):
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            out[t.i] = p
    return out


def _collect(root: Token, places: dict[int, Place], links: frozenset[str]) -> list[Place]:
    """Places in the phrase headed by ``root``, breadth first through the linking relations."""
    found: list[Place] = []
    seen: set[int] = set()
    queue: deque[tuple[Token, int]] = deque([(root, 0)])
    while queue:
        tok, depth = queue.popleft()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        p = places.get(tok.i)
        if p is not None and all(p is not q for q in found):
            found.append(p)
        if depth >= MAX_DEPTH:
            continue
        for child in tok.children:
            if child.dep_ in links:
                queue.append((child, depth + 1))
    return found


def _best(found: list[Place]) -> Place | None:
    resolved = [p for p in found if p.lat is not None]
    if not resolved:
        return None
    # most specific feature; among equals, the one nearest the trigger (found first)
    return max(enumerate(resolved), key=lambda ip: (SPECIFICITY.get(ip[1].feature, 0), -ip[0]))[1]


def place_for(doc: Doc, token: Token) -> Place | None:
    """The resolved place governing the event trigger ``token``, or None when the parse attaches none."""
    places = _token_places(doc)
    if not places:
        return None
    att = load_attachment()
    heads = [token]
    if token.dep_ in ("dobj", "xcomp", "ccomp") and token.head.pos_ in ("VERB", "AUX"):
        heads.append(token.head)  # "held talks in Istanbul": the place hangs off the light verb
    for head in heads:
        found: list[Place] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in att.prepositions:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found.extend(_collect(obj, places, att.links))
            elif child.dep_ in ("dobj", "attr") and head.lemma_.lower() in att.verbs:
                found.extend(_collect(child, places, att.links))
        if head.i in places and head is token:
            found.insert(0, places[head.i])
        best = _best(found)
        if best is not None:
            return best
    return None
