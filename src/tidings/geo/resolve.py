"""Toponym resolution: pick, for each detected mention, the gazetteer entry it refers to.

Scoring, in order of strength:

1. priors: the feature class (countries and continents before regions before towns), the population, a
   bonus for national capitals, and a penalty for names that are only an alternate name of the entry (a
   larger one where the name is a bigger entry's own: "Liverpool" is not a Washington, Indiana); a
   country's own name is the country, not a hamlet named after it ("China", Texas), unless the text
   places the hamlet;
2. the mention's own cues: "X region" wants a first-level subdivision whose name is X's (or the one the
   town X is the centre of), "the village of X" wants a populated place;
3. containment: "X, Y" and "X in Y" where Y is a country or region put X inside Y ("Alexandria, La.");
4. document focus: countries and regions the document names unambiguously (a name whose sizeable
   readings all lie in one country counts: "Dallas"), the countries its nationality adjectives point to
   and its cues (money, national institutions and the conventions of a country's local press: "£",
   "RCMP", "Sheriff", "High School") pull ambiguous names towards them; a shared cue ("$") gives the
   readings in its countries a small bonus.  The place in a news outlet's name ("The Moscow Times") is
   no evidence of where the story is, nor is a longer form of another name of the text ("Dublin City"
   after "Dublin").  Country focus alone never lifts a village over a national capital of the same
   name with ``CAPITAL_RATIO`` times its people ("London" in a story about Washington);
5. coherence: places a text names together lie together, so each reading is rewarded for every other
   name in the document that has a plausible reading nearby or in the same region;
5b. profile: the document's other *confidently* resolved names (not its nationality adjectives) say
   which country and which first-level region it is about, and ambiguous names follow them (a story
   whose other places are Connecticut towns puts "Berlin" in the United States);
6. "X near Y": X must lie within ``NEAR_KM`` of Y, or it is left unresolved rather than guessed;
7. one sense per discourse: the same name resolves the same way throughout a document (a mention whose
   own readings were filtered away takes the reading the name got elsewhere);
8. "X City" is the town X resolved to when none of its own readings lies in X's country ("Dublin City
   Council" in Ohio);
9. local names the gazetteer lacks ("Marlow Street", "Topeka Street", "the village of Dorvalek") and
   buildings named after a place in another country ("the Manchester Academy" in a story about Lagos)
   are located at the most-mentioned town of the country the document names most; an office named after
   a town of that country ("the West Valley City Police Department") at that town; a country's embassy
   at the story's place outside that country;
10. a country's name that begins a town's institution ("Chile Township", "Peru Public
    Schools") is not the country; an unknown name led by a nationality adjective ("the Austrian
    Empire") is that nation's country; a direction-and-landform name ("the West Coast", "North
    Shore") is another country's subdivision only in a story about that country, else it is placed in
    the country the story names most.

Misspellings ("Sudhza") are repaired by a one-edit fuzzy match only when the model tagged the span as a
place or a feature word introduces it, and only towards a single entry in a country the document is about.

A name repeated with the same cues is scored once per document, and coherence indexes which names have
readings near which grid cells once per document: both keep the stage's cost linear in the mentions.
Likewise a repeated name's coherence bonuses and its best reading are worked out once per document
where its readings and scores are the same as before (the result cannot differ).  What depends on a name,
its cues and its readings alone (its priors, where it points the document, its readings' grid cells) is
worked out once per process (``_Name``): news names the same places story after story.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.tokens import Doc

from tidings.geo.detect import Mention
from tidings.geo.gazetteer import Candidate, Gazetteer, haversine_km
from tidings.geo.metonymy import capitals
from tidings.geo.names import Aliases, norm
from tidings.nlp import doc_text

NEAR_KM = 60.0
CAPITAL_BONUS = 4.0
CAPITAL_RATIO = 300
"""A town with fewer than 1/CAPITAL_RATIO of the people of a national capital of the same name gets no
bonus from the document's country focus alone."""
FOCUS_WEIGHT = 5.0
DOMINANT_RATIO = 50
"""A region's name points to its country when the region has this many times the people of any
same-named place elsewhere."""
CUE_WEIGHT = 1.5
"""Bonus for readings in the countries a shared cue points to ("$": the United States, Canada ...)."""
ERA_MARKERS = frozenset({"BC"})
"""A cue of these forms right after a number is an era ("500 BC"), not the place it abbreviates."""
CONTAINMENT_BONUS = 5.0
COUNTRY_NAME_PENALTY = 3.0
HAMLET_POPULATION = 5000
"""A village of fewer people named after a country needs the text to place it ("China, Maine")."""
LOCAL_COUNTRY_PENALTY = 10.0
"""Taken from a country reading of a name that begins a town's institution (``[local_words]``)."""
REGION_WEIGHT = 2.0
REGIONAL_WORDS = frozenset(
    {
        "ocean",
        "sea",
        "peninsula",
        "gulf",
        "africa",
        "asia",
        "america",
        "europe",
        "east",
        "west",
        "north",
        "south",
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "coast",
        "bay",
        "strait",
        "channel",
    }
)
"""A LOC name with one of these words is a region or a sea, never a street in the local town."""
GENERIC_DIRECTIONS = frozenset(
    {"east", "west", "north", "south", "eastern", "western", "northern", "southern"}
)
GENERIC_FEATURES = frozenset({"coast", "shore", "side", "island", "islands", "end", "valley"})
"""A name made of a direction and a landform ("West Coast", "North Shore", "South Island") is an informal
region in most countries: it names one country's subdivision or suburb only in a text about that country."""
RIVAL_POPULATION = 10000
FEATURE_RANK_LOCAL: dict[str, int] = {"PPL": 2, "ADM2": 1, "ADM1": 0}
"""Which reading of a leading name an office or a hall is named after: a town before a county before
a region."""
FAR_KM = 400.0
MAX_COHERENCE_CANDIDATES = 60
CELL_DEGREES = 0.5
REACH = 3
"""Coherence looks ``REACH`` cells (about 1.5 degrees, some 150 km) around a reading, in rows and columns."""
NEIGHBOURS = tuple(range(-REACH, REACH + 1))
_ROW_SHIFT = 12
_CELL_ROW = 1 << _ROW_SHIFT
"""Cells are numbered ``row * _CELL_ROW + column``: columns lie within +-363, so a cell's row is
``(cell + _CELL_ROW // 2) >> _ROW_SHIFT`` (see :func:`_row`) and its column the rest."""
_HALF_ROW = _CELL_ROW >> 1
COHERENCE_WEIGHT = 1.0
COHERENCE_CAP = 3
"""At most this many other names count as support for one reading."""
PLAUSIBLE_MARGIN = 1.5
PROFILE_WEIGHT = 3.0
"""Bonus for a reading in the country the document's other confidently resolved names lie in, times
their share."""
STATE_WEIGHT = 4.0
"""Bonus for a reading in the first-level region the other confidently resolved names lie in, times
their share (a local paper's stories name towns of one state)."""
STATE_MIN_SHARE = 0.3
"""A region supports a reading only when at least this share of the other confidently resolved names
lie in it: one Californian town among a story's places in five countries makes no Californian story."""
CONFIDENT_MARGIN = 2.0
"""A name counts towards the document's profile when its best reading beats its best reading in any
other country (region) by this much."""
FEATURE_PRIOR: dict[str, float] = {
    "CONT": 4.0,
    "PCLI": 4.5,
    "RGN": 4.0,
    "ADM1": 1.5,
    "ADM2": 0.5,
    "PPL": 0.0,
}
"""RGN: a curated region (``[regions]`` in the aliases file): a name chosen because it is well known."""


@dataclass(frozen=True, slots=True)
class _Facts:
    """What :meth:`Resolver._prior` needs to know about a mention's other readings."""

    names_country: bool
    """A strong reading is a country ("China", "Jordan")."""
    biggest_strong: int
    """The population of its biggest strong reading (-1 if none)."""
    biggest_town: int
    """The population of its biggest strong town reading (-1 if none)."""
    town_regions: frozenset[str | None]
    """The first-level regions its strong town readings lie in."""


NAME_CACHE = 4096
"""How many names (with their cues and readings) the resolver keeps the facts of between documents."""


@dataclass(frozen=True, slots=True)
class _Name:
    """What scoring a mention needs that depends on its name, cues and readings but not on the document.

    News repeats its places from story to story, so :meth:`Resolver._name` works these out once per
    process rather than once per document.
    """

    priors: dict[int, float]
    """:meth:`Resolver._priors` (a shared dict: do not change it)."""
    capital: Candidate | None
    """:meth:`Resolver._capital`."""
    pointing: tuple[str, int, str | None]
    """:func:`_pointing`."""
    names_country: bool
    """:meth:`Resolver._names_country`."""
    not_only_country: bool
    """Some reading is not a country (see ``_local_institutions``)."""
    homonym: bool
    """Readings in more than one country, none of them a country of that name (see ``_profile``)."""
    ids: tuple[int, ...]
    """The readings' ids, in order."""
    by_id: dict[int, Candidate]
    """The readings by id (a shared dict: do not change it)."""
    spots: tuple[tuple[int, int | None, str | None], ...]
    """(id, :func:`_cell` or None, ``admin1_code`` or None) of each town, county and region reading, in
    the readings' order: where coherence looks for support (the cell of a town or county only, see
    :meth:`Resolver._support`)."""


@dataclass
class Resolution:
    mention: Mention
    candidate: Candidate | None
    score: float = 0.0
    local: bool = False
    """Located at the document's focus place because the gazetteer does not know the name itself."""


def _prefix_match(a: str, b: str) -> bool:
    """'kharkiv' ~ 'kharkivska oblast', 'kursk' ~ 'kurskaya oblast': region names built on a town's."""
    a, b = norm(a), norm(b)
    n = min(len(a), 5)
    return len(a) >= 4 and b.startswith(a[:n]) and (b.startswith(a) or a.startswith(b.split(" ")[0][:n]))


def _extends(key: str, keys: set[str]) -> bool:
    """Whether the name is another name of the text with words added ("Dublin City" after "Dublin"):
    the longer name is the same place's, so it is no independent evidence of where that place is."""
    if " " not in key:
        return False  # a single word extends nothing
    words = key.split(" ")
    return any(" ".join(words[:i]) in keys for i in range(1, len(words)))


def _focus_place(
    counts: Counter[int], nations: Counter[str], by_id: dict[int, Candidate], exclude: str | None = None
) -> Candidate | None:
    """The place a document is about: in the country it names most (its places and nationality
    adjectives; ``exclude`` left out), the most-mentioned town or county, else region, else the country
    itself; of equals, the one named first (a story names its place early: the dateline, the lead)."""
    # ties go to the one the text names first (the counters keep the order of first mention)
    ranked_nations = [(cc, n) for cc, n in nations.items() if cc != exclude and cc]
    if not ranked_nations:
        return None
    main = max(ranked_nations, key=lambda kv: kv[1])[0]
    for features in (("PPL", "ADM2"), ("ADM1",), ("PCLI",)):
        ranked = [
            (pid, n) for pid, n in counts.items() if by_id[pid].feature in features and by_id[pid].cc == main
        ]
        if ranked:
            return by_id[max(ranked, key=lambda kv: kv[1])[0]]
    return None


def _generic(m: Mention) -> bool:
    """Whether a name is only a direction and a landform ("West Coast", "North Shore") and none of its
    readings is a well-known region of that name (a curated ``RGN``: "the West Bank")."""
    words = m.key.split(" ")
    return (
        len(words) == 2
        and words[0] in GENERIC_DIRECTIONS
        and words[1] in GENERIC_FEATURES
        and not any(c.feature == "RGN" for c in m.candidates)
    )


def _pointing(m: Mention) -> tuple[str, int, str | None]:
    """Where a mention points the document (see ``Resolver._focus``): the country it counts for, with
    what weight (0: it counts for none), and the first-level region it also counts for.  A name that
    extends another name of the text counts for none either (``_extends``: the caller asks, since that
    depends on the document and this does not)."""
    strong = [c for c in m.candidates if c.strong]
    if not strong or m.source == "demonym" or m.outlet or _generic(m):
        # a nationality adjective is counted apart; the place in a news outlet's name ("the New
        # York Times") says where the paper is, not the story
        return "", 0, None
    pcli = [c for c in strong if c.feature == "PCLI"]
    rivals = [
        c
        for c in strong
        if c.feature in ("ADM1", "ADM2") or (c.feature == "PPL" and c.population >= RIVAL_POPULATION)
    ]
    if pcli and not any(c.cc != pcli[0].cc for c in rivals):
        return pcli[0].cc, 2, None
    if pcli:
        return "", 0, None  # "Georgia", "Jordan": which country is what we are trying to find out
    # a name whose sizeable readings all lie in one country points to it ("Dallas": the hamlets
    # of that name elsewhere do not make it ambiguous; "Paris" and "London" stay ambiguous)
    pointing = rivals or strong
    top = max(strong, key=lambda c: c.population)
    if (
        top.feature == "ADM1"
        and all(DOMINANT_RATIO * c.population <= top.population for c in strong if c.cc != top.cc)
        and not any(c.feature == "PPL" and c.admin1_code == top.admin1_code for c in strong)
    ):
        # a first-level region dwarfing every reading elsewhere ("Ontario": the province, not
        # the Californian city) points to its country; not one named after its own city
        # ("Alexandria", "Berlin": the city is as likely as any namesake)
        pointing = [top]
    if len({c.cc for c in pointing}) != 1:
        return "", 0, None
    codes = {c.admin1_code for c in pointing}
    region = str(codes.pop()) if len(codes) == 1 and None not in codes else None
    return pointing[0].cc, 1, region


def _top(scores: dict[int, float], by_id: dict[int, Candidate]) -> int:
    """The best-scored reading, the most populous of equals, the first of those: what
    ``max(scores, key=lambda k: (scores[k], by_id[k].population))`` picks, without a key tuple per
    reading (most names have one best score: the population is then never asked)."""
    best = max(scores.values())
    tied = [k for k, v in scores.items() if v == best]
    if len(tied) == 1:
        return tied[0]
    return max(tied, key=lambda k: by_id[k].population)


def _cell(c: Candidate) -> int:
    """The number of the grid cell (``CELL_DEGREES`` on a side) a candidate lies in (see ``_CELL_ROW``)."""
    return math.floor(c.lat / CELL_DEGREES) * _CELL_ROW + math.floor(c.lon / CELL_DEGREES)


def _row(cell: int) -> int:
    """The grid row of a cell number (see ``_CELL_ROW``): the column, within +-363, cannot carry into it."""
    return (cell + _HALF_ROW) >> _ROW_SHIFT


class _Nearby:
    """Which names have a reading within ``REACH`` cells of a cell, worked out for the cells asked about.

    This replaces spreading every name's cells over their 49 neighbours (or looking up the 49 neighbours
    of every cell asked about): each cell is entered under the ``2 * REACH + 1`` rows it reaches, and a
    question reads the names entered under the cell's own row whose column is within ``REACH`` of its
    column: the same names, within ``REACH`` rows and ``REACH`` columns, in a seventh of the steps.
    """

    __slots__ = ("_asked", "_rows")

    def __init__(self, cells: dict[str, set[int]]) -> None:
        rows: dict[int, list[tuple[int, str]]] = {}
        for k, cell_set in cells.items():
            for cell in cell_set:
                row = _row(cell)
                entry = (cell - (row << _ROW_SHIFT), k)
                for r in range(row - REACH, row + REACH + 1):
                    found = rows.get(r)
                    if found is None:
                        rows[r] = [entry]
                    else:
                        found.append(entry)
        self._rows = rows
        self._asked: dict[int, set[str]] = {}

    def keys(self, cell: int) -> set[str]:
        """The names with a reading near ``cell`` (a shared set: do not change it)."""
        found = self._asked.get(cell)
        if found is None:
            row = _row(cell)
            col = cell - (row << _ROW_SHIFT)
            found = {k for c, k in self._rows.get(row, ()) if -REACH <= c - col <= REACH}
            self._asked[cell] = found
        return found


class Resolver:
    """Scores candidates in document context (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, aliases: Aliases) -> None:
        self.gaz = gazetteer
        self.aliases = aliases
        self.capitals = capitals()
        self._words: dict[int, tuple[str, ...]] | None = None
        self._cue_hashes: frozenset[int] | None = None
        self._phrases: list[tuple[str, tuple[str, ...]]] | None = None
        self._demonyms: frozenset[str] | None = None
        self._names: dict[tuple[object, ...], tuple[tuple[Candidate, ...], _Name]] = {}

    def _word_table(self, doc: Doc) -> dict[int, tuple[str, ...]]:
        """Token text hash -> the countries it points to: capitalised demonyms (one country each, as
        written: "Russian", "RUSSIAN") and cues (one or several).  Built once, on the first document's
        string store (hashes are the same in every document of a pipeline)."""
        if self._words is None:
            words: dict[int, tuple[str, ...]] = {}
            for form, cc in self.aliases.demonyms.items():
                if len(cc) == 2 and form[:1].isupper():
                    for variant in {form, form.upper(), form[:1] + form[1:].lower()}:
                        words[doc.vocab.strings.add(variant)] = (cc,)
            for cue, codes in self.aliases.cues.items():
                if " " not in cue:
                    words[doc.vocab.strings.add(cue)] = codes
            self._words = words
        return self._words

    def _name(self, m: Mention) -> _Name:
        """The mention's :class:`_Name`, kept between documents (at most ``NAME_CACHE`` of them).

        The readings are told apart by identity: the gazetteer hands out one tuple per name (and the
        detector one per nationality adjective), so a repeat finds its entry with no comparison of
        readings.  An entry holds its tuple, so no other tuple can take that tuple's ``id`` meanwhile.
        """
        cands = m.candidates
        sig = (id(cands), m.key, m.region, m.populated, m.source, m.outlet)
        found = self._names.get(sig)
        if found is not None and found[0] is cands:
            return found[1]
        if len(self._names) >= NAME_CACHE:
            self._names.clear()
        name = _Name(
            priors=self._priors(m),
            capital=self._capital(m),
            pointing=_pointing(m),
            names_country=self._names_country(m),
            not_only_country=any(c.feature != "PCLI" for c in cands),
            homonym=len({c.cc for c in cands}) >= 2 and not self._names_country(m),
            ids=tuple(c.id for c in cands),
            by_id={c.id: c for c in cands},
            spots=tuple(
                (c.id, _cell(c) if c.feature != "ADM1" else None, c.admin1_code or None)
                for c in cands
                if c.feature in ("PPL", "ADM2", "ADM1")
            ),
        )
        self._names[sig] = (cands, name)
        return name

    # -- focus ------------------------------------------------------------------------------------------

    def _focus(
        self, doc: Doc, mentions: list[Mention], names: list[_Name]
    ) -> tuple[Counter[str], Counter[str], frozenset[str]]:
        """Countries and first-level regions the document is about, from its unambiguous mentions, its
        nationality adjectives and its cues; and the countries its shared cues ("$") point to."""
        countries: Counter[str] = Counter()
        regions: Counter[str] = Counter()
        keys = {m.key for m in mentions}
        for m, name in zip(mentions, names, strict=True):
            cc, weight, region = name.pointing
            if not weight or _extends(m.key, keys):
                continue
            countries[cc] += weight
            if region is not None:
                regions[region] += 1
        table = self._word_table(doc)
        zone: set[str] = set()
        cued: set[int] = set()
        orth = doc.to_array(ORTH).tolist()
        # most documents hold few of the table's words: find which first (one set operation), then where
        present = table.keys() & set(orth)
        hits = [i for i, h in enumerate(orth) if h in present] if present else []
        for i in hits:
            h = orth[i]
            codes = table[h]
            if h in self._cue_hash_set(doc):
                if h in cued:
                    continue  # a cue counts once, however often the text repeats it
                if i and doc[i].text in ERA_MARKERS and doc[i - 1].like_num:
                    continue  # "500 BC" is a year, not British Columbia
                cued.add(h)
                if len(codes) > 1:
                    zone.update(codes)
                    continue
            countries[codes[0]] += 1
        text = doc_text(doc)
        for cue, codes in self._phrase_cues():
            if cue in text:  # a cue of several words ("Police Department"), found in the text once
                if len(codes) > 1:
                    zone.update(codes)
                else:
                    countries[codes[0]] += 1
        return countries, regions, frozenset(zone)

    def _phrase_cues(self) -> list[tuple[str, tuple[str, ...]]]:
        """The cues of several words (matched in the text as written, not token by token)."""
        if self._phrases is None:
            self._phrases = [(c, codes) for c, codes in self.aliases.cues.items() if " " in c]
        return self._phrases

    def _cue_hash_set(self, doc: Doc) -> frozenset[int]:
        """The hashes of the cue tokens (a subset of :meth:`_word_table`'s keys)."""
        if self._cue_hashes is None:
            self._cue_hashes = frozenset(doc.vocab.strings.add(c) for c in self.aliases.cues)
        return self._cue_hashes

    # -- scoring ----------------------------------------------------------------------------------------

    def _priors(self, m: Mention) -> dict[int, float]:
        """:meth:`_prior` of each of the mention's candidates."""
        strong = [o for o in m.candidates if o.strong]
        facts = _Facts(
            names_country=any(o.feature == "PCLI" for o in strong),
            biggest_strong=max((o.population for o in strong), default=-1),
            biggest_town=max((o.population for o in strong if o.feature == "PPL"), default=-1),
            town_regions=frozenset(o.admin1_code for o in strong if o.feature == "PPL"),
        )
        return {c.id: self._prior(m, c, facts) for c in m.candidates}

    def _prior(self, m: Mention, c: Candidate, facts: _Facts) -> float:
        s = FEATURE_PRIOR.get(c.feature, 0.0) + 0.55 * math.log10(c.population + 10)
        if not c.strong:
            # an alternate name of one entry ("Liverpool" for a Washington, Indiana) is a poor reading,
            # and a worse one where the name is a bigger entry's own ("Liverpool" itself); "Geneva",
            # only an alternate name of Genève, still beats the small towns whose own name it is
            s -= 3.0 + (3.0 if facts.biggest_strong > c.population else 0.0)
        if m.region:
            if c.feature == "ADM1" and _prefix_match(m.key.split(" ")[0], c.name):
                s += 6.0
            elif c.feature in ("ADM1", "ADM2"):
                s += 3.0
            elif c.feature == "PPL":
                s -= 1.0
        elif c.feature in ("ADM1", "ADM2") and (
            norm(c.name) != m.key
            or c.admin1_code in facts.town_regions
            or (c.feature == "ADM2" and facts.biggest_town > c.population)
        ):
            # "Kharkiv" or "Istanbul" alone is the city; the region is "Kharkiv region"; "Cambridge" is
            # the English city, not an Australian district of fewer people
            s -= 2.5
        if c.feature == "PPL" and (norm(c.name), c.cc) in self.capitals:
            s += CAPITAL_BONUS
        if m.populated:
            s += 3.0 if c.feature == "PPL" else -3.0
        if c.feature == "PPL" and c.population < HAMLET_POPULATION and facts.names_country:
            # "China": a country's own name means the country, not a hamlet named after it, whatever
            # the document is about, unless the text places it ("China, Maine"; see ``_containment``).
            # Towns of some size named after countries ("Lebanon, Palestine") compete on the evidence.
            s -= COUNTRY_NAME_PENALTY
        return s

    @staticmethod
    def _names_country(m: Mention) -> bool:
        return any(c.feature == "PCLI" and c.strong for c in m.candidates)

    def _capital(self, m: Mention) -> Candidate | None:
        """The mention's reading that is a national capital, if any ("London", "Paris")."""
        capitals = [c for c in m.candidates if c.feature == "PPL" and (norm(c.name), c.cc) in self.capitals]
        return max(capitals, key=lambda c: c.population) if capitals else None

    def _context(
        self,
        c: Candidate,
        countries: Counter[str],
        regions: Counter[str],
        total: int,
        zone: frozenset[str],
        capital: Candidate | None = None,
    ) -> float:
        s = 0.0
        if c.cc in zone and c.feature not in ("PCLI", "CONT"):
            s += CUE_WEIGHT
        dwarfed = (
            capital is not None and c.cc != capital.cc and c.population * CAPITAL_RATIO < capital.population
        )
        if total and c.cc and not dwarfed:
            # the country a story is about does not make a village "London": that takes evidence of
            # the village's own region (coherence, containment, the document's profile)
            s += FOCUS_WEIGHT * countries.get(c.cc, 0) / total
            if countries.get(c.cc, 0) == 0 and c.feature not in ("PCLI", "CONT"):
                s -= 1.0
        if c.admin1_code and regions.get(c.admin1_code) and c.feature != "ADM1":
            s += REGION_WEIGHT
        return s

    def __call__(self, doc: Doc, mentions: list[Mention]) -> list[Resolution]:
        # each mention's document-independent facts, asked for once per mention (and again where a
        # repair below gives it new readings)
        names = [self._name(m) for m in mentions]
        countries, regions, zone = self._focus(doc, mentions, names)
        total = sum(countries.values())
        for i, m in enumerate(mentions):
            if not m.candidates and (m.source == "ner" or m.populated):
                m.candidates = self._repair(m, countries)
                names[i] = self._name(m)
        scored: list[dict[int, float]] = []
        memo: dict[tuple[object, ...], dict[int, float]] = {}
        for m, name in zip(mentions, names, strict=True):
            # a name repeated with the same cues scores the same: score it once per document
            sig = (m.key, m.region, m.populated, name.ids)
            scores = memo.get(sig)
            if scores is None:
                priors, capital = name.priors, name.capital
                scores = {
                    c.id: priors[c.id] + self._context(c, countries, regions, total, zone, capital)
                    for c in m.candidates
                }
                memo[sig] = scores
            scored.append(dict(scores))
        self._local_institutions(doc, mentions, names, scored)
        self._containment(doc, mentions, scored)
        self._coherence(mentions, names, scored)
        self._profile(mentions, names, scored)
        best = self._bests(mentions, names, scored)
        self._regions(best)
        anchored = self._near(doc, mentions, best) if self._has_near(doc) else set()
        self._one_sense(best)
        self._city_of(best)
        self._local(best, anchored, countries)
        self._generic_regions(best, countries)
        return best

    def _generic_regions(self, best: list[Resolution], countries: Counter[str]) -> None:
        """"The West Coast" in a story about the United States is not New Zealand's West Coast region.

        A direction-and-landform name (see ``GENERIC_DIRECTIONS``) read as a place in a country the
        document does not mostly name is placed in the country it does (the informal region has no
        entry of its own); no name of that form counts towards the document's focus (see ``_focus``).
        """
        ranked = [(cc, n) for cc, n in countries.items() if cc]
        if not ranked:
            return
        main = max(ranked, key=lambda kv: kv[1])[0]
        for i, r in enumerate(best):
            m = r.mention
            if not _generic(m) or r.local or (r.candidate is not None and r.candidate.cc == main):
                continue
            country = self.gaz.country(main)
            if country is not None:
                best[i] = Resolution(m, country, 0.0)

    def _coherence(self, mentions: list[Mention], names: list[_Name], scored: list[dict[int, float]]) -> None:
        """Places a text names together lie together: reward readings near readings of the other names.

        For each candidate, count the *other* names in the document that have some reading within about
        a degree (one grid cell around it); a town and its county, two neighbouring towns support each
        other even when both are ambiguous ("Paris" and "Henry County" in Tennessee).
        """
        cells: dict[str, set[int]] = {}
        admins: dict[str, set[str]] = {}
        done: dict[str, list[tuple[tuple[Candidate, ...], dict[int, float]]]] = {}
        for m, name, scores in zip(mentions, names, scored, strict=True):
            if m.source == "demonym" or not m.candidates:
                continue
            # a repeat of a name with the same readings and scores adds the same cells again: skip it
            tried = done.setdefault(m.key, [])
            if any(cands == m.candidates and old == scores for cands, old in tried):
                continue
            tried.append((m.candidates, scores))
            floor = max(scores.values()) - PLAUSIBLE_MARGIN
            cell_set = cells.setdefault(m.key, set())
            admin_set = admins.setdefault(m.key, set())
            if len(m.candidates) <= MAX_COHERENCE_CANDIDATES:
                # every plausible reading counts (there are too few readings for the cut below): read
                # the towns', counties' and regions' places off the name's spots, which hold the cells
                for cid, cell, code in name.spots:
                    if scores[cid] >= floor:
                        if cell is not None:
                            cell_set.add(cell)
                        if code is not None:
                            admin_set.add(code)
                continue
            plausible = [c for c in m.candidates if scores[c.id] >= floor]
            cs = plausible  # only which readings count matters below, not their order
            if len(plausible) > MAX_COHERENCE_CANDIDATES:
                cs = sorted(plausible, key=lambda c: -scores[c.id])[:MAX_COHERENCE_CANDIDATES]
            for c in cs:
                if c.feature in ("PPL", "ADM2"):
                    cell_set.add(_cell(c))
                if c.feature in ("PPL", "ADM2", "ADM1") and c.admin1_code:
                    admin_set.add(c.admin1_code)
        if len(cells) < 2:
            return
        asking = [i for i, m in enumerate(mentions) if len(m.candidates) >= 2 and m.key in cells]
        if not asking:
            return  # no ambiguous name: nothing to reward
        # which names have a reading near a cell (within REACH of it), which in a region
        near_keys = _Nearby(cells)
        admin_keys: dict[str, set[str]] = {}
        for k in cells:
            for code in admins[k]:
                admin_keys.setdefault(code, set()).add(k)
        # the bonus of each reading depends only on the name: work it out once per name and readings,
        # and leave out the readings with no support (adding nothing changes no score)
        bonuses: dict[str, tuple[tuple[Candidate, ...], list[tuple[int, float]]]] = {}
        for i in asking:
            m = mentions[i]
            seen = bonuses.get(m.key)
            if seen is None or seen[0] != m.candidates:
                support = self._support(m.key, names[i], near_keys, admin_keys)
                seen = bonuses[m.key] = (m.candidates, support)
            scores = scored[i]
            for cid, bonus in seen[1]:
                scores[cid] += bonus

    @staticmethod
    def _support(
        key: str, name: _Name, near_keys: _Nearby, admin_keys: dict[str, set[str]]
    ) -> list[tuple[int, float]]:
        """The coherence bonus of each of the name's readings that has one, in the readings' order
        (see :meth:`_coherence`): the other names near a town or county, or with a reading in its
        first-level region; a region's point says little, its towns do (``spots`` gives it no cell)."""
        out: list[tuple[int, float]] = []
        for cid, cell, code in name.spots:
            near = near_keys.keys(cell) if cell is not None else None
            region = admin_keys.get(code) if code is not None else None
            # the union is made only where both have names; the name itself never counts
            names = near | region if near and region else near or region
            if not names:
                continue
            support = len(names) - (key in names)
            if support:
                out.append((cid, COHERENCE_WEIGHT * min(support, COHERENCE_CAP)))
        return out

    def _profile(self, mentions: list[Mention], names: list[_Name], scored: list[dict[int, float]]) -> None:
        """Weigh homonyms by where the document's other, confidently resolved, names lie.

        A name whose best reading beats every reading in another country by ``CONFIDENT_MARGIN`` (or
        whose readings all lie in one country) says which country the text is in; if it also beats every
        reading in another first-level region, which region.  Each distinct name counts once, and a
        name never counts towards itself or its own family ("Dublin City", "Dublin Community Center"
        are no evidence that "Dublin" is the Irish one: they are the same name).  An ambiguous name's
        readings then gain ``PROFILE_WEIGHT`` times the share of the other names in their country and
        ``STATE_WEIGHT`` times the share in their region: an article whose other places are Ohio towns
        puts "Dublin" in Ohio.
        """
        evidence: dict[str, tuple[str, str | None]] = {}
        for m, name, scores in zip(mentions, names, scored, strict=True):
            if m.outlet or m.source == "demonym" or not scores or m.key in evidence:
                continue  # "Russian troops" say who fights, not where: the focus already counts them
            by_id = name.by_id
            top_id = _top(scores, by_id)
            top = by_id[top_id]
            if not top.cc:
                continue
            rival_cc = max((v for k, v in scores.items() if by_id[k].cc != top.cc), default=None)
            if rival_cc is not None and scores[top_id] - rival_cc < CONFIDENT_MARGIN:
                continue
            region = top.admin1_code if top.feature != "PCLI" else None
            if region is not None:
                rival_adm = max(
                    (v for k, v in scores.items() if by_id[k].admin1_code != region), default=None
                )
                if rival_adm is not None and scores[top_id] - rival_adm < CONFIDENT_MARGIN:
                    region = None
            evidence[m.key] = (top.cc, region)
        if not evidence:
            return
        padded = [(f" {k} ", v) for k, v in evidence.items()]
        # what the other names say depends only on the name: work it out once per distinct name
        support: dict[str, tuple[int, dict[str, int], dict[str, int]] | None] = {}
        for m, name, scores in zip(mentions, names, scored, strict=True):
            if m.source == "demonym" or not name.homonym:
                continue  # a country's own name is the country ("Mexico", "China"), wherever the text is
            if m.key in support:
                found = support[m.key]
            else:
                own = f" {m.key} "
                others = [v for k, v in padded if own not in k and k not in own]
                found = None
                if others:
                    # counted in plain dicts: a few names each, where two Counters cost more to make
                    nations: dict[str, int] = {}
                    regions: dict[str, int] = {}
                    for cc, r in others:
                        nations[cc] = nations.get(cc, 0) + 1
                        if r:
                            regions[r] = regions.get(r, 0) + 1
                    found = (len(others), nations, regions)
                support[m.key] = found
            if found is None:
                continue
            n, nations, regions = found
            for c in m.candidates:
                if c.feature in ("PCLI", "CONT"):
                    continue
                scores[c.id] += PROFILE_WEIGHT * nations.get(c.cc, 0) / n
                share = regions.get(c.admin1_code, 0) / n if c.admin1_code else 0.0
                if share >= STATE_MIN_SHARE:
                    scores[c.id] += STATE_WEIGHT * share

    def _bests(
        self, mentions: list[Mention], names: list[_Name], scored: list[dict[int, float]]
    ) -> list[Resolution]:
        """:meth:`_best` of every mention; a repeat of a name with the same readings and scores takes
        the reading chosen before (a new ``Resolution`` of its own)."""
        out: list[Resolution] = []
        chosen: dict[str, list[tuple[tuple[Candidate, ...], dict[int, float], Resolution]]] = {}
        for m, name, scores in zip(mentions, names, scored, strict=True):
            tried = chosen.setdefault(m.key, [])
            for cands, old, r in tried:
                if cands == m.candidates and old == scores:
                    out.append(Resolution(m, r.candidate, r.score))
                    break
            else:
                r = self._best(m, name.by_id, scores)
                tried.append((m.candidates, scores, r))
                out.append(r)
        return out

    @staticmethod
    def _best(m: Mention, by_id: dict[int, Candidate], scores: dict[int, float]) -> Resolution:
        if not scores:
            return Resolution(m, None)
        cid = _top(scores, by_id)
        return Resolution(m, by_id[cid], scores[cid])

    def _repair(self, m: Mention, countries: Counter[str]) -> tuple[Candidate, ...]:
        """One-edit misspellings, towards a single entry in a country the document is about."""
        if len(m.key) < 6 or " " in m.key:
            return ()
        found: list[Candidate] = []
        for key in self.gaz.fuzzy(m.key):
            found.extend(c for c in self.gaz.lookup(key) if c.strong and countries.get(c.cc, 0) > 0)
        return tuple(found) if len({c.id for c in found}) == 1 else ()

    def _local_institutions(
        self, doc: Doc, mentions: list[Mention], names: list[_Name], scored: list[dict[int, float]]
    ) -> None:
        """A name that begins a town's institution ("Peru Public Schools", "Chile
        Township") is the town, not the country of that name (see ``[local_words]``)."""
        text = doc_text(doc)
        for m, name, scores in zip(mentions, names, scored, strict=True):
            if m.source == "demonym" or not name.names_country or not name.not_only_country:
                continue
            after = text[m.end_char : m.end_char + 40]
            if not any(after.startswith(" " + w) for w in self.aliases.local_words):
                continue
            for c in m.candidates:
                if c.feature == "PCLI":
                    scores[c.id] -= LOCAL_COUNTRY_PENALTY

    def _containment(self, doc: Doc, mentions: list[Mention], scored: list[dict[int, float]]) -> None:
        """'X, Y' and 'X in Y': put X inside Y when Y is a country or a region."""
        text = doc_text(doc)
        for i, m in enumerate(mentions):
            for j in range(i + 1, min(i + 2, len(mentions))):
                y = mentions[j]
                between = text[m.end_char : y.start_char].strip().lower()
                if between not in (",", "in", ", in", "in the", "(") or not y.candidates:
                    continue
                for c in m.candidates:
                    if any(
                        (yc.feature == "PCLI" and yc.cc == c.cc)
                        or (yc.feature == "ADM1" and yc.admin1_code == c.admin1_code and c.id != yc.id)
                        for yc in y.candidates
                    ):
                        hamlet = c.feature == "PPL" and c.population < HAMLET_POPULATION
                        scored[i][c.id] += CONTAINMENT_BONUS + (
                            COUNTRY_NAME_PENALTY if hamlet and self._names_country(m) else 0.0
                        )
                for yc in y.candidates:
                    if any(
                        (yc.feature == "PCLI" and yc.cc == c.cc)
                        or (yc.feature == "ADM1" and yc.admin1_code == c.admin1_code and c.id != yc.id)
                        for c in m.candidates
                    ):
                        scored[j][yc.id] += 2.0

    def _regions(self, best: list[Resolution]) -> None:
        """'Lugansk region' resolved to the town: lift it to the first-level region named after the town."""
        for i, r in enumerate(best):
            c = r.candidate
            if not r.mention.region or c is None or c.feature != "PPL" or not c.admin1_code:
                continue
            adm = self.gaz.admin1(c.admin1_code)
            if adm is not None and (
                _prefix_match(c.name, adm.name) or _prefix_match(r.mention.key, adm.name)
            ):
                best[i] = Resolution(r.mention, adm, r.score)

    @staticmethod
    def _has_near(doc: Doc) -> bool:
        """Whether the text says "near" at all (most do not: then ``_near`` has nothing to do)."""
        return "near" in doc_text(doc).lower()

    def _near(self, doc: Doc, mentions: list[Mention], best: list[Resolution]) -> set[int]:
        """'X near Y': keep X only if it lies near Y's resolution; else leave X unresolved.

        "near" must modify X itself ("the village of X near Y"), not the verb of a clause X is the subject
        of ("Kyiv has seized two tankers near Odesa" says nothing about where Kyiv is).  Returns the
        indices of the mentions so anchored (an unknown X near Y is left unresolved, never guessed).
        """
        anchored: set[int] = set()
        text = doc_text(doc)
        for i, m in enumerate(mentions[:-1]):
            y = best[i + 1]
            if "near" not in text[m.end_char : y.mention.start_char].lower():
                continue  # no token "near" between them: nothing below applies (no Span built)
            between = doc[m.end : y.mention.start]
            if len(between) > 8 or y.candidate is None:
                continue
            if len(between) and between[0].lower_ == "near":
                anchored.add(i)  # "Zvezdnikovo near Sudzha", however the parser attached "near"
            if not any(t.lower_ == "near" and m.start <= t.head.i < m.end for t in between):
                continue
            anchored.add(i)
            yc = y.candidate
            near = [c for c in m.candidates if haversine_km(c.lat, c.lon, yc.lat, yc.lon) <= NEAR_KM]
            current = best[i].candidate
            if near:
                best[i] = Resolution(m, max(near, key=lambda c: c.population), best[i].score)
            elif current is None or (
                current.feature == "PPL" and haversine_km(current.lat, current.lon, yc.lat, yc.lon) > FAR_KM
            ):
                best[i] = Resolution(m, None)
        return anchored

    def _local(self, best: list[Resolution], anchored: set[int], countries: Counter[str]) -> None:
        """Streets, buildings and other local names the gazetteer lacks lie in the place the text is about.

        A multi-word name that did not resolve ("Marlow Street", "Dulles International Airport"), or a single
        word the text itself calls a place ("the village of Dorvalek", "moved back to Mbonteni") that the
        gazetteer lacks (its villages of fewer than 500 people are not in it), is located
        at the most-mentioned town or county of the country the document names most, else that
        country's most-mentioned region, else the country: the record then names that entry (and says so:
        ``local`` resolutions keep the mention's text).  So is a building named after a place in another
        country ("the Manchester Academy" in a story about Lagos).
        A name that was deliberately left unresolved ("X near Y" with no X near Y) stays unresolved.
        """
        counts: Counter[int] = Counter()
        nations: Counter[str] = Counter()
        by_id: dict[int, Candidate] = {}
        for r in best:
            if r.candidate is not None and not r.mention.facility:
                nations[r.candidate.cc] += 1
                if r.mention.source != "demonym":
                    counts[r.candidate.id] += 1
                    by_id[r.candidate.id] = r.candidate
        focus = _focus_place(counts, nations, by_id) if counts else None
        if focus is not None:
            main: str | None = focus.cc
        else:
            # no place resolved: an office named after a town ("Whitestown Town Hall") can still be
            # placed, in the country the text's cues point to, or where its name is unambiguous
            main = max(countries, key=lambda cc: countries[cc]) if countries else None
        for i, r in enumerate(best):
            m = r.mention
            if focus is None:
                if r.candidate is None and not m.candidates and m.source != "demonym":
                    named = self._named_after(m, main)
                    if named is not None:
                        best[i] = Resolution(m, named, 0.0, local=True)
            elif m.facility and r.candidate is not None and self._mission(m):
                # "the Russian Embassy": the sending state's mission is where the story is, outside it
                elsewhere = _focus_place(counts, nations, by_id, exclude=r.candidate.cc)
                best[i] = Resolution(m, elsewhere, 0.0, local=elsewhere is not None)
            elif m.facility and r.candidate is not None and r.candidate.cc != main:
                best[i] = Resolution(m, focus, 0.0, local=True)  # "Manchester Academy" in Lagos
            elif r.candidate is None and not m.candidates and m.source != "demonym":
                street = m.text.rsplit(" ", 1)[-1] in self.aliases.street_words
                named = self._named_after(m, main)
                if named is not None:
                    best[i] = Resolution(m, named, 0.0, local=True)  # "Whitestown Town Hall"
                elif (nation := self._demonym_led(m, street)) is not None:
                    best[i] = Resolution(m, nation, 0.0)  # "the Austrian Empire"
                elif (m.end - m.start >= 2 or (m.source == "ner" and i not in anchored)) and not (
                    m.label == "LOC" and (set(m.key.split()) & REGIONAL_WORDS) and not street
                ):
                    best[i] = Resolution(m, focus, 0.0, local=True)

    def _demonym_led(self, m: Mention, street: bool) -> Candidate | None:
        """The country of the nationality adjective that begins an unknown name of several words.

        "The Austrian Empire", "the Canadian Space Agency": the name is the nation's or one of its
        national institutions', not a local one (the geoparsing corpora put such an adjective at its
        country); a street ("Mexican Street") and a building ("the Mexican Cultural Institute", see
        ``_local``) are local."""
        words = m.text.split(" ")
        if len(words) < 2 or street:
            return None
        cc = self.aliases.demonyms.get(words[0])
        return self.gaz.country(cc) if cc is not None and len(cc) == 2 else None

    def _demonym_keys(self) -> frozenset[str]:
        """The nationality adjectives, normalised."""
        if self._demonyms is None:
            self._demonyms = frozenset(norm(k) for k in self.aliases.demonyms)
        return self._demonyms

    def _named_after(self, m: Mention, country: str | None) -> Candidate | None:
        """The place in ``country`` whose name begins an unknown name ("*North Las Vegas* Police
        Department", "*Pointe Coupee* Sheriff's Office"): offices and halls are named after the town
        they serve (streets are not: "Topeka Street" is in the story's town, see :meth:`_local`).
        The longest such leading name wins, and its most populous reading in the country the document
        is about (with no such country, a name whose readings all lie in one); a leading word that is no
        place on its own ("North", "Central") never counts."""
        words = m.key.split(" ")
        if len(words) < 2 or m.text.rsplit(" ", 1)[-1] in self.aliases.street_words:
            return None
        for n in range(len(words) - 1, 0, -1):
            key = " ".join(words[:n])
            if n == 1 and (
                key in self.aliases.not_places
                or key in REGIONAL_WORDS
                or len(key) < 4
                or key in self._demonym_keys()
            ):
                continue  # "South Ninth Street", "Canadian Pension Fund": no town's name
            inside = [c for c in self.gaz.lookup(key) if c.strong and (country is None or c.cc == country)]
            if country is None and len({c.cc for c in inside}) > 1:
                return None  # no country to choose by, and the name is in several
            if inside:
                return max(inside, key=lambda c: (FEATURE_RANK_LOCAL.get(c.feature, 9), c.population))
        return None

    @staticmethod
    def _city_of(best: list[Resolution]) -> None:
        """"X City" is the town X resolved to when none of its own readings lies in X's country.

        Local papers write "Dublin City Council", "Dublin City Schools" for the Ohio town; the
        gazetteer's "Dublin City" is the Irish county.  A "X City" with readings of its own in X's country
        ("Kansas City", "Panama City" in Florida) keeps them.
        """
        towns: dict[str, Candidate] = {}
        for r in best:
            c = r.candidate
            if c is not None and c.feature == "PPL" and not r.mention.region and not r.local:
                towns.setdefault(r.mention.key, c)
        if not towns:
            return
        for i, r in enumerate(best):
            words = r.mention.key.split(" ")
            if len(words) < 2 or words[-1] != "city":
                continue
            town = towns.get(" ".join(words[:-1]))
            if town is None or any(c.cc == town.cc for c in r.mention.candidates):
                continue
            best[i] = Resolution(r.mention, town, r.score)

    def _mission(self, m: Mention) -> bool:
        """A facility named as a country's diplomatic mission ("the British Embassy")."""
        return m.text.rsplit(" ", 1)[-1] in self.aliases.mission_words

    def _one_sense(self, best: list[Resolution]) -> None:
        """The same name in one document refers to the same place: the best-scored reading wins.

        "X" and "the X region" are kept apart (a town and its region), but the town is the one in that
        region when there is one ("Donetsk ... the Donetsk region").
        """
        chosen: dict[tuple[str, bool], Resolution] = {}
        for r in best:
            if r.candidate is None:
                continue
            k = (r.mention.key, r.mention.region)
            if k not in chosen or r.score > chosen[k].score:
                chosen[k] = r
        for k, r in list(chosen.items()):
            region = chosen.get((k[0], True))
            if k[1] or region is None or region.candidate is None or region.candidate.feature != "ADM1":
                continue
            # the region reading names a unique entry; the bare name is its town when it has one
            code = region.candidate.admin1_code
            inside = [c for c in r.mention.candidates if c.feature == "PPL" and c.admin1_code == code]
            if inside and r.candidate is not None and r.candidate.admin1_code != code:
                chosen[k] = Resolution(r.mention, max(inside, key=lambda c: c.population), r.score)
        for i, r in enumerate(best):
            k = (r.mention.key, r.mention.region)
            if k not in chosen:
                continue
            target = chosen[k].candidate
            if target is None:
                continue
            if r.candidate is None and not r.mention.candidates:
                # a mention whose own reading was filtered away ("Hammond and East Chicago" tagged as a
                # region) is the place the same name resolved to elsewhere in the text
                best[i] = Resolution(r.mention, target, chosen[k].score)
            elif r.candidate is not None and any(c.id == target.id for c in r.mention.candidates):
                best[i] = Resolution(r.mention, target, chosen[k].score)
