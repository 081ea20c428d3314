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

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from tidings.geo.metonymy import VERB_POS, is_actor_use
from tidings.nlp import TokenArrays, token_arrays
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
    arrays = token_arrays(doc)
    out: dict[int, Place] = {}
    for p in places:
        if p.start is None or p.end is None or is_actor_use(doc, p):
            continue
        tokens = arrays.char_range(p.start, p.end)
        if tokens is None:  # an end in whitespace: spaCy's own alignment rules
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            tokens = range(span.start, span.end)
        for i in tokens:
            out[i] = p
    return out


@dataclass(frozen=True)
class _Ids:
    """The attachment file's words and relations as the numbers the token arrays hold: ``place_for`` is
    asked once per event, and reading the tree off the arrays spares a ``Token`` per child visited."""

    prepositions: frozenset[int]
    links: frozenset[int]


@lru_cache(maxsize=4)
def _ids(att: Attachment) -> _Ids:
    return _Ids(
        prepositions=frozenset(get_string_id(w) for w in att.prepositions),
        links=frozenset(get_string_id(d) for d in att.links),
    )


_PREP, _POBJ, _DOBJ, _ATTR = (get_string_id(d) for d in ("prep", "pobj", "dobj", "attr"))
_LIGHT_VERB_OBJECTS = frozenset(get_string_id(d) for d in ("dobj", "xcomp", "ccomp"))


def _collect(arrays: TokenArrays, root: int, places: dict[int, Place], links: frozenset[int]) -> list[Place]:
    """Places in the phrase headed by token ``root``, breadth first through the linking relations (the
    children in spaCy's order: ``token.children`` is the lefts, then the rights)."""
    found: list[Place] = []
    seen: set[int] = set()
    queue: deque[tuple[int, int]] = deque([(root, 0)])
    dep = arrays.dep
    while queue:
        tok, depth = queue.popleft()
        if tok in seen:
            continue
        seen.add(tok)
        p = places.get(tok)
        if p is not None and all(p is not q for q in found):
            found.append(p)
        if depth >= MAX_DEPTH:
            continue
        for child in (*arrays.lefts(tok), *arrays.rights(tok)):
            if dep[child] in links:
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
    ids = _ids(att)
    arrays = token_arrays(doc)
    dep, head_of = arrays.dep, arrays.head
    t = token.i
    heads = [t]
    if dep[t] in _LIGHT_VERB_OBJECTS and arrays.pos[head_of[t]] in VERB_POS:
        heads.append(head_of[t])  # "held talks in Istanbul": the place hangs off the light verb
    for k, head in enumerate(heads):
        found: list[Place] = []
        takes_object: bool | None = None  # whether the head's lemma is a verb whose object is a place
        for child in (*arrays.lefts(head), *arrays.rights(head)):
            d = dep[child]
            if d == _PREP and arrays.lower[child] in ids.prepositions:
                for obj in (*arrays.lefts(child), *arrays.rights(child)):
                    if dep[obj] == _POBJ:
                        found.extend(_collect(arrays, obj, places, ids.links))
            elif d in (_DOBJ, _ATTR):
                if takes_object is None:
                    takes_object = doc.vocab.strings[arrays.lemma[head]].lower() in att.verbs
                if takes_object:
                    found.extend(_collect(arrays, child, places, ids.links))
        if k == 0 and head in places:
            found.insert(0, places[head])
        best = _best(found)
        if best is not None:
            return best
    return None
