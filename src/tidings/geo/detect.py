"""Toponym detection: which spans of a parsed ``Doc`` name places.

Two sources, merged: the model's GPE/LOC/FAC entities, and a gazetteer matcher over capitalised token
runs, because the small English model tags well-known places as PERSON or ORG ("Kyiv", "Kherson") or not at
all.  The matcher only accepts names that the gazetteer knows as a *strong* name (the entry's own name or a
curated alias) of a place that matters (a country, a first-level region, a town of some size), so
capitalised common words that happen to be hamlets somewhere ("Mobile", "Will") do not become places.

Names are also found inside other entities: a country in a currency ("US dollars"), a place an
organisation's name begins or ends with ("Eastern *Kentucky* University"), the place a longer span ends
with ("Nazi *Germany*").  A name the text once uses as a place (the model's GPE, or after "in", "near")
is a place wherever it recurs in the document ("in Grovetown ... Grovetown police").

Each detected span carries the cues resolution needs: a following region word ("Kursk region"), a
preceding feature word ("the village of Nikolsky"), and whether it is the nominal subject of a verb (a
capital or country used as an actor: "Moscow said").  A town's name followed by a street word is a street
("Topeka Street"); a building named after a place or a people ("Manchester Academy", "the British
International School") is a toponym of its own, carrying the readings of the place it is named after; a
name the model cut in two ("Boa" + "Vista") is joined when the gazetteer knows the whole.

The scans over every token read the token attributes from the document's shared arrays
(:func:`tidings.nlp.token_arrays`, ``Tokens``): creating a spaCy ``Token`` per token and attribute read
was most of the stage's cost.  The entities are read from the IOB codes rather than as ``Span`` objects.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.strings import get_string_id
from spacy.symbols import AUX, PROPN, VERB, nsubj, nsubjpass, pobj
from spacy.tokens import Doc, Span, Token

from tidings.geo.gazetteer import Candidate, Gazetteer
from tidings.geo.names import Aliases, norm
from tidings.nlp import doc_text, token_arrays

AddMention = Callable[[int, int, tuple[Candidate, ...], str], None]
"""Records a mention: (start token, end token, candidates, source)."""

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISLABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "MONEY"})
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "gen",
        "general",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "mayor",
        "judge",
        "king",
        "queen",
        "prince",
        "pope",
        "saint",
        "st",
        "sir",
        "lord",
        "chief",
    }
)
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
        "upper",
        "lower",
        "greater",
        "downtown",
        "mid",
        "coastal",
        "rural",
    }
)
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "outside",
        "inside",
        "across",
        "toward",
        "towards",
        "through",
        "around",
        "throughout",
        "via",
        "between",
        "within",
        "off",
        "beyond",
    }
)
NOT_BEFORE_DEMONYM = DIRECTIONS | {"latin"}
SPEECH_VERBS = frozenset({"say", "tell", "add", "note", "explain", "ask", "write", "claim", "argue", "state"})
MAX_TOKENS = 5
ERAS = frozenset({"bc", "ad", "bce", "ce"})
"""Normalised era markers: after a number ("300 B.C.", "800 AD") they are years, not the places that
share the abbreviation (British Columbia, Andorra)."""
SHORT_KEY = 2
"""Names this short must match an entry's own name or a curated alias (see ``Detector._lookup``)."""
LOC_MIN_POPULATION = 50000
"""A LOC entity ("Atlantic", "Middle East") is a town of that name only if the town is this big."""
PREFIX_MIN_POPULATION = 50000
MATCHER_MIN_POPULATION = 20000
PERSON_MIN_POPULATION = 50000
"""A name the model tags as a person is taken for a town without a locative cue only if the town is big
("Kherson said": yes; "Marshall, his friend": no)."""
"""A town found only by the gazetteer matcher (not by the model) must be at least this big."""
SUBJECT_DEPS = frozenset({nsubj, nsubjpass})
TAG_POS = get_string_id("POS")
"""The possessive ending's tag ("Kyiv*'s*")."""
DEMONYM_TAGS = frozenset({get_string_id("JJ"), get_string_id("NNP")})
"""Tags of a nationality adjective as the tagger sees it ("Russian", often NNP)."""
PLURAL_TAGS = frozenset({get_string_id("NNS"), get_string_id("NNPS")})
"""Tags of a people's name ("Russians"), which is no place."""
NAME_PARTICLES = ("of", "de", "el", "al")
"""Lower-case words a multi-word place name may contain ("Isle of Man", "Rio de Janeiro")."""
VERBAL = frozenset({VERB, AUX})


def _initial_upper(text: str, starts: numpy.ndarray) -> list[bool]:
    """``word[:1].isupper()`` for the word starting at each offset, in numpy: an ASCII letter is upper
    case when it is A-Z; the few other first characters are asked one by one."""
    if not len(starts):
        return []
    points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)[starts]
    upper = (points >= 65) & (points <= 90)
    for k in numpy.flatnonzero(points >= 128).tolist():
        upper[k] = chr(points[k]).isupper()
    return upper.tolist()


@dataclass(frozen=True, slots=True)
class Tokens:
    """Per-token attributes of one ``Doc`` as plain lists, from the document's shared token arrays.

    The detector's scans over every token (the gazetteer matcher, one-sense propagation, nationality
    adjectives) would otherwise create a spaCy ``Token`` object per token and attribute read, which is
    most of the component's cost.  Values are exactly the ``Token`` attributes they stand for.
    """

    text: list[str]
    """``token.text`` (the shared arrays' ``words``: do not change it)."""
    lower: list[str]
    """``token.lower_``: made for every token at once, as one list, since the scans ask for it at
    thousands of places per document (a lazy sequence cost a method call per question)."""
    upper: list[bool]
    """The first character is upper case (``_has_upper``)."""
    punct: list[bool]
    tag: list[int]
    """``token.tag`` (compare with the ``TAG_*`` hashes)."""
    propn: list[bool]
    in_ent: list[bool]
    """Inside some entity (IOB ``B`` or ``I``)."""
    entities: list[tuple[int, int, int]]
    """``[(e.start, e.end, e.label) for e in doc.ents]`` (:meth:`tidings.nlp.TokenArrays.entities`)."""
    person: list[bool]
    start_char: list[int]
    end_char: list[int]
    pos: list[int]
    """``token.pos`` (a ``spacy.symbols`` id)."""
    dep: list[int]
    """``token.dep`` (a ``spacy.symbols`` id for the labels the detector asks about)."""
    head: list[int]
    """``token.head.i``."""

    @classmethod
    def of(cls, doc: Doc) -> Tokens:
        """Read off the document's shared arrays (:func:`tidings.nlp.token_arrays`), which the later
        stages use too."""
        a = token_arrays(doc)
        text = doc_text(doc)
        person = doc.vocab.strings.add("PERSON")
        start_char = a.idx
        end_char = [i + len(w) for i, w in zip(a.idx, a.words, strict=True)]
        return cls(
            text=a.words,
            lower=[w.lower() for w in a.words],
            upper=_initial_upper(text, numpy.asarray(start_char, dtype=numpy.intp)),
            punct=a.is_punct,
            tag=a.tag,
            propn=[p == PROPN for p in a.pos],
            in_ent=[iob in (1, 3) for iob in a.ent_iob],
            entities=a.entities(),
            person=[t == person for t in a.ent_type],
            start_char=start_char,
            end_char=end_char,
            pos=a.pos,
            dep=a.dep,
            head=a.head,
        )


@dataclass
class Mention:
    """A detected toponym and the cues around it."""

    start: int
    """token index"""
    end: int
    text: str
    key: str
    start_char: int
    end_char: int
    candidates: tuple[Candidate, ...]
    source: str
    """``ner``, ``gazetteer``, ``demonym`` (a nationality adjective standing for its country) or
    ``embedded`` (the place in an organisation's name)."""
    label: str = ""
    """The model's entity label, if the model found the span."""
    region: bool = False
    """Followed (or ended) by a region word: prefer first-level subdivisions."""
    populated: bool = False
    """Preceded by "the town/village of": prefer populated places."""
    subject: bool = False
    """Nominal subject of a verb: metonymic when it names a country or a capital."""
    outlet: bool = False
    """The place in a news outlet's name ("The *Moscow* Times"): it says where the paper is, not the story."""
    facility: bool = False
    """A building named after a place (see ``Detector._facility``): its candidates are that place's."""


def _has_upper(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _strip(toks: Tokens, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and trailing possessive or punctuation from an entity's tokens."""
    while start < end and (toks.lower[start] in ("the", "a", "an") or toks.punct[start]):
        start += 1
    while end > start and (
        toks.punct[end - 1] or toks.tag[end - 1] == TAG_POS or toks.lower[end - 1] == "'s"
    ):
        end -= 1
    return start, end


class Detector:
    """Finds toponym mentions in a parsed ``Doc`` (see the module docstring)."""

    def __init__(
        self, gazetteer: Gazetteer, aliases: Aliases, demonyms: bool = True, embedded: bool = True
    ) -> None:
        self.gaz = gazetteer
        self.aliases = aliases
        self.demonyms = {norm(k): v for k, v in aliases.demonyms.items()}
        self.demonyms_on = demonyms
        self.embedded = embedded
        self._last: tuple[weakref.ref[Doc], Tokens] | None = None
        self._single: dict[int, tuple[Candidate]] = {}

    def _tokens(self, doc: Doc) -> Tokens:
        """The document's :class:`Tokens`, read once per document: the helpers below ask about single
        tokens many times per document, and each ``doc[i]`` would build a ``Token`` object."""
        last = self._last
        if last is not None and last[0]() is doc:
            return last[1]
        toks = Tokens.of(doc)
        self._last = (weakref.ref(doc), toks)
        return toks

    # -- candidates -------------------------------------------------------------------------------------

    def _candidates(self, text: str) -> tuple[Candidate, ...]:
        return self._lookup(norm(text))

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        """Gazetteer candidates for a normalised name.  A key of one or two letters ("DR", "St") only
        takes an entry's own name or a curated alias: as an alternate name of some village it is noise."""
        cands = self.gaz.lookup(key)
        if len(key) <= SHORT_KEY:
            return tuple(c for c in cands if c.strong)
        return cands

    def _important(self, cands: tuple[Candidate, ...], key: str = "") -> bool:
        """Known well enough to be taken without the model's say-so: a country, a region, a sizeable
        town, or a county named in full ("Laurel County": the type word makes it unambiguous)."""
        return any(
            c.strong
            and (
                c.feature in ("PCLI", "CONT", "ADM1", "RGN")
                or c.population >= MATCHER_MIN_POPULATION
                or (c.feature == "ADM2" and " " in key)
            )
            for c in cands
        )

    # -- detection --------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> list[Mention]:
        taken = [False] * len(doc)
        mentions: list[Mention] = []
        toks = Tokens.of(doc)
        self._last = (weakref.ref(doc), toks)
        strings = doc.vocab.strings
        ents = [(start, end, strings[label]) for start, end, label in toks.entities]
        surnames = {toks.lower[e - 1] for s, e, label in ents if label == "PERSON" and e - s >= 2}
        text = doc_text(doc)

        def add(start: int, end: int, cands: tuple[Candidate, ...], source: str, label: str = "") -> None:
            start_char, end_char = toks.start_char[start], toks.end_char[end - 1]
            span_text = text[start_char:end_char]
            mention = Mention(start, end, span_text, norm(span_text), start_char, end_char, cands, source)
            mention.label = label
            mentions.append(mention)
            for i in range(start, end):
                taken[i] = True

        covered = 0
        for ent_start, ent_end, label in ents:
            if label not in PLACE_LABELS and label not in MISLABELS:
                continue  # dates, numbers, ...
            start, end = _strip(toks, ent_start, ent_end)
            if start >= end or start < covered:
                continue
            span_text = text[toks.start_char[start] : toks.end_char[end - 1]]
            if label in PLACE_LABELS:
                joined = self._conjoined(doc, toks, start, end) or self._split_name(doc, toks, start, end)
                if joined is not None:
                    end, cands = joined
                    covered = end
                    add(start, end, cands, "ner", label)
                    continue
                cands = self._candidates(span_text)
                if not cands:
                    cands = self._split_region(doc, start, end)
                if not cands:
                    inside = self._facility(doc, start, end)
                    if inside is not None:
                        add(start, end, inside, "ner", label)
                        mentions[-1].facility = True
                        continue
                if not cands:
                    start, end, cands = self._reduce(doc, start, end)
                if not cands and norm(span_text) in self.demonyms:
                    continue
                if not cands and not (toks.upper[start] and self._placelike(doc, start, end)):
                    continue
                if label == "LOC":
                    # a region or natural feature ("Middle East", "Atlantic") is not a village of that name
                    cands = tuple(
                        c for c in cands if c.feature != "PPL" or c.population >= LOC_MIN_POPULATION
                    )
                add(start, end, cands, "ner", label)
            elif label in MISLABELS:
                if end < len(doc) and toks.text[end].islower() and toks.text[end].isalpha():
                    # "Crimean peninsula": a name the gazetteer knows only with its head noun
                    longer = self._candidates(text[toks.start_char[start] : toks.end_char[end]])
                    if any(c.strong for c in longer):
                        add(start, end + 1, longer, "gazetteer")
                        continue
                cands = self._candidates(span_text)
                if label == "NORP" and self.demonyms_on and self._demonym(doc, start, end, add):
                    continue
                if cands and self._mislabel_ok(doc, doc[start:end], cands, surnames):
                    add(start, end, cands, "gazetteer")
                elif label == "MONEY":
                    self._currency(doc, start, end, add)
                elif label in ("ORG", "FAC") and (inside := self._facility(doc, start, end)) is not None:
                    add(start, end, inside, "ner", label)
                    mentions[-1].facility = True
                elif label in ("ORG", "FAC", "EVENT") and self.embedded:
                    before = len(mentions)
                    self._embedded(doc, start, end, add)
                    if toks.text[end - 1] in self.aliases.outlet_words:
                        for m in mentions[before:]:
                            m.outlet = True
                elif not cands and self._after_feature_word(doc, start) and toks.upper[start]:
                    # "the town of Sudhza": a place by construction, whatever the model calls it
                    add(start, end, cands, "ner")
        self._match_gazetteer(doc, toks, taken, add)
        self._propagate(doc, toks, taken, mentions, add)
        if self.demonyms_on:
            n = len(doc)
            upper, tag = toks.upper, toks.tag
            # the capitalised adjectives and proper nouns first, in one pass (those tests never change);
            # whether a mention has taken the token is asked when the loop reaches it
            for i in [k for k in range(n) if upper[k] and tag[k] in DEMONYM_TAGS]:
                if taken[i]:
                    continue
                if i > 0 and toks.upper[i - 1] and toks.lower[i - 1] in NOT_BEFORE_DEMONYM:
                    continue  # "Central American", "Latin American": not the country's adjective
                # two-word adjectives first ("Sri Lankan", "South Korean")
                pair = i + 1 < n and not taken[i + 1] and toks.upper[i + 1]
                pair_text = text[toks.start_char[i] : toks.end_char[i + 1]] if pair else ""
                if pair and norm(pair_text) in self.demonyms and self._demonym(doc, i, i + 2, add):
                    continue
                if norm(toks.text[i]) in self.demonyms:
                    self._demonym(doc, i, i + 1, add)
        mentions.sort(key=lambda m: m.start)
        # "300 B.C." is a year, not British Columbia
        mentions = [m for m in mentions if not self._era(doc, m)]
        for m in mentions:
            self._cues(doc, toks, m)
        return mentions

    @staticmethod
    def _era(doc: Doc, m: Mention) -> bool:
        """An era marker after a number ("300 B.C."): a year, not the place of that abbreviation."""
        return m.key.replace(".", "") in ERAS and m.start > 0 and doc[m.start - 1].like_num

    def _placelike(self, doc: Doc, start: int, end: int) -> bool:
        """An entity the gazetteer does not know: keep it only where the text itself says it is a place.

        A single unknown word tagged GPE is as often a person ("Buhari said") as a place; a multi-word
        name ("Marlow Street", "Cedar Ridge"), a name after a locative preposition or after "the town
        of" is a place.
        """
        if end - start >= 2 or self._after_feature_word(doc, start):
            return True
        toks = self._tokens(doc)
        return toks.dep[start] == pobj and toks.lower[toks.head[start]] in LOCATIVE_PREPS

    def _reduce(self, doc: Doc, start: int, end: int) -> tuple[int, int, tuple[Candidate, ...]]:
        """An entity the gazetteer does not know as a whole: find the place name inside it.

        "W.Va" + "." is "W.Va."; "North Texas" is in Texas; "Vancouver International Airport",
        "Henderson County Jail" are at Vancouver, in Henderson County; "Nazi Germany" is Germany.
        """
        if end < len(doc) and doc[end].text == "." and doc[end - 1].idx + len(doc[end - 1]) == doc[end].idx:
            cands = self._candidates(doc[start:end].text + ".")
            if cands:
                return start, end + 1, cands
        if end - start >= 2 and doc[start].lower_ in DIRECTIONS:
            cands = tuple(
                c
                for c in self._candidates(doc[start + 1 : end].text)
                if c.strong and (c.feature != "PPL" or c.population >= 100000)
            )
            if cands:
                return start, end, cands
        for j in range(end - 1, start, -1):
            if not _has_upper(doc[j - 1]):
                continue
            key = norm(doc[start:j].text)
            if key in self.aliases.not_places or key in self.demonyms or key.split(" ")[0] in DIRECTIONS:
                continue
            cands = tuple(c for c in self.gaz.lookup(key) if c.strong)
            if any(
                c.feature in ("PCLI", "ADM1", "ADM2") or c.population >= PREFIX_MIN_POPULATION for c in cands
            ):
                return start, j, cands
        for k in range(start + 1, end):
            # the name it ends with: "Nazi Germany", "Old Town Manassas" (a section heading glued on,
            # "Politics Ukraine", is the same shape)
            key = norm(doc[k:end].text)
            if not _has_upper(doc[k]) or key in self.aliases.not_places or key in self.demonyms:
                continue
            cands = tuple(c for c in self.gaz.lookup(key) if c.strong)
            if any(
                c.feature in ("PCLI", "ADM1", "RGN") or c.population >= PREFIX_MIN_POPULATION for c in cands
            ):
                return k, end, cands
        return start, end, ()

    def _facility(self, doc: Doc, start: int, end: int) -> tuple[Candidate, ...] | None:
        """A building or ground named after a place or a people ("Manchester Academy", "the British
        International School", "Yankee Stadium", "Springfield Community Center"): a toponym of its own.  It
        is reported whole, with the readings of the place it is named after (a nationality: its country);
        resolution keeps them where the story is in that country ("the Springfield Community Center" in
        a story about Springfield, Illinois) and otherwise locates the building at the document's focus
        (an academy named after Manchester in a story about Lagos).  None when the span is no such
        building."""
        if end - start < 2 or not _has_upper(doc[start]):
            return None
        if doc[end - 1].text not in self.aliases.facility_words:
            return None
        for i in range(start, end - 1):
            cc = self.demonyms.get(norm(doc[i].text))
            if cc and len(cc) == 2:
                country = self.gaz.country(cc)
                if country is not None:
                    return (country,)
        found: list[tuple[Candidate, ...]] = []
        self._embedded(doc, start, end, lambda s, e, c, src: found.append(c))
        return found[0] if found else None

    def _split_region(self, doc: Doc, start: int, end: int) -> tuple[Candidate, ...]:
        """``Kherson Oblast``: the name without its trailing region word."""
        if end - start >= 2 and doc[end - 1].lower_ in self.aliases.region_words:
            return tuple(c for c in self._candidates(doc[start : end - 1].text) if c.feature != "CONT")
        return ()

    def _after_feature_word(self, doc: Doc, start: int) -> bool:
        if start < 2:
            return False
        lower = self._tokens(doc).lower
        return lower[start - 1] == "of" and lower[start - 2] in self.aliases.feature_words

    def _embedded(self, doc: Doc, start: int, end: int, add: AddMention) -> None:
        """The place an organisation's name begins or ends with: "*Ohio* Supreme Court", "University of
        *Texas*", "Eastern *Kentucky* University", "University of *Kentucky* College of Law".  Both gold
        sets count these; only well-known places are taken."""
        if self._embedded_prefix(doc, start, end - 1, add):
            return  # "West Virginia University": the name with its direction word first
        if end - start >= 3 and doc[start].lower_ in DIRECTIONS and self._embedded_prefix(
            doc, start + 1, end - 1, add
        ):
            return
        for k in range(start + 1, end - 1):
            if doc[k].lower_ == "of" and _has_upper(doc[k + 1]):
                self._embedded_prefix(doc, k + 1, end, add)
                return

    def _embedded_prefix(self, doc: Doc, start: int, end: int, add: AddMention) -> bool:
        """The longest well-known place name that ``doc[start:end]`` begins with, if any."""
        for j in range(min(end, start + MAX_TOKENS), start, -1):
            if not _has_upper(doc[j - 1]):
                continue
            key = norm(doc[start:j].text)
            if key in DIRECTIONS:
                continue  # "Northwestern Memorial Hospital": a direction, not Zambia's North-Western
            cands = self._lookup(key)
            if cands and self._important(cands, key) and key not in self.aliases.not_places:
                add(start, j, cands, "embedded")
                return True
        return False

    def _currency(self, doc: Doc, start: int, end: int, add: AddMention) -> None:
        """The country a currency is named after: "11 billion *US* dollars", "*Canadian* dollars".

        Both gold sets count the country in such a modifier; only a country name or its adjective is
        taken, never a town.
        """
        for i in range(start, end):
            if not _has_upper(doc[i]):
                continue
            if self.demonyms_on and self._demonym(doc, i, i + 1, add):
                continue
            cands = tuple(c for c in self._candidates(doc[i].text) if c.strong and c.feature == "PCLI")
            if cands:
                add(i, i + 1, cands, "gazetteer")

    def _demonym(self, doc: Doc, start: int, end: int, add: AddMention) -> bool:
        """A nationality adjective ("Russian officials"): a mention of its country.

        Both gold sets count these as toponyms; the events stage never takes them for venues.
        """
        toks = self._tokens(doc)
        if toks.tag[end - 1] in PLURAL_TAGS:
            return False  # "Russians": people, not a place
        target = self.demonyms.get(norm(doc_text(doc)[toks.start_char[start] : toks.end_char[end - 1]]))
        if not target:
            return False
        if len(target) == 2:
            place = self.gaz.country(target)
        else:  # a continent or region by name ("European" -> Europe, "Abkhaz" -> Abkhazia)
            broad = [
                c
                for c in self.gaz.lookup(norm(target))
                if c.feature in ("CONT", "PCLI", "RGN", "ADM1") and c.strong
            ]
            place = broad[0] if broad else None
        if place is None:
            return False
        add(start, end, self._alone(place), "demonym")
        return True

    def _alone(self, place: Candidate) -> tuple[Candidate]:
        """``(place,)``, one tuple per place for the life of the detector (a few hundred at most: the
        places the aliases file's adjectives name): the resolver keeps what it works out about a name's
        readings by the readings' tuple (``Resolver._name``), and a new tuple per nationality adjective
        would never be found again."""
        found = self._single.get(place.id)
        if found is None or found[0] is not place:
            found = self._single[place.id] = (place,)
        return found

    def _mislabel_ok(self, doc: Doc, span: Span, cands: tuple[Candidate, ...], surnames: set[str]) -> bool:
        """A PERSON/ORG/NORP entity the model mislabelled: take it only if it is a well-known place."""
        if not cands or not self._important(cands):
            return False
        if len(span) == 1 and span[0].lower_ in surnames:
            return False  # "Moore" after "Robert Moore"
        root = span.root
        if (
            root.dep_ == "nsubj"
            and root.head.lemma_ in SPEECH_VERBS
            and not any(c.feature in ("PCLI", "ADM1") for c in cands)
        ):
            return False
        if norm(span.text) in self.aliases.not_places or norm(span.text) in self.demonyms:
            return False
        if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in TITLES:
            return False
        if span[0].ent_type_ == "PERSON" and not self._locative(span) and not any(
            c.strong and (c.feature in ("PCLI", "ADM1", "RGN") or c.population >= PERSON_MIN_POPULATION)
            for c in cands
        ):
            return False  # "Marshall, his friend ...": a name that is a town's only where the text says so
        # a place name inside a longer name is part of that name ("Washington Post", "Paris Hilton")
        return all(_has_upper(t) for t in span)

    def _propagate(
        self, doc: Doc, toks: Tokens, taken: list[bool], mentions: list[Mention], add: AddMention
    ) -> None:
        """One sense per discourse for detection: a name the text has used as a place is a place wherever
        it recurs ("residents of Grovetown ... Grovetown police").

        Only names found with gazetteer candidates are carried, never inside a person's name ("Andrew
        Jackson") or after a title.
        """
        known: dict[tuple[str, ...], tuple[Candidate, ...]] = {}
        for m in mentions:
            if not m.candidates or m.source not in ("ner", "gazetteer") or not toks.upper[m.start]:
                continue
            if m.key in self.aliases.not_places or (m.end - m.start == 1 and toks.text[m.start].isupper()):
                continue
            # only a name the text itself uses as a place: the model's GPE, or after "in", "near" ...
            if m.label == "GPE" or self._locative(doc[m.start : m.end]):
                known.setdefault(tuple(toks.text[m.start : m.end]), m.candidates)
        if not known:
            return
        firsts = {k[0] for k in known}
        texts, upper = toks.text, toks.upper
        for i in range(len(doc)):
            # a name in ``firsts`` begins with a capital: only such tokens need their text read
            if taken[i] or not upper[i] or texts[i] not in firsts or toks.person[i]:
                continue
            if i > 0 and toks.lower[i - 1].rstrip(".") in TITLES:
                continue
            for words, cands in known.items():
                j = i + len(words)
                if words[0] != texts[i] or j > len(doc) or any(taken[i:j]):
                    continue
                if tuple(texts[i:j]) == words:
                    add(i, j, cands, "gazetteer")
                    break

    def _conjoined(
        self, doc: Doc, toks: Tokens, start: int, end: int
    ) -> tuple[int, tuple[Candidate, ...]] | None:
        """A country or region whose name joins two names with "and" ("Trinidad and Tobago", "Bosnia and
        Herzegovina"), which the model tags as two places: the whole name, if the gazetteer knows it."""
        if end + 1 >= len(doc) or toks.lower[end] not in ("and", "&") or not toks.upper[end + 1]:
            return None
        text = doc_text(doc)
        for j in range(min(len(doc), end + 4), end + 1, -1):
            cands = tuple(
                c
                for c in self._candidates(text[toks.start_char[start] : toks.end_char[j - 1]])
                if c.strong and c.feature in ("PCLI", "ADM1", "RGN")
            )
            if cands:
                return j, cands
        return None

    def _split_name(
        self, doc: Doc, toks: Tokens, start: int, end: int
    ) -> tuple[int, tuple[Candidate, ...]] | None:
        """A name the model cut in two ("Boa" + "Vista", "Baja" + "California"): the longer name, when
        the gazetteer knows it as a strong name and the shorter one only as something much smaller."""
        if end >= len(doc) or not toks.upper[end] or toks.punct[end]:
            return None
        text = doc_text(doc)
        for j in range(min(len(doc), end + 2), end, -1):
            if not toks.upper[j - 1]:
                continue
            longer = tuple(
                c for c in self._candidates(text[toks.start_char[start] : toks.end_char[j - 1]]) if c.strong
            )
            if longer and self._important(longer):
                top = max(c.population for c in longer)
                shorter = self._candidates(text[toks.start_char[start] : toks.end_char[end - 1]])
                if not any(c.strong and 2 * c.population > top for c in shorter):
                    return j, longer  # not "Dublin" + "City Council": the town is as big as "Dublin City"
        return None

    @staticmethod
    def _locative(span: Span) -> bool:
        """The span is the object of a locative preposition ("in Marshall", "from Mason")."""
        root = span.root
        return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS

    def _match_gazetteer(self, doc: Doc, toks: Tokens, taken: list[bool], add: AddMention) -> None:
        """Longest-first matching of capitalised token runs not covered by an entity."""
        i, n = 0, len(doc)
        text = doc_text(doc)
        upper, punct, lower, in_ent = toks.upper, toks.punct, toks.lower, toks.in_ent
        while i < n:
            if taken[i] or in_ent[i] or not upper[i] or punct[i]:
                i += 1
                continue
            matched = False
            # a run ends before the first token that is taken, inside an entity, or neither capitalised,
            # punctuation nor a name's particle: every candidate end j lies at or before it
            limit = i + 1
            last = min(n, i + MAX_TOKENS)
            while limit < last and (
                not (taken[limit] or in_ent[limit])
                and (upper[limit] or punct[limit] or lower[limit] in NAME_PARTICLES)
            ):
                limit += 1
            for j in range(limit, i, -1):
                if not upper[j - 1]:
                    continue
                key = norm(text[toks.start_char[i] : toks.end_char[j - 1]])
                if key in self.aliases.not_places or key in self.demonyms:
                    continue
                if j - i == 1 and not toks.propn[i] and not toks.text[i].isupper():
                    continue
                if i > 0 and lower[i - 1].rstrip(".") in TITLES:
                    continue
                # a capitalised word right after a sentence start is only a place if the model agrees it
                # is a proper noun
                cands = self._lookup(key)
                if cands and self._important(cands, key):
                    add(i, j, cands, "gazetteer")
                    i = j
                    matched = True
                    break
            if not matched:
                i += 1

    # -- cues -------------------------------------------------------------------------------------------

    def _street(self, doc: Doc, m: Mention) -> bool:
        """A town's name followed by a street word is a street named after it ("Topeka Street", "Ashford
        Road"): the mention becomes the whole street, which the gazetteer does not know, so resolution
        locates it at the document's focus place instead of in the town it is named after."""
        k = m.end
        toks = self._tokens(doc)
        texts = toks.text
        if k >= len(texts) or texts[k] not in self.aliases.street_words:
            return False
        if k + 1 < len(texts) and texts[k + 1] == "." and toks.end_char[k] == toks.start_char[k + 1]:
            k += 1  # "St" + "." tokenised apart
        m.end = k + 1
        m.end_char = toks.end_char[k]
        m.text = doc_text(doc)[m.start_char : m.end_char]
        m.key = norm(m.text)
        m.candidates = ()
        return True

    def _cues(self, doc: Doc, toks: Tokens, m: Mention) -> None:
        if m.source == "demonym" or self._street(doc, m):
            return
        words = self.aliases.region_words
        lower, n = toks.lower, len(doc)
        if lower[m.end - 1] in words and m.end - m.start >= 2:
            m.region = True
        elif m.end < n and lower[m.end] in words:
            m.region = True
            m.end += 1
            m.end_char = toks.end_char[m.end - 1]
            m.text = doc_text(doc)[m.start_char : m.end_char]
        else:
            # a conjunct of a name followed by a region word
            k = m.end
            while k < n and k - m.end < 6 and (lower[k] in (",", "and", "or") or toks.upper[k]):
                k += 1
            coordinated = any(lower[i] in ("and", "or") for i in range(m.end, k))
            if k < n and k > m.end and lower[k] in words and coordinated:
                m.region = True  # "the Donetsk and Lugansk region(s)": both are regions
        if self._after_feature_word(doc, m.start):
            m.populated = True
        if m.end - m.start == 1:
            if toks.dep[m.start] in SUBJECT_DEPS and toks.pos[toks.head[m.start]] in VERBAL:
                m.subject = True
            return
        root = doc[m.start : m.end].root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
            m.subject = True
