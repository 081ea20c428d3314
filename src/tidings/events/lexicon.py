"""The trigger lexicon and the cue tables the event coder reads, loaded once from versioned data files.

Users extend the coder by editing ``data/lexicon.json`` (trigger senses) and ``data/cues.json`` (modality,
mode and context cues), never the code.  Both files carry a ``version``; every event records the lexicon
version that coded it, so a change in coding can always be traced to a change in the data.  The file
formats are documented in ``src/tidings/events/README.md``.

Entries are validated at load time against the PLOVER taxonomy in :mod:`tidings.records` so that a typo in
an event name fails loudly instead of silently coding nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from tidings.records import EVENT_TYPES

_DATA = "tidings.events.data"
POS_TAGS: frozenset[str] = frozenset({"VERB", "NOUN", "ADJ"})
FRAMES: frozenset[str] = frozenset({"intent", "demand", "say_must", "refusal", "threat"})


class LexiconError(ValueError):
    """A lexicon or cue file is malformed; the message names the entry and the field to fix."""


@dataclass(frozen=True)
class Entry:
    """One trigger sense: a lemma with the constraints that select it and the PLOVER coding it yields.

    ``particle``, ``prep``, ``object``, ``modifier`` and ``governor`` narrow the sense; when several
    entries match a token the one with the most constraints wins (so "rule out" beats a bare "rule", and
    "seize" + territory beats "seize" alone).
    """

    id: str
    lemma: str
    pos: str
    event: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    particle: str | None = None
    prep: str | None = None
    object: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    governor: frozenset[str] = frozenset()
    requires_of: str | None = None
    requires_complement: bool = False
    frame: str | None = None
    negated_event: str | None = None
    reciprocal: bool = False
    confidence: float = 0.7
    priority: int = 0
    manual: str = ""

    @property
    def specificity(self) -> int:
        """How many constraints the entry imposes; the most specific matching entry wins."""
        return sum(
            bool(x)
            for x in (
                self.particle,
                self.prep,
                self.object,
                self.modifier,
                self.governor,
                self.requires_of,
                self.requires_complement,
            )
        )


@dataclass(frozen=True)
class StatementCue:
    """A phrase that, inside a quote, states a position the manual codes (rejection, accusation, ...)."""

    id: str
    phrase: str
    event: str
    mode: str | None = None


@dataclass(frozen=True)
class ImplicitActorCues:
    """Where a report implies an actor it does not name (see :mod:`tidings.events.implicit`): the event
    types that qualify with the sector their unnamed actor takes (ASSAULT, COERCE: ``UNK``, the
    manual's "generic unidentified actors"; PROTEST: ``CVL``, "civilian demonstrations"), the modes that
    qualify per type and those that never do, the words naming a weapon or blast that may stand where
    the agent would, and the confidence factor such events take."""

    sectors: dict[str, str] = field(default_factory=dict)
    modes: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per event type, the modes that qualify (an event type absent here: all of its modes)."""
    exclude_modes: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    confidence_factor: float = 0.75
    prospective_marks: frozenset[str] = frozenset()
    """Marks of a clause telling what has not happened ("*before* they are attacked")."""

    @property
    def events(self) -> frozenset[str]:
        return frozenset(self.sectors)

    def qualifies(self, event: str, mode: str | None) -> bool:
        """Whether an act of this type and mode implies an actor when the text names none."""
        if event not in self.sectors or mode in self.exclude_modes:
            return False
        allowed = self.modes.get(event)
        return allowed is None or mode in allowed


@dataclass(frozen=True)
class Cues:
    """Closed-class word lists and tables that steer modality, modes, contexts and frames."""

    version: str
    reporting_verbs: frozenset[str]
    say_must_verbs: frozenset[str]
    obligation_modals: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    conditional_marks: frozenset[str]
    future_heads: frozenset[str]
    hypothetical_heads: frozenset[str]
    future_shift: dict[str, str]
    threat_content_modes: dict[str, dict[str, str]]
    conflict_complements: frozenset[str]
    request_modes: dict[str, frozenset[str]]
    assault_modes: dict[str, frozenset[str]]
    context_cues: dict[str, tuple[str, ...]]
    statement_cues: tuple[StatementCue, ...] = field(default_factory=tuple)
    document_nouns: frozenset[str] = frozenset()
    """Nouns naming a text an actor issues ("issued a *statement* demanding ..."): a participle on them
    states the text's content, it does not describe an entity."""
    implicit_actor: ImplicitActorCues = field(default_factory=ImplicitActorCues)
    own_people_nouns: frozenset[str] = frozenset()
    """Nouns for a state's people ("citizens", "nationals"): a request whose only recipients are the
    requester's own people through a possessive ("urged *its citizens* to leave") is an advisory."""
    place_nouns: frozenset[str] = frozenset()
    """Common nouns naming a place ("village", "town"): never the recipient of an act that takes ground
    ("re-captured the village"), even where the actors stage reads them as the place's population (the
    place is the event's location)."""


@dataclass(frozen=True)
class Lexicon:
    """All trigger entries, indexed by (lemma, POS) for one dictionary look-up per token."""

    version: str
    entries: tuple[Entry, ...]
    index: dict[tuple[str, str], tuple[Entry, ...]]

    @property
    def lemmas(self) -> frozenset[str]:
        """Every lemma some entry is keyed on (a quick test before the (lemma, POS) look-up)."""
        found = self.__dict__.get("_lemmas")
        if found is None:
            found = frozenset(lemma for lemma, _ in self.index)
            object.__setattr__(self, "_lemmas", found)
        return found

    def candidates(self, lemma: str, pos: str) -> tuple[Entry, ...]:
        """Entries for a lemma and coarse POS, most specific first."""
        return self.index.get((lemma, pos), ())

    def get(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)


def _check_event(where: str, value: object) -> str:
    if value not in EVENT_TYPES:
        raise LexiconError(f"{where}: event {value!r} is not one of the 16 PLOVER types")
    return str(value)


def _entry(raw: dict[str, Any]) -> Entry:
    where = f"lexicon entry {raw.get('id', '?')!r}"
    for key in ("id", "lemma", "pos", "event"):
        if not raw.get(key):
            raise LexiconError(f"{where}: missing field {key!r}")
    if raw["pos"] not in POS_TAGS:
        raise LexiconError(f"{where}: pos must be one of {sorted(POS_TAGS)}")
    frame = raw.get("frame")
    if frame is not None and frame not in FRAMES:
        raise LexiconError(f"{where}: frame must be one of {sorted(FRAMES)}")
    negated = raw.get("negated_event")
    return Entry(
        id=raw["id"],
        lemma=str(raw["lemma"]).lower(),
        pos=raw["pos"],
        event=_check_event(where, raw["event"]),
        mode=raw.get("mode"),
        context=tuple(raw.get("context", ())),
        particle=raw.get("particle"),
        prep=raw.get("prep"),
        object=frozenset(raw.get("object", ())),
        modifier=frozenset(raw.get("modifier", ())),
        governor=frozenset(raw.get("governor", ())),
        requires_of=raw.get("requires_of"),
        requires_complement=bool(raw.get("requires_complement", False)),
        frame=frame,
        negated_event=_check_event(where, negated) if negated else None,
        reciprocal=bool(raw.get("reciprocal", False)),
        confidence=float(raw.get("confidence", 0.7)),
        priority=int(raw.get("priority", 0)),
        manual=str(raw.get("manual", "")),
    )


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Validate a lexicon document (the parsed JSON) and index it."""
    if not data.get("version"):
        raise LexiconError("lexicon: missing 'version'")
    entries = tuple(_entry(raw) for raw in data.get("entries", ()))
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise LexiconError(f"lexicon entry {e.id!r}: duplicate id")
        seen.add(e.id)
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        grouped.setdefault((e.lemma, e.pos), []).append(e)
    index = {k: tuple(sorted(v, key=lambda e: (-e.specificity, -e.priority))) for k, v in grouped.items()}
    return Lexicon(version=str(data["version"]), entries=entries, index=index)


def parse_cues(data: dict[str, Any]) -> Cues:
    """Validate the cue tables (the parsed JSON)."""
    if not data.get("version"):
        raise LexiconError("cues: missing 'version'")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, ()))

    shift = {k: _check_event(f"cues future_shift[{k}]", v) for k, v in data.get("future_shift", {}).items()}
    statements = tuple(
        StatementCue(
            id=c["id"],
            phrase=c["phrase"].lower(),
            event=_check_event(f"statement cue {c['id']!r}", c["event"]),
            mode=c.get("mode"),
        )
        for c in data.get("statement_cues", ())
    )
    return Cues(
        version=str(data["version"]),
        reporting_verbs=words("reporting_verbs"),
        say_must_verbs=words("say_must_verbs"),
        obligation_modals=words("obligation_modals"),
        future_aux=words("future_aux"),
        hypothetical_aux=words("hypothetical_aux"),
        conditional_marks=words("conditional_marks"),
        future_heads=words("future_heads"),
        hypothetical_heads=words("hypothetical_heads"),
        future_shift=shift,
        threat_content_modes={k: dict(v) for k, v in data.get("threat_content_modes", {}).items()},
        conflict_complements=frozenset(data.get("conflict_complements", ())),
        request_modes={k: frozenset(v) for k, v in data.get("request_modes", {}).items()},
        assault_modes={k: frozenset(v) for k, v in data.get("assault_modes", {}).items()},
        context_cues={k: tuple(v) for k, v in data.get("context_cues", {}).items()},
        statement_cues=statements,
        document_nouns=words("document_nouns"),
        implicit_actor=_implicit(data.get("implicit_actor", {})),
        place_nouns=words("place_nouns"),
        own_people_nouns=words("own_people_nouns"),
    )


def _implicit(raw: dict[str, Any]) -> ImplicitActorCues:
    """The ``implicit_actor`` table; an absent table switches the rule off (no event type qualifies)."""
    where = "cues implicit_actor"
    sectors = {_check_event(f"{where}.events", e): str(s) for e, s in raw.get("events", {}).items()}
    factor = float(raw.get("confidence_factor", 0.75))
    if not 0 < factor <= 1:
        raise LexiconError("cues implicit_actor.confidence_factor must be in (0, 1]")
    return ImplicitActorCues(
        sectors=sectors,
        modes={_check_event(f"{where}.modes", e): frozenset(m) for e, m in raw.get("modes", {}).items()},
        exclude_modes=frozenset(raw.get("exclude_modes", ())),
        instruments=frozenset(str(w).lower() for w in raw.get("instruments", ())),
        confidence_factor=factor,
        prospective_marks=frozenset(str(w).lower() for w in raw.get("prospective_marks", ())),
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return dict(json.loads(text))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged trigger lexicon (read and validated once per process)."""
    return parse_lexicon(_read("lexicon.json"))


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The packaged cue tables (read and validated once per process)."""
    return parse_cues(_read("cues.json"))


LEXICON_VERSION: str = load_lexicon().version
"""The version of ``data/lexicon.json``; recorded on every event and every run."""
