"""The actor knowledge base: countries, organisations, disputed entities, role words and people.

Everything a user may want to correct or extend lives in the versioned data files under
``tidings/actors/data/`` (format in ``data/README.md``); this module only loads them into lookup indexes.
Keeping the knowledge out of the code is what lets a user add a new foreign minister or a rebel group
without reading the resolver (PETRARCH's dictionaries went stale exactly because they could not).

Phrases are matched after :func:`normalise`: accents folded, apostrophes unified, lower-cased, a leading
"the" dropped.  Short all-capital names (``US``, ``UN``, ``WHO``, ``AU``) are matched case-sensitively so
that the pronoun "us" and the relative "who" never become actors.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "tidings.actors.data"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]{0,5}$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accents removed and apostrophes/dashes unified, case kept."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The lookup key of a phrase: folded, lower-cased, without a leading article."""
    key = fold(text).lower()
    if key.startswith("the "):
        key = key[4:]
    return key


def is_acronym(name: str) -> bool:
    """Short capitalised names (``US``, ``U.N.``, ``WHO``) are matched case-sensitively."""
    return bool(_ACRONYM.match(fold(name))) and any(c.isalpha() for c in name)


@dataclass(frozen=True)
class Entry:
    """A named non-person entity: a country, a capital, an organisation, a disputed territory.

    ``kind`` says how the name denotes its actor: ``country`` (the state itself, no sector), ``adjective``
    (a demonym, "Russian"), ``capital`` and ``metonym`` (a seat standing for its government), ``org``,
    ``disputed`` (PLOVER's partially recognised entities: the claimant state with sector PRE),
    ``dependency`` (folded into the controlling state, per the manual), ``city``/``region`` (places
    that act only through their people, and are venues more often than actors) and ``ethnic`` (an ethnic
    group: coded by the state the context places it in, else by ``states`` when it names exactly one --
    then ``code`` is that state -- else ``UNK``).
    """

    kind: str
    code: str
    name: str
    sector: str | None = None
    wikidata: str | None = None
    until: dt.date | None = None
    sector_after: str | None = None
    states: tuple[str, ...] = ()

    def sector_on(self, date: dt.date | None) -> str | None:
        """Organisations whose role changed (the Taliban took power in 2021) are coded by the date."""
        if self.until is not None and date is not None and date > self.until:
            return self.sector_after
        return self.sector


@dataclass(frozen=True)
class Office:
    """One office a person held: the country (or special code) and sector it codes them as."""

    code: str
    sector: str
    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, date: dt.date) -> bool:
        """True when ``date`` falls in [start, end); an empty bound is open (the file says "not known")."""
        if self.start is not None and date < self.start:
            return False
        return not (self.end is not None and date >= self.end)


@dataclass(frozen=True)
class Person:
    """A person from ``people.tsv`` with every office they held."""

    name: str
    aliases: tuple[str, ...]
    wikidata: str | None
    offices: tuple[Office, ...]

    def office_on(self, date: dt.date | None) -> Office | None:
        """The office held on ``date``; without a date, the most recent office (the person's best-known
        role for undated text)."""
        if not self.offices:
            return None
        if date is None:
            return self.latest()
        held = [o for o in self.offices if o.holds_on(date)]
        if not held:
            return None
        return max(held, key=lambda o: o.start or dt.date.min)

    def latest(self) -> Office:
        return max(self.offices, key=lambda o: o.start or dt.date.min)

    def last_before(self, date: dt.date) -> Office | None:
        """The last office that ended before ``date`` (a former officeholder is coded ELI of that country)."""
        ended = [o for o in self.offices if o.end is not None and o.end <= date]
        if ended:
            return max(ended, key=lambda o: o.end or dt.date.min)
        return None


@dataclass(frozen=True)
class Role:
    """A role or body word ("spokesman", "foreign ministry", "troops") and the sector it implies.

    ``person`` roles denote people, ``body`` roles institutions; ``generic`` roles ("spokesman",
    "official", "leader") take the sector of the body they are attached to ("army spokesman" -> MIL,
    "rebel leader" -> REB) and keep their own only when nothing else in the phrase gives one.
    """

    phrase: str
    sector: str | None
    person: bool
    generic: bool = False


@dataclass(frozen=True)
class PhraseInfo:
    """Everything the tables say about one phrase, as :meth:`KnowledgeBase.phrase_info` memoises it.

    The raw readings, before the phrase matcher applies what depends on the tokens (case, whether the
    phrase is one token, whether it holds a name).
    """

    entries: tuple[Entry, ...]
    people: tuple[Person, ...]
    role: Role | None
    modifier: str | None
    international: bool


PHRASE_MEMO_LIMIT = 500_000
"""The phrase memos are cleared when they grow past this many texts (a long-running ingest of varied
text would otherwise grow them without bound); they refill from the tables at the cost of a lookup."""


@dataclass
class KnowledgeBase:
    """Indexes over the data files; build with :func:`knowledge`."""

    entities: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    acronyms: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, Role] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)
    international: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    countries: dict[str, Entry] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    max_words: int = 1
    first_words: set[str] = field(default_factory=set)
    first_reach: dict[str, int] = field(default_factory=dict)
    # memos keyed by the text as written: the phrase matcher asks about the same words in every
    # document, and each answer otherwise costs several normalisations and table lookups
    _reach_memo: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _phrase_memo: dict[str, PhraseInfo | None] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups -------------------------------------------------------------------------------------
    def entity(self, text: str) -> list[Entry]:
        """Entities named exactly ``text`` (acronyms case-sensitively)."""
        folded = fold(text)
        if folded in self.acronyms:
            return list(self.acronyms[folded])
        if is_acronym(folded) and folded.upper() == folded:
            return []
        return list(self.entities.get(normalise(text), ()))

    def person(self, text: str) -> list[Person]:
        return list(self.people.get(normalise(text), ()))

    def role(self, text: str) -> Role | None:
        return self.roles.get(normalise(text))

    def country(self, code: str) -> Entry | None:
        return self.countries.get(code)

    def may_start(self, word: str) -> bool:
        """Can a phrase of the knowledge base start with this token?  (Prunes the phrase matcher.)"""
        return normalise(word) in self.first_words or fold(word) in self.first_words

    def reach(self, word: str) -> int:
        """How many tokens, at most, a knowledge-base phrase starting with this token can span (0: none
        starts with it).  Bounds the phrase matcher's look-ahead per token instead of per table."""
        memo = self._reach_memo
        found = memo.get(word)
        if found is None:
            if len(memo) > PHRASE_MEMO_LIMIT:
                memo.clear()
            found = memo[word] = self._reach(word)
        return found

    def starts(self, words: list[str]) -> list[int]:
        """The positions in ``words`` where a phrase can start (``[i for i, w in enumerate(words) if
        self.reach(w)]``), reading the memo directly: a document asks this of every one of its words."""
        memo, reach = self._reach_memo, self.reach
        # ``reach`` fills the memo (and may clear it when full): ask it only for words not in it
        return [i for i, word in enumerate(words) if (memo[word] if word in memo else reach(word))]

    def _reach(self, word: str) -> int:
        if not self.may_start(word):
            return 0
        found = max(self.first_reach.get(normalise(word), 0), self.first_reach.get(fold(word), 0))
        return min(self.max_words, found)

    def phrase_info(self, text: str) -> PhraseInfo | None:
        """What the tables hold for ``text`` (:meth:`entity`, :meth:`person`, :meth:`role`, modifiers,
        international words), or ``None`` when they hold nothing; memoised per text.

        The tables must not change once the memo is in use (:func:`knowledge` builds them before).
        """
        memo = self._phrase_memo
        if text in memo:
            return memo[text]
        if len(memo) > PHRASE_MEMO_LIMIT:
            memo.clear()
        key = normalise(text)
        info = PhraseInfo(
            tuple(self.entity(text)),
            tuple(self.people.get(key, ())),
            self.roles.get(key),
            self.modifiers.get(key),
            key in self.international,
        )
        empty = not (info.entries or info.people or info.international)
        found = None if empty and info.role is None and info.modifier is None else info
        memo[text] = found
        return found

    def _index_first_words(self) -> None:
        keys = [*self.entities, *self.acronyms, *self.people, *self.roles, *self.modifiers]
        keys += [*self.international, *self.negators]
        for key in keys:
            # a generous bound on the tokens the phrase spans: the tokenizer splits at whitespace and may
            # split off every punctuation character ("lt.-gen.", "People's")
            tokens = len(key.split()) + 2 * sum(1 for c in key if not (c.isalnum() or c.isspace()))
            for first in (key.split(" ")[0], re.split(r"[ \-'.]", key)[0], key.split("-")[0]):
                if first:
                    self.first_words.add(first)
                    self.first_reach[first] = max(self.first_reach.get(first, 0), tokens)

    @property
    def version(self) -> str:
        """One string naming every file's version, recorded with what the resolver codes."""
        return ";".join(f"{k}={v}" for k, v in sorted(self.versions.items()))

    # -- building ------------------------------------------------------------------------------------
    def _add(self, name: str, entry: Entry) -> None:
        folded = fold(name)
        if is_acronym(folded) and folded.upper() == folded:
            target = self.acronyms[folded]
        else:
            target = self.entities[normalise(name)]
        if entry not in target:
            target.append(entry)
        self.max_words = max(self.max_words, len(name.split()) + name.count("-") * 2 + name.count("'"))


def read_data(name: str) -> str:
    """The text of a packaged knowledge file."""
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _load_countries(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    for c in doc["countries"]:
        code, name, qid = c["code"], c["name"], c.get("wikidata")
        country = Entry("country", code, name, None, qid)
        kb.countries[code] = country
        for n in c["names"]:
            kb._add(n, country)
        for a in c["adjectives"]:
            kb._add(a, Entry("adjective", code, name, None, qid))
        for cap in c["capitals"]:
            kb._add(cap, Entry("capital", code, name, "GOV", qid))
    for d in doc.get("dependencies", []):
        parent = kb.countries.get(d["code"])
        if parent is not None:
            kb._add(d["name"], Entry("dependency", d["code"], parent.name, None, parent.wikidata))


def _load_orgs(kb: KnowledgeBase, doc: dict[str, Any], key: str, kind: str) -> None:
    for o in doc[key]:
        names = o["names"]
        after = o.get("after") or {}
        entry = Entry(
            "metonym" if o.get("metonym") else kind,
            o["code"],
            names[0],
            o.get("sector"),
            o.get("wikidata"),
            _date(o.get("until")),
            after.get("sector"),
        )
        for n in names:
            kb._add(n, entry)


def _load_ethnic(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    for g in doc["groups"]:
        states = tuple(c for c in g.get("states", []) if c in kb.countries)
        code = states[0] if len(states) == 1 else "UNK"
        entry = Entry("ethnic", code, g["names"][0], None, None, states=states)
        for n in (*g["names"], *g.get("adjectives", [])):
            kb._add(n, entry)


def _load_places(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    for p in doc["places"]:
        country = kb.countries.get(p["code"])
        if country is None:
            continue
        for n in p["names"]:
            kb._add(n, Entry(p["kind"], p["code"], n))


def _load_roles(kb: KnowledgeBase, doc: dict[str, Any]) -> None:
    generic = {normalise(w) for w in doc.get("generic", [])}
    for sector, groups in doc["roles"].items():
        for kind in ("person", "body"):
            for phrase in groups.get(kind, []):
                key = normalise(phrase)
                kb.roles[key] = Role(
                    phrase, None if sector == "UNK" else sector, kind == "person", key in generic
                )
                kb.max_words = max(kb.max_words, len(phrase.split()) + phrase.count("-") * 2)
    kb.modifiers = {normalise(w): s for s, words in doc.get("modifiers", {}).items() for w in words}
    kb.international = frozenset(normalise(w) for w in doc.get("international", []))
    kb.negators = frozenset(normalise(w) for w in doc.get("negators", []))


def _load_people(kb: KnowledgeBase, text: str) -> str:
    version = "unknown"
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            m = re.search(r"version\s+([\w.\-]+)", line)
            if m:
                version = m.group(1)
            continue
        if line.strip():
            lines.append(line)
    rows: dict[str, dict[str, Any]] = {}
    for r in csv.DictReader(lines, delimiter="\t"):
        p = rows.setdefault(r["name"], {"aliases": [], "wikidata": None, "offices": []})
        p["aliases"] += [a.strip() for a in (r["aliases"] or "").split(";") if a.strip()]
        p["wikidata"] = p["wikidata"] or (r["wikidata"] or None)
        p["offices"].append(Office(r["code"], r["sector"], r["office"], _date(r["start"]), _date(r["end"])))
    for name, p in rows.items():
        person = Person(name, tuple(dict.fromkeys(p["aliases"])), p["wikidata"], tuple(p["offices"]))
        for n in (name, *person.aliases):
            target = kb.people[normalise(n)]
            if person not in target:
                target.append(person)
            kb.max_words = max(kb.max_words, len(n.split()) + n.count("-") * 2)
    return version


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """The knowledge base from the packaged data files, loaded once per process."""
    kb = KnowledgeBase()
    for fname, loader in (
        ("countries.json", lambda d: _load_countries(kb, d)),
        ("organizations.json", lambda d: _load_orgs(kb, d, "organizations", "org")),
        ("disputed.json", lambda d: _load_orgs(kb, d, "entities", "disputed")),
        ("places.json", lambda d: _load_places(kb, d)),
        ("ethnic.json", lambda d: _load_ethnic(kb, d)),
        ("roles.json", lambda d: _load_roles(kb, d)),
    ):
        doc = json.loads(read_data(fname))
        loader(doc)
        kb.versions[fname.split(".")[0]] = str(doc["version"])
    kb.versions["people"] = _load_people(kb, read_data("people.tsv"))
    kb._index_first_words()
    kb.entities = dict(kb.entities)  # type: ignore[assignment]
    kb.acronyms = dict(kb.acronyms)  # type: ignore[assignment]
    kb.people = dict(kb.people)  # type: ignore[assignment]
    return kb
