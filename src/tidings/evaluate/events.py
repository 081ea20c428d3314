"""``tidings eval events``: score the event coder on plover-gsr, petrarch-validation and case2021.

Each gold sentence or snippet becomes a :class:`~tidings.records.Document` and goes through the full
pipeline (:func:`tidings.pipeline.process`), exactly as user input does.  Negated events are left out of
the scoring: the manual says they "can be excluded from the final event dataset", and no gold set codes
them.

* **plover** -- event-type P/R/F1 over per-sentence type sets, macro-F1 over the 16 types, actor and
  recipient country F1 on sentences where the type matched, extra events per sentence (predicted events
  beyond the gold types they match).  The gold rows carry no date; documents are dated 2000-01-01.
* **petrarch** -- CAMEO codes mapped to PLOVER through ``events/data/cameo_plover.tsv``: agreement of the
  mapped type with the predicted types, the same P/R/F1, and precision on ``noevents`` sentences (the
  share of them for which nothing is coded).
* **case2021** -- each snippet's events mapped to one ACLED sub-event label (the most confident event that
  maps); weighted F1 as CASE-2021 reports it.  Labels outside PLOVER's scope (disasters, crime) can only
  be missed; an accusation or denial about an attack is ACLED's ``ATTRIB`` (attribution of responsibility).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.documents import make_document
from tidings.evaluate.metrics import PRF, confusion_table, default_gold, macro_f1, weighted_f1
from tidings.records import EVENT_TYPES, Actor, Document, DocumentResult, Event

if TYPE_CHECKING:
    from spacy.language import Language

SETS: tuple[str, ...] = ("plover", "petrarch", "case2021")
PLOVER_DATE = dt.date(2000, 1, 1)
CASE_DATE = dt.date(2019, 1, 1)
NONE = "NONE"


# ---------------------------------------------------------------------------------------------- CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold",
        type=Path,
        default=default_gold(""),
        help="gold root (default: $TIDINGS_GOLD or ../shared/gold)",
    )
    parser.add_argument(
        "--set", dest="set", choices=(*SETS, "all"), default="all", help="which gold set to score"
    )
    parser.add_argument(
        "--worst", type=int, default=10, metavar="N", help="print the N worst sentences by id"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N items")


def run(args: argparse.Namespace) -> int:
    """Score the chosen sets and print the numbers; 2 when a gold folder is missing."""
    sets = SETS if args.set == "all" else (args.set,)
    root: Path = args.gold
    for name in sets:
        folder = root / GOLD_FOLDERS[name]
        if not folder.is_dir():
            print(f"tidings eval events: gold folder {folder} not found (use --gold)", file=sys.stderr)
            return 2
    nlp = pipeline()
    for name in sets:
        SCORERS[name](root, nlp, args.worst, args.limit)
    return 0


def pipeline() -> Language:
    """The full pipeline, as ``tidings ingest`` runs it."""
    from tidings import nlp as nlp_mod

    return nlp_mod.load()


def code(documents: list[Document], nlp: Language) -> list[DocumentResult]:
    from tidings.pipeline import process

    return list(process(documents, nlp=nlp))


def scored(events: Iterable[Event]) -> list[Event]:
    """Events that count against gold: everything but negated events."""
    return [e for e in events if e.modality != "negated"]


# ---------------------------------------------------------------------------------------------- shared
@dataclass
class TypeScore:
    """Per-sentence event-type set scoring, shared by plover and petrarch."""

    per_type: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0, 0] for t in EVENT_TYPES})
    pairs: list[tuple[str, str]] = field(default_factory=list)
    extra: int = 0
    sentences: int = 0
    worst: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, item_id: str, text: str, gold: set[str], events: list[Event]) -> None:
        predicted = {e.event for e in events}
        self.sentences += 1
        for t in predicted | gold:
            row = self.per_type.setdefault(t, [0, 0, 0])
            if t in gold and t in predicted:
                row[0] += 1
            elif t in predicted:
                row[1] += 1
            else:
                row[2] += 1
        ranked = sorted(events, key=lambda e: -e.confidence)
        for g in sorted(gold):
            if g in predicted:
                self.pairs.append((g, g))
            else:
                other = next((e.event for e in ranked if e.event not in gold), NONE)
                self.pairs.append((g, other))
        for p in sorted(predicted - gold):
            if not gold:
                self.pairs.append((NONE, p))
        self.extra += max(0, len(events) - len(gold & predicted))
        errors = len(predicted ^ gold)
        if errors:
            shown = ",".join(f"{e.event}:{e.rule}" for e in events) or "-"
            self.worst.append((errors, item_id, f"gold {sorted(gold) or '-'}  got {shown}  | {text[:110]}"))

    @property
    def prf(self) -> dict[str, PRF]:
        return {t: PRF(*v) for t, v in self.per_type.items()}

    def total(self) -> PRF:
        tp = sum(v[0] for v in self.per_type.values())
        fp = sum(v[1] for v in self.per_type.values())
        fn = sum(v[2] for v in self.per_type.values())
        return PRF(tp, fp, fn)

    def report(self, worst: int) -> None:
        prf = self.prf
        print(f"  event type        {self.total()}")
        print(f"  macro-F1 (16)     {macro_f1(prf, EVENT_TYPES):.3f}")
        rate = self.extra / max(self.sentences, 1)
        print(f"  extra events/sent {rate:.3f}  ({self.extra} over {self.sentences})")
        print("  per type:")
        for t in EVENT_TYPES:
            v = prf[t]
            if v.tp + v.fp + v.fn:
                print(f"    {t:<10} {v}")
        print("  confusion (rows gold, columns predicted):")
        print("    " + confusion_table(self.pairs).replace("\n", "\n    "))
        print_worst(self.worst, worst)


def print_worst(rows: list[tuple[int, str, str]], n: int) -> None:
    if n <= 0 or not rows:
        return
    print(f"  worst {min(n, len(rows))}:")
    for _, item_id, line in sorted(rows, key=lambda r: (-r[0], r[1]))[:n]:
        print(f"    {item_id}: {line}")


def country_score(gold: Iterable[str], predicted: Iterable[str], prf: list[int]) -> None:
    """Country agreement of one event's actors (or recipients) with gold.

    ``UNK`` (an actor of known sector, unknown country: "unidentified gunmen") claims no country, so
    it is no false positive; the gold country it misses still counts as a false negative.
    """
    g, p = set(gold), {c for c in predicted if c != "UNK"}
    prf[0] += len(g & p)
    prf[1] += len(p - g)
    prf[2] += len(g - p)


# ---------------------------------------------------------------------------------------------- plover
def score_plover(root: Path, nlp: Language, worst: int, limit: int | None = None) -> dict[str, float]:
    path = root / "plover-gsr" / "plover_gsr.jsonl"
    by_text: dict[str, list[dict[str, object]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_text.setdefault(str(row["text"]).strip(), []).append(row)
    items = list(by_text.items())[:limit]
    docs = [make_document(text, PLOVER_DATE, id=str(rows[0]["id"])) for text, rows in items]
    results = code(docs, nlp)
    types = TypeScore()
    actor_prf, recipient_prf = [0, 0, 0], [0, 0, 0]
    for (text, rows), result in zip(items, results, strict=True):
        events = scored(result.events)
        gold = {str(r["event"]) for r in rows}
        types.add(result.document.id, text, gold, events)
        for r in rows:
            matching = [e for e in events if e.event == r["event"]]
            if not matching:
                continue
            g_actor = [str(a["code"]) for a in r["actor"]]  # type: ignore[union-attr]
            g_recipient = [str(a["code"]) for a in r["recipient"]]  # type: ignore[union-attr]
            country_score(g_actor, {a.code for e in matching for a in e.actor}, actor_prf)
            country_score(g_recipient, {a.code for e in matching for a in e.recipient}, recipient_prf)
    print(f"plover-gsr: {len(items)} sentences, {sum(len(r) for _, r in items)} gold events")
    types.report(worst)
    actor, recipient = PRF(*actor_prf), PRF(*recipient_prf)
    print(f"  actor country     {actor}")
    print(f"  recipient country {recipient}")
    total = types.total()
    return {
        "f1": total.f1,
        "macro_f1": macro_f1(types.prf, EVENT_TYPES),
        "extra": types.extra / max(types.sentences, 1),
        "actor_f1": actor.f1,
    }


# ---------------------------------------------------------------------------------------------- petrarch
def score_petrarch(root: Path, nlp: Language, worst: int, limit: int | None = None) -> dict[str, float]:
    from tidings.events.cameo import load_cameo_map

    cmap = load_cameo_map()
    path = root / "petrarch-validation" / "PETR2_GSR_validation.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()][:limit]
    rows = [r for r in rows if str(r.get("text", "")).strip()]
    docs = []
    for i, r in enumerate(rows):
        date = _yyyymmdd(str(r.get("date") or ""))
        docs.append(make_document(str(r["text"]), date, id=f"{r['id']}#{i}"))
    results = code(docs, nlp)
    types = TypeScore()
    agree = total = 0
    root_agree = 0
    noevents = noevents_clean = 0
    for r, result in zip(rows, results, strict=True):
        events = scored(result.events)
        expected = r.get("expected_events", [])
        if any("noevents" in e for e in expected):
            noevents += 1
            noevents_clean += not events
            types.add(str(r["id"]), str(r["text"]), set(), events)
            continue
        gold: set[str] = set()
        for e in expected:
            mapped = cmap.to_plover(str(e.get("eventcode", "")))
            if mapped is None or mapped[0] is None:
                continue
            gold.add(mapped[0])
            total += 1
            agree += mapped[0] in {x.event for x in events}
            root_agree += str(e["eventcode"])[:2] in {x.cameo for x in events}
        if gold:
            types.add(str(r["id"]), str(r["text"]), gold, events)
    print(f"petrarch-validation: {len(rows)} sentences ({noevents} noevents)")
    print(f"  type agreement through the map  {agree}/{total} = {agree / max(total, 1):.3f}")
    print(f"  CAMEO root agreement            {root_agree}/{total} = {root_agree / max(total, 1):.3f}")
    precision = noevents_clean / max(noevents, 1)
    print(f"  noevents precision              {noevents_clean}/{noevents} = {precision:.3f}")
    types.report(worst)
    return {"agreement": agree / max(total, 1), "noevents_precision": precision}


def _yyyymmdd(value: str, default: dt.date = dt.date(2015, 1, 1)) -> dt.date:
    """A gold record's ``YYYYMMDD`` date (some records give only a year or nothing)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    try:
        return dt.date(int(digits[:4]), int(digits[4:6] or 1), int(digits[6:8] or 1))
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------- case2021
ASSAULT_LABELS: dict[str, str] = {
    "unconventional": "CHEM_WEAP",
    "suicide-attack": "SUIC_BOMB",
    "aerial": "AIR_STRIKE",
    "drone": "AIR_STRIKE",
    "heavy-weapons": "ART_MISS_ATTACK",
    "explosives": "REM_EXPLOS",
    "sexual": "SEX_VIOL",
    "abduct": "ABDUCT_DISSAP",
    "destroy": "PROPERTY_DISTRUCT",
}
"""ASSAULT mode -> ACLED sub-event type (CASE-2021 task 2 labels).  ``crowd-control`` is read with the
protest it targets (see :func:`acled_label`)."""

STATE_SECTORS = frozenset({"GOV", "MIL", "COP"})
ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "UAF", "PRM", "SPY"})
ARMED_WORDS = ("forces", "troops", "soldiers", "army", "militants", "fighters", "rebels", "base", "positions",
               "police", "militia", "insurgents", "guerrillas", "military", "patrol", "security",
               "checkpoint", "barracks", "outpost", "convoy")  # fmt: skip
LETHAL_WORDS = frozenset(
    {"killed", "killing", "dead", "died", "wounded", "injured", "injuries", "lethal", "live", "gunfire",
     "violently"}
)  # fmt: skip
"""ACLED separates excessive force against protesters (lethal or serious harm) from an intervention."""
PROTEST_WORDS = ("protest", "demonstrat", "rally", "rallies", "march", "rioter")
PROTEST_VIOLENCE_WORDS = frozenset(
    {"violent", "violence", "riot", "rioting", "rioters", "looted", "looting", "torched", "ablaze", "molotov",
     "stones", "rocks", "vandalised", "vandalized", "smashed", "firebombs"}
)  # fmt: skip
"""Words that make a demonstration violent in ACLED's sense (demonstrators engage in violence)."""
PROTEST_IN_TEXT = re.compile(r"\b(?:[Pp]rotest|[Dd]emonstrat|[Rr]all(?:y|ies)\b|march|[Rr]ioter)")
"""A protest named in a sentence; lower-case "march" only (the month is not a protest)."""
MOB_WORDS = ("mob", "vigilante", "residents", "villagers", "lynch")
"""Attackers who are a crowd, not an armed group or a state (ACLED ``MOB_VIOL``)."""
ATTACK_WORDS = ("attack", "bomb", "shell", "strike", "massacre", "shoot", "killing", "responsib")
"""An accusation or denial about one of these is an attribution of responsibility (ACLED ``ATTRIB``)."""

LABEL_PRIORITY: tuple[str, ...] = (
    "SUIC_BOMB", "CHEM_WEAP", "GRENADE", "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "SEX_VIOL",
    "ABDUCT_DISSAP", "VIOL_DEMONSTR", "MOB_VIOL", "FORCE_AGAINST_PROTEST", "PROTEST_WITH_INTER",
    "PEACE_PROTEST", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "ARMED_CLASH", "ATTACK", "ARREST",
    "DISR_WEAP", "HQ_ESTABLISHED", "NON_VIOL_TERRIT_TRANSFER", "PROPERTY_DISTRUCT", "ATTRIB", "AGREEMENT",
    "CHANGE_TO_GROUP_ACT", "DIPLO",
)  # fmt: skip
"""When a snippet codes several events, the most specific ACLED label wins (violence before talk)."""


def _territorial(event: Event) -> bool:
    """Whether the trigger's lexicon sense is about territory (capture, annexation), not just its sentence."""
    from tidings.events.lexicon import load_lexicon

    rule = event.rule.split(":")[-1]
    try:
        return "territory" in load_lexicon().get(rule).context
    except KeyError:
        return False


def _object_text(event: Event, width: int = 40) -> str:
    """The words right after the trigger (its object, usually): "attacked *a military checkpoint*"."""
    offset = event.trigger.end - event.start
    return event.sentence[offset : offset + width].lower()


def _mentions(actors: Iterable[Actor], words: tuple[str, ...]) -> bool:
    return any(any(w in a.text.lower() for w in words) for a in actors)


def acled_label(event: Event, all_events: list[Event], text: str) -> str | None:
    """The ACLED sub-event type an event corresponds to, or ``None`` for events ACLED does not code.

    Only the event record is read (type, mode, context, rule, actors); ``text`` serves the one
    distinction PLOVER does not draw, a grenade among explosives.
    """
    low = text.lower()
    kind, mode = event.event, event.mode
    if kind == "ASSAULT":
        protest_here = any(e.event == "PROTEST" for e in all_events)
        if _mentions(event.actor, PROTEST_WORDS):
            return "VIOL_DEMONSTR"  # demonstrators who attack or clash
        if _mentions(event.actor, MOB_WORDS):
            return "MOB_VIOL"
        if mode == "explosives" and "grenade" in low:
            return "GRENADE"
        if _territorial(event) and mode not in {"suicide-attack", "unconventional"}:
            # who holds the ground after, whatever the weapon ("capturing a village" under air cover)
            state = any(a.sector in STATE_SECTORS for a in event.actor) or any(
                a.sector in {"REB", "UAF"} for a in event.recipient
            )
            return "GOV_REGAINS_TERIT" if state else "NON_STATE_ACTOR_OVERTAKES_TER"
        if mode in ASSAULT_LABELS:
            return ASSAULT_LABELS[mode]
        # force used on a protest the sentence names ("dispersed *a demonstration*, injuring ..."), even
        # when the protest is the object of the act rather than an event of its own
        at_protest = (
            protest_here
            or _mentions(event.recipient, PROTEST_WORDS)
            or PROTEST_IN_TEXT.search(event.sentence) is not None
        )
        if mode == "crowd-control" or at_protest:
            lethal = bool(LETHAL_WORDS & set(re.findall(r"[a-z]+", event.sentence.lower())))
            return "FORCE_AGAINST_PROTEST" if lethal or mode != "crowd-control" else "PROTEST_WITH_INTER"
        rule = event.rule.split(".")[-1]
        armed_target = (
            any(a.sector in ARMED_SECTORS for a in event.recipient)
            or _mentions(event.recipient, ARMED_WORDS)
            or any(w in _object_text(event) for w in ARMED_WORDS)
        )
        if rule in {"clash", "clash_n", "fight", "fighting", "gunbattle", "firefight"} or armed_target:
            return "ARMED_CLASH"
        if not event.recipient and len({w for w in ARMED_WORDS if w in event.sentence.lower()}) >= 2:
            # ACLED separates clashes between armed groups from attacks on civilians, which PLOVER does
            # not; with no recipient coded, two kinds of armed party in the sentence read as a clash
            return "ARMED_CLASH"
        return "ATTACK"
    if kind == "PROTEST":
        if mode in {"riot", "vandalize"} or PROTEST_VIOLENCE_WORDS & set(re.findall(r"[a-z]+", low)):
            return "VIOL_DEMONSTR"
        if any(e.event in {"COERCE", "ASSAULT"} for e in all_events):
            return "PROTEST_WITH_INTER"
        return "PEACE_PROTEST"
    if kind in {"REQUEST", "ACCUSE", "REJECT"} and _mentions(event.actor, (*PROTEST_WORDS, "crowds")):
        return "PEACE_PROTEST"  # "demonstrators gathered to urge ...": the demand is the protest's
    if kind == "COERCE":
        protest_here = any(e.event == "PROTEST" for e in all_events)
        at_protest = protest_here or _mentions(event.recipient, PROTEST_WORDS)
        if at_protest and mode == "arrest":
            return "PROTEST_WITH_INTER"
        if at_protest and "repression" in event.context:
            serious = LETHAL_WORDS & set(re.findall(r"[a-z]+", event.sentence.lower()))
            return "FORCE_AGAINST_PROTEST" if serious else "PROTEST_WITH_INTER"
        if mode == "arrest":
            return "ARREST"
        if _territorial(event):
            return "NON_VIOL_TERRIT_TRANSFER"
        if any(e.event == "PROTEST" for e in all_events) or _mentions(event.recipient, PROTEST_WORDS):
            return "PROTEST_WITH_INTER"
        if mode == "seize":
            return "DISR_WEAP"
        return None
    if kind == "MOBILIZE":
        return "HQ_ESTABLISHED" if "base" in event.rule else "CHANGE_TO_GROUP_ACT"
    if kind == "RETREAT" and mode == "withdraw":
        return "NON_VIOL_TERRIT_TRANSFER"
    signed = kind == "SUPPORT" and event.rule.startswith("SUPPORT.sign")
    if kind in {"AGREE", "CONCEDE", "RETREAT"} or signed:
        return "AGREEMENT"
    if kind in {"ACCUSE", "REJECT"} and any(w in event.sentence.lower() for w in ATTACK_WORDS):
        return "ATTRIB"  # "accused Iran of bombing ...", "denied its jets struck ..."
    if kind in {"SANCTION", "ACCUSE", "CONSULT", "SUPPORT", "REJECT", "THREATEN", "REQUEST"}:
        return "DIPLO"
    return None


def snippet_label(events: list[Event], text: str) -> str:
    """One label per snippet: the most specific label among its events (see :data:`LABEL_PRIORITY`)."""
    labels = {label for e in events if (label := acled_label(e, events, text)) is not None}
    for label in LABEL_PRIORITY:
        if label in labels:
            return label
    return NONE


def score_case2021(root: Path, nlp: Language, worst: int, limit: int | None = None) -> dict[str, float]:
    """Weighted F1 twice: as the pipeline codes (an actor required) and as a type classifier.

    CASE-2021 labels what happened, often in reports without a perpetrator ("two soldiers were killed by
    a roadside bomb"); the second run switches the events component's ``require_actor`` off for the
    duration of the scoring so those reports are typed too.
    """
    path = root / "case2021" / "snippets.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("EventSnippet")][:limit]
    docs = [make_document(r["EventSnippet"], CASE_DATE, id=f"case-{r['id']}") for r in rows]
    out = {"weighted_f1": _score_case(rows, code(docs, nlp), "actor required", 0)}
    coder = nlp.get_pipe("tidings_events").coder if "tidings_events" in nlp.pipe_names else None
    if coder is not None:
        coder.require_actor = False
        try:
            typing = _score_case(rows, code(docs, nlp), "event typing, no actor required", worst)
            out["weighted_f1_typing"] = typing
        finally:
            coder.require_actor = True
    return out


def _score_case(rows: list[dict[str, str]], results: list[DocumentResult], title: str, worst: int) -> float:
    per: dict[str, list[int]] = {}
    pairs: list[tuple[str, str]] = []
    bad: list[tuple[int, str, str]] = []
    correct = 0
    for r, result in zip(rows, results, strict=True):
        gold = r["SubType"]
        got = snippet_label(scored(result.events), r["EventSnippet"])
        pairs.append((gold, got))
        per.setdefault(gold, [0, 0, 0])
        if got == gold:
            per[gold][0] += 1
            correct += 1
        else:
            per[gold][2] += 1
            if got != NONE:
                per.setdefault(got, [0, 0, 0])[1] += 1
            bad.append((1, r["id"], f"gold {gold}  got {got}  | {r['EventSnippet'][:110]}"))
    prf = {k: PRF(*v) for k, v in per.items()}
    wf1 = weighted_f1(prf)
    print(f"case2021 ({title}): {len(rows)} snippets")
    print(f"  accuracy          {correct / max(len(rows), 1):.3f}")
    print(f"  weighted F1       {wf1:.3f}")
    for k in sorted(prf, key=lambda k: -(prf[k].tp + prf[k].fn)):
        print(f"    {k:<30} {prf[k]}")
    if worst:
        print("  confusion (rows gold, columns predicted):")
        print("    " + confusion_table(pairs).replace("\n", "\n    "))
    print_worst(bad, worst)
    return wf1


GOLD_FOLDERS: dict[str, str] = {
    "plover": "plover-gsr",
    "petrarch": "petrarch-validation",
    "case2021": "case2021",
}
SCORERS = {"plover": score_plover, "petrarch": score_petrarch, "case2021": score_case2021}
