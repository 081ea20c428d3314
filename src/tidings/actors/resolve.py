"""Resolve the syntactic head of an argument to the actors it denotes.

The event coder and the quotes stage hand :func:`resolve_token` the head token of a subject, object or
prepositional object.  The resolver reads the noun phrase around it (pre-modifiers, possessives,
appositions, "of"/"from"/"for" phrases, coordination) against the knowledge base and returns one
:class:`~tidings.records.Actor` per actor denoted, or ``[]`` when the phrase is no actor ("land",
"talks", a venue).  Each actor records the ``rule`` that resolved it.

Contract for callers
--------------------
* Pass the head token (``token.head`` chains are not followed upwards).
* A place that is the object of a locative preposition ("talks *in Istanbul*", "a meeting *at* the
  Kremlin") is a venue, never an actor: it returns ``[]`` unless ``venues=True`` is passed, which callers
  use only when they know the place acts (an evaluation handing over a gold span, say).
* Coordinated heads are expanded: the head of "Ukraine and most international observers" returns the
  actors of every conjunct that denotes one.
* Coreference only looks backwards: a pronoun, a surname or "the president" resolves to a person
  mentioned earlier in the document, never later.

Dates: an officeholder is coded by the office held on the document date (``doc._.dct``).  Without a date
(undated gold sentences) the person's most recent office is used.  An explicit title in the text wins
over the tables ("President Bill Clinton" is GOV whatever the date); "former"/"ousted" make it ELI.
"""

from __future__ import annotations

import datetime as dt
import weakref
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.errors import Errors
from spacy.lang.en.syntax_iterators import noun_chunks as english_noun_chunks
from spacy.strings import get_string_id
from spacy.symbols import ADJ, AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Doc

from tidings.actors.cities import cities
from tidings.actors.knowledge import Entry, KnowledgeBase, Office, Person, knowledge, normalise
from tidings.actors.phrases import DocPhrases, Match, match_indices, match_range, phrases_of
from tidings.nlp import Sentences, TokenArrays, doc_text, sentences, token_arrays
from tidings.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within", "outside of", "via"}
)
"""Prepositions whose place object is a venue, not an actor."""

ORIGIN_PREPS = frozenset({"of", "from", "for", "in", "at", "with"})
"""Prepositions whose entity object gives the head its country ("president of Armenia", "rebels in
Darfur", "spokesman for the Ukrainian foreign ministry")."""

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DROP_LEFT = frozenset({"det", "predet", "punct", "aux", "neg", "nummod", "quantmod", "advmod", "prep"})

NP_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod"})
_POBJ = get_string_id("pobj")
"""``token.dep`` of a prepositional object (compared as a number: ``dep_`` builds a string per call)."""
PLACE_KINDS = frozenset({"country", "adjective", "capital", "city", "region", "dependency", "disputed"})


@dataclass
class Mention:
    """An earlier actor mention that later pronouns, surnames and titles may refer back to."""

    head: int
    sent_start: int
    subject: bool
    person: bool
    actor: Actor
    surname: str | None = None


@dataclass
class DocState:
    """What the resolver remembers about a document: every mention so far, in order.

    It also holds what every question about the document needs and cannot change while the stage runs
    -- its token arrays, its phrase memo, the sentence boundaries and the document date -- looked up once
    instead of once per noun phrase.
    """

    arrays: TokenArrays
    phrases: DocPhrases
    sents: Sentences
    date: dt.date | None = None
    mentions: list[Mention] = field(default_factory=list)
    by_head: dict[int, list[Actor]] = field(default_factory=dict)

    def before(self, i: int) -> list[Mention]:
        """The mentions whose head comes before token ``i`` (``mentions`` is in head order)."""
        return self.mentions[: bisect_left(self.mentions, i, key=_mention_head)]


def _mention_head(m: Mention) -> int:
    return m.head


_STATES: weakref.WeakKeyDictionary[Doc, DocState] = weakref.WeakKeyDictionary()
"""Per-document mention state, held beside the Doc (not in ``user_data``, which must stay serialisable)."""


# -- helpers -------------------------------------------------------------------------------------------


def doc_date(doc: Doc) -> dt.date | None:
    """The document date if the pipeline set one (``tidings.nlp.make_doc``), else None (undated)."""
    return getattr(doc._, "dct", None) if doc.has_extension("dct") else None


def _is_venue_at(a: TokenArrays, i: int) -> bool:
    """Is token ``i`` the object of a locative preposition ("in Istanbul", "at the White House")?"""
    if a.dep[i] != _POBJ:
        return False
    prep = a.head[i]
    return a.dep[prep] in _VENUE_PREP_IDS and a.lower[prep] in _LOCATIVE_PREP_IDS


def _ids(*labels: str) -> frozenset[int]:
    """Dependency labels as the numbers ``token.dep`` holds (``dep_`` builds a string per call)."""
    return frozenset(get_string_id(label) for label in labels)


_NP_MODIFIER_IDS = _ids(*NP_MODIFIERS)
_SKIP_LEFT_IDS = _ids(*DROP_LEFT, "cc", "conj")
_SUBTREE_DROP_IDS = _ids("det", "predet", "punct", "case")
_DET_IDS = _ids("det", "predet")
_SPAN_TRIM_IDS = _ids("det", "predet", "punct", "cc", "case")
_FLAT_IDS = _ids("compound", "amod")
_MODIFIER_HEAD_IDS = _ids("compound", "amod", "poss")
_CONJ = get_string_id("conj")
_COMPOUND = get_string_id("compound")
_APPOS = get_string_id("appos")
_APPOS_DROP_IDS = _ids("det", "punct", "relcl")
_POSS = get_string_id("poss")
_DET = get_string_id("det")
_VENUE_PREP_IDS = _ids("prep", "advmod", "agent", "dative")
_NOMINAL_POS = frozenset({NOUN, PROPN})
_NOMINAL_CHUNK_POS = frozenset({NOUN, PROPN, PRON})
_CC = get_string_id("cc")
_PREP = get_string_id("prep")
_PERSON = get_string_id("PERSON")
_PRONOUN_IDS = _ids(*PERSON_PRONOUNS, *GROUP_PRONOUNS)
"""The pronouns as ``token.lower`` hashes (a hash stands for exactly one string)."""
_PERSON_PRONOUN_IDS = _ids(*PERSON_PRONOUNS)
_GROUP_PRONOUN_IDS = _ids(*GROUP_PRONOUNS)
_GROUP_PRONOUN_DEP_IDS = _ids("nsubj", "nsubjpass", "poss")
_SUBJECT_IDS = _ids("nsubj", "nsubjpass")
_NSUBJ = get_string_id("nsubj")
_LOCATIVE_PREP_IDS = _ids(*LOCATIVE_PREPS)
_ORIGIN_PREP_IDS = _ids(*ORIGIN_PREPS)
_PLACE_LABEL_IDS = _ids(*PLACE_LABELS)
_ORIGIN_LABEL_IDS = _ids("NORP", "GPE", "LOC", "ORG")
_PERSON_PLACE_IDS = _ids("PERSON", *PLACE_LABELS)
_VERB_POS = frozenset({AUX, VERB})
_CLAUSE_SUBJECT_IDS = _ids("nsubj", "nsubjpass", "expl")
_COORDINATORS = _ids("and", "or", "&")
_DEFINITE = _ids("the", "this", "that")


# -- the parse as token indices (tidings.nlp.token_arrays): no Token object per question ---------------


def _phrase_start(a: TokenArrays, h: int) -> int:
    """Where the mention headed by ``h`` starts: its first pre-modifier (possessives, adjectives,
    compounds, titles; determiners dropped), then past any determiner, punctuation, coordinator or
    case marker.

    Flat noun phrases share modifiers: in "Israeli police officers" the "Israeli" hangs on "officers"
    but applies to "police" as well; in "Israeli helicopters and tanks" a bare conjunct shares the
    first conjunct's modifiers.
    """
    dep, pos = a.dep, a.pos
    hh = a.head[h]
    kids = a.lefts(h)  # shared: extended below only as a new list
    if dep[h] in _FLAT_IDS and pos[hh] in _NOMINAL_POS:
        kids = kids + [c for c in a.lefts(hh) if c < h and dep[c] in _NP_MODIFIER_IDS]
    elif (
        dep[h] == _CONJ
        and pos[h] == NOUN
        and pos[hh] == NOUN
        and not any(dep[c] in _NP_MODIFIER_IDS for c in kids)
    ):
        kids = kids + [c for c in a.lefts(hh) if dep[c] in _NP_MODIFIER_IDS]
    start = h
    left_kids, right_kids = a.left_kids, a.right_kids
    for c in kids:
        if dep[c] in _SKIP_LEFT_IDS:
            continue
        if not left_kids[c] and not right_kids[c]:
            # a leaf's subtree is the leaf alone: the loop below, without building it
            if c < start and dep[c] not in _DET_IDS:
                start = c
            continue
        # the first token of the child's subtree that is kept: the child itself unless a determiner,
        # its descendants unless determiners, punctuation or case markers
        for d in a.subtree(c):
            if d >= start:
                break
            dd = dep[d]
            if dd not in _DET_IDS and (d == c or dd not in _SUBTREE_DROP_IDS):
                start = d
                break
    while start < h and dep[start] in _SPAN_TRIM_IDS:
        start += 1
    return start


def _name_run(a: TokenArrays, i: int) -> tuple[int, int]:
    """The run of proper-noun tokens around ``i`` (a full personal name)."""
    pos, ent = a.pos, a.ent_type
    label = ent[i]
    start = i
    while start > 0 and pos[start - 1] == PROPN and ent[start - 1] == label:
        start -= 1
    end = i + 1
    n = len(pos)
    while end < n and pos[end] == PROPN and ent[end] == label:
        end += 1
    return start, end


@lru_cache(maxsize=512)
def _iso3(code: str) -> str:
    """The geoparser's country code as the knowledge base writes it (ISO-3, Kosovo as KOS); cached, as
    pycountry's tables do not change while the process runs."""
    if len(code) == 2:
        import pycountry

        c = pycountry.countries.get(alpha_2=code)
        code = c.alpha_3 if c else code
    return "KOS" if code == "XKX" else code


def _place_country(doc: Doc, start_char: int, text: str, kb: KnowledgeBase) -> str | None:
    """The country of a place the knowledge base does not name (the phrase ``text``, starting at
    character ``start_char``): the geoparser's result, else the city table."""
    places = getattr(doc._, "places", None) if doc.has_extension("places") else None
    for p in places or []:
        if p.start is not None and p.start <= start_char < (p.end or p.start + 1) and p.country:
            code = _iso3(p.country)
            return code if kb.country(code) else None
    found = cities().get(normalise(text))
    return found[1] if found and kb.country(found[1]) else None


DOMINANT_SHARE = 2 / 3
"""A document is "about" a state when at least this share of its place mentions are in that state (a
bilateral story, three mentions to two, is about neither)."""

_DOC_COUNTRY: weakref.WeakKeyDictionary[Doc, tuple[str | None]] = weakref.WeakKeyDictionary()


def document_country(doc: Doc, kb: KnowledgeBase | None = None) -> str | None:
    """The state the document is about, when one clearly dominates its place mentions; else None.

    Counted: every state, demonym, capital, city and region the knowledge base names, and every place the
    geoparser placed in a country (venues included: "police in Garissa" is a Kenyan story).  Wire copy
    names its country early and then writes "police", "protesters", "the president" without it; the
    resolver falls back on this only when the phrase and its sentence name no state at all.
    """
    cached = _DOC_COUNTRY.get(doc)
    if cached is not None:
        return cached[0]
    kb = kb or knowledge()
    counts: Counter[str] = Counter()
    covered: set[int] = set()
    idx = token_arrays(doc).idx
    for m in match_range(doc, 0, len(idx), kb):
        for e in m.entries[:1]:
            if e.kind in PLACE_KINDS and kb.country(e.code) is not None:
                counts[e.code] += 1
                covered.add(idx[m.start])
    places = getattr(doc._, "places", None) if doc.has_extension("places") else None
    for p in places or []:
        if p.country and p.start not in covered:
            code = _iso3(p.country)
            if kb.country(code) is not None:
                counts[code] += 1
    found: str | None = None
    if counts:
        code, n = counts.most_common(1)[0]
        if n / sum(counts.values()) >= DOMINANT_SHARE:
            found = code
    _DOC_COUNTRY[doc] = (found,)
    return found


BIG_CITY = 200_000
"""A lone "name" that is a city this large, with no title, is read as the city (the small model tags
"Astrakhan" as a person)."""


def _big_city(text: str, kb: KnowledgeBase) -> str | None:
    found = cities().get(normalise(text))
    return found[1] if found and found[0] >= BIG_CITY and kb.country(found[1]) else None


# -- the resolver --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Reading:
    """What one noun phrase says, before it is turned into actors.

    The phrase is tokens ``start``..``head`` (inclusive) of ``doc``, held as indices and character
    offsets rather than a ``Span`` and a ``Token``: most phrases are read and dropped, and the objects
    would be built for every one of them.
    """

    doc: Doc
    arrays: TokenArrays
    """The document's arrays and phrase memo, looked up once per reading rather than once per question."""
    phrases: DocPhrases
    start: int
    head: int
    start_char: int
    end_char: int
    matches: list[Match]
    countries: list[tuple[Match, Entry]] = field(default_factory=list)
    head_entry: Entry | None = None
    head_match: Match | None = None
    person: Person | None = None
    name: str | None = None
    roles: list[Match] = field(default_factory=list)
    modifier_sectors: list[str] = field(default_factory=list)
    international: bool = False
    coordinated_countries: bool = False
    possessor: int | None = None
    owner: Person | None = None
    ethnic: bool = False
    from_document: bool = False
    """Set when the country came from :func:`document_country` (the rule says "+document")."""

    @property
    def text(self) -> str:
        """The phrase's text (``doc[start : head + 1].text``)."""
        return self.phrases.text[self.start_char : self.end_char]


def _read(
    doc: Doc, a: TokenArrays, phrases: DocPhrases, h: int, date: dt.date | None = None
) -> _Reading:
    """The reading of the phrase headed by token ``h``; ``a`` and ``phrases`` are the document's arrays
    and phrase memo (for the knowledge base ``phrases.kb``), which the caller has at hand."""
    kb = phrases.kb
    dep = a.dep
    start = _phrase_start(a, h)
    # Names may run past the head ("Movement for the ... of Biafra", "Liberation Tigers of Tamil Eelam"):
    # match over the whole phrase but keep only what starts at or before the head.
    matches = phrases.match_range(start, a.right_edge[h] + 1)  # a new list, in start order
    if matches and matches[-1].start > h:
        matches = [m for m in matches if m.start <= h]
    # Appositions ("Dmitry Peskov, the Kremlin spokesman") contribute their phrase too.
    for c in a.right_kids[h]:
        if dep[c] == _APPOS:
            extra = [d for d in a.subtree(c) if dep[d] not in _APPOS_DROP_IDS]
            matches += phrases.match_indices(extra)
    kept: list[Match] = []  # the matches that are not negated or part of a personal name
    r = _Reading(doc, a, phrases, start, h, a.idx[start], a.end(h), kept)
    lower = a.lower
    for c in a.left_kids[h]:
        if dep[c] == _POSS and lower[c] in _PRONOUN_IDS:
            r.possessor = c
    head_person = a.ent_type[h] == _PERSON
    for m in matches:
        # only entity matches can be negated or a personal name: test ``entries`` before calling either
        if m.entries and (_negated(a, m, kb) or _personal_name(a, m)):
            continue
        kept.append(m)
        covers_head = m.start <= h < m.end
        if m.people and not m.entries:
            run = _name_run(a, m.last)
            # an alias must be the whole name: "Sharon" alone, not the "Sharon" of "Sharon Stone"
            if (run[0] >= m.start and run[1] <= m.end) or run == (m.start, m.end):
                if covers_head or (run[0] <= h < run[1]):
                    r.person = _pick_person(m.people, date)
                    r.name = r.person.name
                else:
                    # "Putin's spokesman", "the Biden administration": the person owns the head
                    r.owner = _pick_person(m.people, date)
                continue
        if m.entries:
            entry = _pick_entry(m.entries)
            if covers_head and not (m.people and r.person is None and head_person):
                r.head_entry, r.head_match = entry, m
            else:
                r.countries.append((m, entry))
        elif m.role is not None:
            r.roles.append(m)
        elif m.modifier == "ETHNIC":
            r.ethnic = True
        elif m.modifier is not None:
            r.modifier_sectors.append(m.modifier)
        elif m.international:
            r.international = True
    # coordination inside the pre-modifiers: "Russian and US officials"
    if len(r.countries) > 1 and len({e.code for _, e in r.countries}) > 1 and any(
        dep[t] == _CC and lower[t] in _COORDINATORS for t in range(start, h + 1)
    ):
        r.coordinated_countries = True
    # unknown personal names keep their text
    if r.person is None and a.pos[h] == PROPN and r.head_entry is None and not _head_is_role(r, h):
        first, end = _name_run(a, h)
        covered = {i for m in kept if m.role or m.entries for i in range(m.start, m.end)}
        name_tokens = [i for i in range(first, end) if i not in covered]
        if name_tokens and (head_person or r.roles):
            r.name = " ".join(a.words[i] for i in name_tokens)
            if len(name_tokens) == 1 and not r.roles and not r.countries and _big_city(r.name, kb):
                r.name = None  # a mislabelled city: resolved as a place below
    return r


def _names_anything(a: TokenArrays, phrases: DocPhrases, h: int) -> bool:
    """Could :func:`_read` keep a knowledge-base phrase for ``head``?  False only when none starts
    where its reading keeps one: from the head's first pre-modifier (or, for a flat modifier or a
    conjunct, the first pre-modifier of the word it hangs on, whose modifiers it shares) to the head
    itself -- the reading drops phrases starting after the head -- or inside an apposition.

    Without such a phrase, a head that is neither a proper noun nor a pronoun reads as nothing: no
    person, entity, role or name, hence no actor (the "of" phrases and the sentence are only consulted
    for a role word).  Most noun phrases ("the talks", "positions near the border", "food") are such,
    and this answers for them from the phrase memo without reading them.
    """
    lo = a.left_edge[h]
    if a.dep[h] in _FLAT_IDS or a.dep[h] == _CONJ:
        lo = min(lo, a.left_edge[a.head[h]])
    if phrases.any_between(lo, h + 1):
        return True
    for c in a.right_kids[h]:  # a loop, not ``any(...)``: asked of nearly every noun phrase
        if a.dep[c] == _APPOS and phrases.any_between(a.left_edge[c], a.right_edge[c] + 1):
            return True
    return False


def _after_head(a: TokenArrays, h: int) -> list[int]:
    """``[d for d in a.subtree(h) if d > h]``: the head's right-hand material ("students *throughout
    Indonesia*").  Where the edges are exact, a head that is its subtree's last token has none, and
    the subtree is not built."""
    if a.exact_edges and a.right_edge[h] == h:
        return []
    return [d for d in a.subtree(h) if d > h]


def _unknown_name(a: TokenArrays, phrases: DocPhrases, state: DocState, h: int) -> bool:
    """Is the proper noun ``h`` (no compound) certain to resolve to nothing, as "Friday" in "on Friday"?

    What :func:`_single` would find by reading it: with no knowledge-base phrase in reach
    (:func:`_names_anything`) the reading holds no person, entity or role, and a proper noun is then an
    actor only as a person's name (a PERSON entity), a place (a place entity, or a big city by its
    text), or a surname seen before.  When none of these can apply, the reading is skipped.
    """
    if a.ent_type[h] in _PERSON_PLACE_IDS or _names_anything(a, phrases, h):
        return False
    key = normalise(a.words[h])
    if any(m.person and m.surname == key for m in state.before(h)):
        return False
    return _big_city(phrases.text[a.idx[_phrase_start(a, h)] : a.end(h)], phrases.kb) is None


def _negated(a: TokenArrays, m: Match, kb: KnowledgeBase) -> bool:
    """ "anti-Syria journalist": the entity after anti- is what the actor opposes, not its country."""
    if not m.entries:
        return False
    words = a.words
    i = m.start - 1
    if i >= 0 and words[i] == "-":
        i -= 1
    return m.entries != [] and i >= 0 and normalise(words[i]) in kb.negators


def _personal_name(a: TokenArrays, m: Match) -> bool:
    """An ethnic group's name that begins someone's full name here: the "Karen" of "Karen Bass"."""
    # the first entry decides most cases without the ``all`` walk
    if not m.entries or m.entries[0].kind != "ethnic" or not all(e.kind == "ethnic" for e in m.entries):
        return False
    return (
        a.ent_type[m.start] == _PERSON
        and m.end < len(a.pos)
        and a.ent_iob[m.end] == 1  # "I"
        and a.pos[m.end] == PROPN
    )


def _pick_person(people: list[Person], date: dt.date | None) -> Person:
    """Two people share an alias ("Bush"): the one in office on the date, else the first listed."""
    if date is not None:
        for p in people:
            if any(o.holds_on(date) for o in p.offices):
                return p
    return people[0]


_ENTRY_ORDER = {
    "disputed": 0,
    "org": 1,
    "metonym": 1,
    "country": 2,
    "capital": 3,
    "adjective": 4,
    "ethnic": 4,
    "dependency": 5,
    "city": 6,
    "region": 7,
}


def _entry_rank(e: Entry) -> int:
    return _ENTRY_ORDER.get(e.kind, 9)


def _pick_entry(entries: list[Entry]) -> Entry:
    """Where a name is both (Georgia the state and ... ), prefer organisations, then states.

    ``min`` returns the first of the best-ranked entries, as the stable ``sorted(...)[0]`` did.
    """
    return entries[0] if len(entries) == 1 else min(entries, key=_entry_rank)


def _head_is_role(r: _Reading, h: int) -> bool:
    return any(m.start <= h < m.end for m in r.roles)


def _role_sector(r: _Reading, kb: KnowledgeBase, date: dt.date | None) -> tuple[str | None, Match | None]:
    """The sector the phrase's role words give: the role nearest the head, generic roles inheriting."""
    if not r.roles:
        return None, None
    head_role = r.roles[0] if len(r.roles) == 1 else max(r.roles, key=lambda m: m.end)
    sector = head_role.role.sector if head_role.role else None
    if head_role.role is not None and head_role.role.generic:
        # a generic role takes its sector from a body or organisation before it
        for m in sorted(r.roles, key=lambda m: -m.end):
            if m is head_role or m.role is None:
                continue
            if not m.role.generic and m.role.sector:
                return m.role.sector, head_role
        for _m, e in r.countries:
            s = e.sector_on(date)
            if e.kind in ("org", "metonym") and s:
                return ("GOV" if s == "PRE" else s), head_role
        for s in r.modifier_sectors:
            if s in ("REB", "OPP"):
                return s, head_role
    return sector, head_role


def _modifier_override(r: _Reading, sector: str | None) -> tuple[str | None, str | None]:
    """ "former"/"ousted" -> ELI, "opposition" -> OPP, "rebel" -> REB; returns (sector, why)."""
    if not r.modifier_sectors:  # most phrases: nothing to look for
        return sector, None
    for s in ("ELI", "REB", "OPP"):
        if s in r.modifier_sectors:
            return s, s.lower()
    return sector, None


def _sents(doc: Doc, state: DocState | None) -> Sentences:
    """The sentence boundaries the document's state holds, else read now."""
    if state is not None:
        return state.sents
    return sentences(doc)


_validate_actor = Actor.__pydantic_validator__.validate_python
"""``Actor(**fields)`` for a dict of fields: the model's own pydantic validation (what ``Actor(...)`` and
``Actor.model_validate`` run, and the same instance, fields set included), without ``BaseModel.__init__``'s
Python frame and keyword packing, which cost more than validating these nine plain fields.  The stage
builds an actor for nearly every phrase it reads."""


def _actor(
    r: _Reading,
    *,
    code: str,
    sector: str | None,
    rule: str,
    name: str | None = None,
    wikidata: str | None = None,
    office: str | None = None,
) -> Actor:
    fields = {
        "text": r.text,
        "name": name,
        "code": code,
        "sector": sector,
        "wikidata": wikidata,
        "start": r.start_char,
        "end": r.end_char,
        "office": office,
        "rule": rule,
    }
    actor: Actor = _validate_actor(fields)
    return actor


def _origin_countries(r: _Reading, kb: KnowledgeBase) -> list[Entry]:
    """Entities in "of"/"from"/"for"/"in" phrases after the head ("president of Armenia")."""
    out: list[Entry] = []
    doc, a = r.doc, r.arrays
    for prep in a.rights(r.head):
        if a.dep[prep] != _PREP or a.lower[prep] not in _ORIGIN_PREP_IDS:
            continue
        for pobj in (*a.lefts(prep), *a.rights(prep)):
            if a.dep[pobj] != _POBJ:
                continue
            if a.ent_type[pobj] not in _PLACE_LABEL_IDS and not _names_anything(a, r.phrases, pobj):
                continue  # no phrase of the tables and no place: its reading would give nothing below
            sub = _read(doc, a, r.phrases, pobj)
            if sub.head_entry is not None:
                out.append(sub.head_entry)
            elif sub.countries:
                out.append(sub.countries[0][1])
            elif sub.person is None and a.ent_type[pobj] in _PLACE_LABEL_IDS:
                code = _place_country(doc, sub.start_char, sub.text, kb)
                if code:
                    c = kb.country(code)
                    if c:
                        out.append(c)
    return out


def _pronoun(doc: Doc, i: int, state: DocState) -> list[Actor]:
    """he/she -> the latest person, preferring subjects; it/they -> a group subject of the same sentence
    (the pronoun is token ``i``)."""
    a = state.arrays
    earlier = state.before(i)
    lower = a.lower[i]
    start_char, end_char = a.idx[i], a.end(i)
    sent_start = state.sents.start_of(i)
    if lower in _PERSON_PRONOUN_IDS:
        people = [m for m in earlier if m.person]
        if not people:
            return []
        same = [m for m in people if m.sent_start == sent_start]
        pick = None
        if same:
            subj = [m for m in same if m.subject]
            pick = (subj or same)[-1]
        else:
            last_sent = max(m.sent_start for m in people)
            cands = [m for m in people if m.sent_start == last_sent]
            subj = [m for m in cands if m.subject]
            pick = (subj or cands)[-1]
        return [_copy(pick.actor, doc, start_char, end_char, "pronoun_coref")]
    if lower in _GROUP_PRONOUN_IDS and a.dep[i] in _GROUP_PRONOUN_DEP_IDS:
        same = [m for m in earlier if m.sent_start == sent_start and not m.person and m.subject]
        if same:
            return [_copy(same[-1].actor, doc, start_char, end_char, "pronoun_coref")]
    return []


def _copy(actor: Actor, doc: Doc, start_char: int, end_char: int, rule: str) -> Actor:
    """``actor`` said again by the text between characters ``start_char`` and ``end_char``."""
    text = doc_text(doc)[start_char:end_char]
    return actor.model_copy(update={"text": text, "start": start_char, "end": end_char, "rule": rule})


def _person_actor(r: _Reading, date: dt.date | None, kb: KnowledgeBase) -> Actor:
    """A person from the tables, coded by the office held on the date; titles in the text win."""
    person = r.person
    assert person is not None
    role_sector, role_match = _role_sector(r, kb, date)
    explicit = [e for _, e in r.countries if e.kind != "org" or e.code in ("UNO", "EUR", "IGO")]
    office: Office | None = person.office_on(date)
    rule = "person_table"
    if office is not None:
        code, sector, title = office.code, office.sector, office.title
    elif role_match is not None:
        last = person.last_before(date) if date else None
        code = (last or person.latest()).code
        a = r.arrays
        sector, title = role_sector, r.phrases.text[a.idx[role_match.start] : a.end(role_match.last)]
        rule = "person_table+title"
    else:
        last = person.last_before(date) if date else None
        base = last or person.latest()
        code, sector, title = base.code, "ELI", f"former {base.title}"
        rule = "person_table_former"
    if explicit and explicit[0].code != code and office is None:
        code = explicit[0].code
    title_role = role_match.role if role_match is not None else None
    if title_role is not None and title_role.person and not title_role.generic and title_role.sector:
        # the text's own title wins over the tables ("General Michel Aoun" -> MIL, "former ..." -> ELI)
        if title_role.sector != sector:
            rule += "+title"
        sector = title_role.sector
    sector, why = _modifier_override(r, sector)
    if why:
        rule += f"+{why}"
    return _actor(
        r, code=code, sector=sector, rule=rule, name=person.name, wikidata=person.wikidata, office=title
    )


def _nominal_coref(r: _Reading, state: DocState, role_match: Match) -> Actor | None:
    """ "the president", "the Russian leader": the latest earlier person whose office fits."""
    # the tests are independent (each answers None): the cheapest go first
    role = role_match.role
    if role is None or not role.person or r.name or r.person:
        return None
    a = r.arrays
    h = r.head
    if a.pos[h] == PROPN:
        return None
    for t in a.left_kids[h]:  # a definite determiner ("the president"), else no coreference
        if a.dep[t] == _DET and a.lower[t] in _DEFINITE:
            break
    else:
        return None
    if any(a.dep[c] == _PREP and a.lower[c] in _ORIGIN_PREP_IDS for c in a.rights(h)):
        return None  # "the president of Armenia" names its own country
    want_code = r.countries[0][1].code if r.countries else None
    word = normalise(role.phrase)
    for m in reversed(state.before(h)):
        if not m.person or m.actor.name is None:
            continue
        if want_code and m.actor.code != want_code:
            continue
        if role.generic or (m.actor.office and word in normalise(m.actor.office)):
            return _copy(m.actor, r.doc, r.start_char, r.end_char, "title_coref")
    return None


def _single(doc: Doc, i: int, state: DocState, kb: KnowledgeBase, venues: bool) -> list[Actor]:
    """The actors one conjunct, headed by token ``i``, denotes."""
    a, phrases = state.arrays, state.phrases
    pos, dep = a.pos[i], a.dep[i]
    if pos == PRON or a.lower[i] in _PRONOUN_IDS:
        return _pronoun(doc, i, state)
    if not venues and _is_venue_at(a, i) and (a.ent_type[i] in _PLACE_LABEL_IDS or pos == PROPN):
        return []
    if pos != PROPN and dep != _COMPOUND and not _names_anything(a, phrases, i):
        return []  # a common noun (or number...) whose phrase holds nothing the knowledge base knows
    if pos == PROPN and dep != _COMPOUND and _unknown_name(a, phrases, state, i):
        return []  # "on Friday": a proper noun that is no one's name, no place, nothing the tables know
    up = a.head[i]
    if dep == _COMPOUND and up > i:
        info = kb.phrase_info(doc_text(doc)[a.idx[i] : a.end(up)])
        if info is not None and info.entries:
            # "Saudi" of "Saudi Arabia": part of a longer name, which is what the caller means
            return _single(doc, up, state, kb, venues)
    date = state.date
    r = _read(doc, a, phrases, i, date)
    if (
        dep == _COMPOUND
        and r.head_entry is not None
        and r.head_entry.kind in ("city", "region", "capital")
        and kb.role(a.words[up]) is None
    ):
        return []  # "the Istanbul talks", "the Kherson offensive": where, not who

    # 1. a person the tables know
    if r.person is not None:
        return [_person_actor(r, date, kb)]

    # a surname (or any name) seen before in full: "Halek said" after "minister Tomas Halek"
    if pos == PROPN and r.head_entry is None and not r.roles:
        key = normalise(a.words[i])
        for m in reversed(state.before(i)):
            if m.person and m.surname == key:
                return [_copy(m.actor, doc, r.start_char, r.end_char, "surname_coref")]

    role_sector, role_match = _role_sector(r, kb, date)
    head_is_role = role_match is not None and role_match.start <= i < role_match.end

    # 2. the head names an entity: a state, a capital, an organisation, a disputed territory
    if r.head_entry is not None and not head_is_role:
        e = r.head_entry
        states = [
            x for _, x in r.countries if x.kind in ("country", "adjective", "capital") and x.code != e.code
        ]
        if e.kind == "org" and e.code in ("UNO", "EUR", "IGO") and states:
            # "Russia's Security Council", "the Georgian parliament": a generic body name owned by a state
            return [_actor(r, code=states[0].code, sector=e.sector_on(date), rule="org+state")]
        forced = venues and _is_venue_at(a, i)
        return [_entity_actor(doc, r, e, date, kb, forced)]

    # 3. a role word, or a named person with a title: country from the phrase, sector from the role
    if role_match is not None or r.name:
        if role_match is not None:
            coref = _nominal_coref(r, state, role_match)
            if coref is not None:
                return [coref]
        return _role_actors(doc, r, role_sector, role_match, state, kb, date)

    # 4. a place the knowledge base does not name, acting ("Kharkiv was shelled"): its people
    if pos == PROPN and (a.ent_type[i] in _PLACE_LABEL_IDS or _big_city(r.text, kb)):
        code = _place_country(doc, r.start_char, r.text, kb)
        if code:
            return [_actor(r, code=code, sector="CVL", rule="place_population", name=r.text)]
    return []


_ENTITY_RULES = {
    "country": "country",
    "capital": "capital_metonym",
    "metonym": "government_metonym",
    "city": "place_population",
}
"""The rule an entity's kind gives its actor (any other kind names its own rule)."""


def _entity_actor(
    doc: Doc, r: _Reading, e: Entry, date: dt.date | None, kb: KnowledgeBase, forced_venue: bool = False
) -> Actor:
    sector = e.sector_on(date)
    code = e.code
    rule = _ENTITY_RULES.get(e.kind, e.kind)
    if e.kind == "city":
        sector = "CVL"  # a city acts through its people ("Kharkiv came under fire")
    if e.kind == "ethnic":
        return _ethnic_actor(doc, r, e, kb)
    if e.kind == "adjective":
        # "the Russians", "Palestinians": the people of the country
        # "the Russians", "a Palestinian was wounded": a demonym standing as a noun is a person or people
        a = r.arrays
        as_noun = a.pos[r.head] in _NOMINAL_POS and a.dep[r.head] not in _MODIFIER_HEAD_IDS
        sector = "CVL" if as_noun else None
        rule = "demonym"
        others = [x for _, x in r.countries if x.code != e.code]
        others += [x for x in _origin_countries(r, kb) if x.code != e.code]
        if others:
            # "Bosnian Serbs", "Iraqi Kurds": an ethnic group, coded by the state it lives in
            code, rule = others[0].code, "demonym+residence"
        elif r.ethnic:
            # "ethnic Albanians": the group, coded by the state the phrase or sentence places it in
            ctx = _context_country(doc, r, kb, exclude=e.code)
            if ctx is not None:
                code, rule = ctx, "demonym+ethnic_context"
    if forced_venue and e.kind in ("capital", "city", "country", "region"):
        # a caller said this venue acts ("shells fell on central Baghdad"): its people
        sector, rule = "CVL", "venue_population"
    sector, why = _modifier_override(r, sector)
    if why:
        rule += f"+{why}"
    if "PRE" in r.modifier_sectors and e.kind != "disputed":
        sector = "PRE"
    name = e.name
    qid = e.wikidata if e.kind in ("country", "org", "metonym", "disputed") else None
    return _actor(r, code=code, sector=sector, rule=rule, name=name, wikidata=qid)


def _ethnic_code(
    doc: Doc, r: _Reading, e: Entry, kb: KnowledgeBase, others: list[Entry]
) -> tuple[str, str]:
    """The state an ethnic group is coded by, and why.

    PLOVER codes a group by where it is: "Iraqi Kurds" and "Kurds in Syria" by the state the phrase
    names; else the group's one home state ("Chechens" -> RUS); else, for a group of several states
    ("Kurds"), the one state the sentence names, else the state the document is about, else ``UNK``.
    """
    if others:
        return others[0].code, "ethnic_group+residence"
    origin = [x for x in _origin_countries(r, kb) if x.kind in PLACE_KINDS]
    if origin:
        return origin[0].code, "ethnic_group+residence"
    h = r.head
    right = _after_head(r.arrays, h)
    named = _codes_of(r.phrases.match_indices(right), kb)
    if named:
        return named[0], "ethnic_group+residence"
    if e.code != "UNK":
        return e.code, "ethnic_group"
    named = _codes_outside(doc, r, kb)
    if len(named) == 1:
        return named[0], "ethnic_group+context"
    if not named:
        found = document_country(doc, kb)
        if found is not None:
            return found, "ethnic_group+document"
    return "UNK", "ethnic_group"


def _ethnic_actor(doc: Doc, r: _Reading, e: Entry, kb: KnowledgeBase) -> Actor:
    """ "the Kurds", "Rohingya": the group as people (CVL), coded by :func:`_ethnic_code`."""
    others = [x for _, x in r.countries if x.kind in PLACE_KINDS]
    code, rule = _ethnic_code(doc, r, e, kb, others)
    a = r.arrays
    as_noun = a.pos[r.head] in _NOMINAL_POS and a.dep[r.head] not in _MODIFIER_HEAD_IDS
    sector, why = _modifier_override(r, "CVL" if as_noun else None)
    if why:
        rule += f"+{why}"
    return _actor(r, code=code, sector=sector, rule=rule, name=e.name)


def _role_actors(
    doc: Doc,
    r: _Reading,
    sector: str | None,
    role_match: Match | None,
    state: DocState,
    kb: KnowledgeBase,
    date: dt.date | None,
) -> list[Actor]:
    office = None
    if role_match is not None and role_match.role is not None and role_match.role.person:
        first_role = min((m.start for m in r.roles), default=role_match.start)
        a = r.arrays
        office = r.phrases.text[a.idx[first_role] : a.end(role_match.end - 1)]
    rule = "role" if role_match is not None else "unknown_person"
    sector, why = _modifier_override(r, sector)
    if why:
        rule += f"+{why}"
    name = r.name
    entries = [e for _, e in r.countries]
    if entries and entries[0].kind == "ethnic":
        # "Karen guerrillas", "Kurdish fighters in Syria": the group's state, with the role's sector
        others = [e for e in entries[1:] if e.kind in PLACE_KINDS]
        code, why = _ethnic_code(doc, r, entries[0], kb, others)
        return [_actor(r, code=code, sector=sector, rule=f"{rule}+{why}", name=name, office=office)]
    if not entries and r.head_entry is not None:
        entries = [r.head_entry]
    if not entries:
        entries = _origin_countries(r, kb)
        if entries:
            rule += "+of"
    if entries and r.ethnic:
        ctx = _context_country(doc, r, kb, exclude=entries[0].code)
        if ctx is not None and kb.country(ctx) is not None:
            entries = [kb.country(ctx)]  # type: ignore[list-item]
            rule += "+ethnic_context"
    if entries:
        if r.coordinated_countries:
            seen: list[str] = []
            out = []
            for e in entries:
                if e.code in seen:
                    continue
                seen.append(e.code)
                out.append(_with_pre(r, e, sector, rule + "+coordinated", name, office))
            return out
        return [_with_pre(r, entries[0], sector, rule, name, office)]
    if r.owner is not None:
        office = r.owner.office_on(date) or r.owner.latest()
        if role_match is not None and role_match.role is not None and role_match.role.generic:
            sector = office.sector
        return [_actor(r, code=office.code, sector=sector, rule=rule + "+owner", name=name)]
    # "his spokesman", "their army": the possessor's country
    if r.possessor is not None:
        owner = _pronoun(doc, r.possessor, state)
        if owner:
            o = owner[0]
            if role_match is not None and role_match.role is not None and role_match.role.generic:
                sector = o.sector if o.sector not in (None, "ELI") else sector
            return [_actor(r, code=o.code, sector=sector, rule="possessive_coref", name=name, office=office)]
    if r.international:
        return []  # "international observers", "world leaders": a global construct, not coded (manual)
    if name is not None:
        # a surname seen before with its full name
        for m in reversed(state.before(r.head)):
            if m.person and m.surname and m.surname == normalise(r.arrays.words[r.head]):
                return [_copy(m.actor, doc, r.start_char, r.end_char, "surname_coref")]
        ctx = _context_country(doc, r, kb) if role_match is not None else None
        if ctx is not None:
            rule += "+document" if r.from_document else "+context"
            return [_actor(r, code=ctx, sector=sector, rule=rule, name=name, office=office)]
        return [_actor(r, code="UNK", sector=sector, rule=rule, name=name, office=office)]
    if role_match is None or role_match.role is None:
        return []
    if not (role_match.start <= r.head < role_match.end):
        return []
    ctx = _context_country(doc, r, kb)
    if ctx is not None:
        rule += "+document" if r.from_document else "+context"
        return [_actor(r, code=ctx, sector=sector, rule=rule, office=office)]
    return [_actor(r, code="UNK", sector=sector, rule=rule + "+no_country", office=office)]


def _with_pre(
    r: _Reading, e: Entry, sector: str | None, rule: str, name: str | None, office: str | None
) -> Actor:
    if e.kind == "disputed":
        # PLOVER: the claimant state, sector PRE (the manual adds PRE to the role's sector)
        return _actor(r, code=e.code, sector="PRE", rule=rule + "+disputed", name=name, office=office)
    if e.kind == "org" and sector is None:
        sector = e.sector
    return _actor(r, code=e.code, sector=sector, rule=rule, name=name, office=office)


def _context_country(doc: Doc, r: _Reading, kb: KnowledgeBase, exclude: str | None = None) -> str | None:
    """The country the context gives a phrase that names none itself.

    First the phrase's own right-hand material ("students throughout Indonesia", "refugees fleeing the
    war in Liberia", "a group based in Trinidad"), then the sentence -- but only when the sentence names a
    single state, so the guess is never a choice between two -- and, when the sentence names no state at
    all, the state the document is about (:func:`document_country`).
    """
    h = r.head
    right = _after_head(r.arrays, h)
    for code in _codes_of(r.phrases.match_indices(right), kb, organisations=True):
        if code != exclude:
            return code
    if any(m.role is not None and m.role.sector == "JRN" for m in r.roles):
        return None  # reporters covering a story are not of the story's country
    named = _codes_outside(doc, r, kb)
    codes = [c for c in named if c != exclude]
    if len(codes) == 1:
        return codes[0]
    if not named and not _unknown_origin(r):
        found = document_country(doc, kb)
        if found is not None and found != exclude:
            r.from_document = True
            return found
    return None


def _unknown_origin(r: _Reading) -> bool:
    """The phrase names an origin the knowledge base does not know ("European leaders", "Hakkari
    villagers"): the document's state would be a guess against the text."""
    a = r.arrays
    matched = {i for m in r.matches for i in range(m.start, m.end)}
    if r.name is not None:  # the person's own name is no origin
        start, end = _name_run(a, r.head)
        matched.update(range(start, end))
    ent_type, pos, is_title = a.ent_type, a.pos, a.is_title
    return any(
        i not in matched
        and (
            ent_type[i] in _ORIGIN_LABEL_IDS
            # ``is_sent_start`` (None where unset) has no array: asked of the rare title-case adjective
            or (pos[i] == ADJ and is_title[i] and not r.doc[i].is_sent_start)
        )
        for i in range(r.start, r.head)
    )


def _codes_in(tokens: list[Token], kb: KnowledgeBase, organisations: bool = False) -> list[str]:
    """State codes named in ``tokens`` (states, demonyms, capitals, cities; with ``organisations`` also
    national organisations: "officials close to Hamas"), in order, once each."""
    if not tokens:
        return []
    return _codes_of(match_indices(tokens[0].doc, sorted(t.i for t in tokens), kb), kb, organisations)


def _codes_outside(doc: Doc, r: _Reading, kb: KnowledgeBase) -> list[str]:
    """State codes named in the head's sentence outside the phrase (from its first word to the end of
    the head's subtree), as :func:`_codes_in` over those tokens: the sentence's words before the phrase
    and after it are two runs of tokens, matched as ranges (:meth:`DocPhrases.match_outside`)."""
    sents = _sents(doc, _STATES.get(doc))
    lo, hi = sents.start_of(r.head), sents.end_of(r.head)
    return _codes_of(r.phrases.match_outside(lo, hi, r.start, r.arrays.right_edge[r.head] + 1), kb)


def _codes_of(matches: list[Match], kb: KnowledgeBase, organisations: bool = False) -> list[str]:
    codes: list[str] = []
    for m in matches:
        if not m.entries:
            continue
        e = m.entries[0]  # the match's first reading only
        named = e.kind in PLACE_KINDS or (organisations and e.kind in ("org", "metonym"))
        if named and e.code not in codes and kb.country(e.code) is not None:
            codes.append(e.code)
    return codes


# -- public --------------------------------------------------------------------------------------------


def state_of(doc: Doc) -> DocState:
    """The document's mention state, built on first use (the ``tidings_actors`` component builds it)."""
    st = _STATES.get(doc)
    if st is None:
        st = build_state(doc)
    return st


def candidate_heads(doc: Doc) -> list[Token]:
    """Heads of every noun phrase and named entity, in document order: what the component resolves."""
    return [doc[i] for i in _candidate_indices(doc)]


def _candidate_indices(doc: Doc) -> list[int]:
    """:func:`candidate_heads` as token indices, read off the document's arrays."""
    a = token_arrays(doc)
    heads = set(_noun_chunk_root_indices(doc))
    head = a.head
    for start, end, _label in a.entities():
        # ``ent.root``; a one-word entity is its own root (what ``_chunk_root`` finds for it)
        heads.add(start if end - start == 1 else _chunk_root(doc, head, start, end - 1))
    lower = a.lower
    heads.update([i for i, p in enumerate(a.pos) if p == PRON and lower[i] in _PRONOUN_IDS])
    # a head inside another head's phrase (the "Kremlin" of "Kremlin spokesman Dmitry Peskov") is not a
    # mention of its own
    return sorted(heads)


_NP_DEPS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")
_NP_DEP_IDS = _ids(*_NP_DEPS)


def _noun_chunk_roots(doc: Doc) -> list[Token]:
    """The roots of ``doc.noun_chunks``, in order."""
    return [doc[i] for i in _noun_chunk_root_indices(doc)]


def _noun_chunk_root_indices(doc: Doc) -> list[int]:
    """The roots of ``doc.noun_chunks`` as token indices, in order, read off the document's arrays.

    For English this is spaCy's own chunker (``spacy.lang.en.syntax_iterators.noun_chunks``) step by
    step, except that it reads the tags and arcs of every token from lists and makes no ``Token``;
    another language's chunker is called as it is.
    """
    if doc.noun_chunks_iterator is not english_noun_chunks:
        return [chunk.root.i for chunk in doc.noun_chunks]
    if not doc.has_annotation("DEP"):
        raise ValueError(Errors.E029)
    a = token_arrays(doc)
    dep, head, pos, left_edge = a.dep, a.head, a.pos, a.left_edge
    np_deps = _NP_DEP_IDS
    roots: list[int] = []
    prev_end = -1
    # the candidates: nominal words that are an argument or a conjunct (other words never start one)
    nominal = _NOMINAL_CHUNK_POS
    for i in [i for i, p in enumerate(pos) if p in nominal]:
        d = dep[i]
        if d not in np_deps:
            if d != _CONJ:
                continue
            # a conjunct: a chunk when its first conjunct is an argument
            h = head[i]
            while dep[h] == _CONJ and head[h] < h:
                h = head[h]
            if dep[h] not in np_deps:
                continue
        left = left_edge[i]
        if left <= prev_end:
            continue
        prev_end = i
        # a one-word chunk is its own root (what ``_chunk_root`` finds for it, without the call)
        roots.append(i if left == i else _chunk_root(doc, head, left, i))
    return roots


def _chunk_root(doc: Doc, head: list[int], start: int, last: int) -> int:
    """``doc[start : last + 1].root.i`` for a chunk ending in its head word ``last``.

    spaCy's ``Span.root``: a sentence root inside the span, else the token nearest the sentence root
    among those whose head lies outside the span.  In a chunk that token is nearly always ``last``
    alone; anything else is left to spaCy.
    """
    outside = -1
    for k in range(start, last + 1):
        h = head[k]
        if h == k:
            return k
        if not (start <= h <= last):
            if outside != -1:
                return int(doc[start : last + 1].root.i)
            outside = k
    return outside if outside != -1 else int(doc[start : last + 1].root.i)


def build_state(doc: Doc) -> DocState:
    """Resolve every candidate head in order so later mentions can refer back to earlier ones."""
    kb = knowledge()
    st = DocState(token_arrays(doc), phrases_of(doc, kb), sentences(doc), doc_date(doc))
    _STATES[doc] = st
    arr = st.arrays
    dep, head, pos = arr.dep, arr.head, arr.pos
    for i in _candidate_indices(doc):
        d = dep[i]
        if d in _MODIFIER_HEAD_IDS and pos[head[i]] in _NOMINAL_POS:
            continue  # a modifier inside a larger phrase, resolved with it
        actors = _single(doc, i, st, kb, False)
        st.by_head[i] = actors
        if not actors:
            continue
        sent_start = st.sents.start_of(i)
        # a subject, or the conjunct of one ("Russia and Ukraine said")
        subject = d in _SUBJECT_IDS or (d == _CONJ and dep[head[i]] == _NSUBJ)
        for a in actors:
            person = a.rule is not None and (
                a.rule.startswith(("person", "pronoun", "surname", "title_coref"))
                or (a.name is not None and a.rule.startswith(("role", "unknown_person")))
            )
            surname = normalise(a.name.split()[-1]) if person and a.name else None
            st.mentions.append(Mention(i, sent_start, subject, person, a, surname))
    return st


def _subject_of_next_clause(a: TokenArrays, conj: int) -> bool:
    """A "conjunct" that is really the subject of the next clause, which the parser left without one:
    "Kyiv seized part of the region and Zelensky has raised ..." (Zelensky is no second object)."""
    nxt = a.right_edge[conj] + 1
    pos = a.pos
    if nxt >= len(pos) or pos[nxt] not in _VERB_POS:
        return False
    verb = nxt if pos[nxt] == VERB else a.head[nxt]
    dep = a.dep
    return (
        pos[verb] in _VERB_POS
        and verb > conj
        and not any(dep[c] in _CLAUSE_SUBJECT_IDS for c in (*a.lefts(verb), *a.rights(verb)))
    )


def resolve_token(doc: Doc, token: Token, *, venues: bool = False) -> list[Actor]:
    """The actors the phrase headed by ``token`` denotes; ``[]`` when it denotes none.

    ``venues=True`` lets a place that is the object of a locative preposition resolve (only for callers
    that know the place acts).  Conjuncts of ``token`` are resolved too and returned in order.
    """
    kb = knowledge()
    state = state_of(doc)
    a = state.arrays
    dep, pos = a.dep, a.pos
    out: list[Actor] = []
    seen: set[int] = set()
    stack = [token.i]
    while stack:
        t = stack.pop(0)
        if t in seen:
            continue
        seen.add(t)
        found = state.by_head[t] if t in state.by_head and not venues else _single(doc, t, state, kb, venues)
        out.extend(found)
        if not found:
            continue  # "Russia's Kursk region and Zelensky": no expansion from a head that is no actor
        # ``token.children`` is its lefts, then its rights
        stack.extend(
            c
            for c in (*a.lefts(t), *a.rights(t))
            if dep[c] == _CONJ and pos[c] in _NOMINAL_CHUNK_POS and not _subject_of_next_clause(a, c)
        )
    return out
