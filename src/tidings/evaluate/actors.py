"""``tidings eval actors``: actor and recipient country/sector accuracy on the PLOVER gold sentences.

For every gold actor and recipient the scorer finds its ``text`` in the sentence, takes the syntactic
head of that span and asks :func:`tidings.actors.resolve_token` what it denotes (``venues=True``: the
gold says the span acts).  The first actor returned is compared with the gold code and sector.

Normalisation, because the gold was coded with older vocabularies (PLOVER 0.5, CAMEO):

* country: CAMEO's JAP/ITL/VTN are JPN/ITA/VNM; the gold predates PLOVER's UNO and EUR codes and codes the
  UN and the EU as IGO, so UNO and EUR count as IGO;
* sector: the first three letters (CAMEO appended ethnic/religious codes: "REBkur" is REB); CIV is CVL,
  MOS (CAMEO's Muslim) is REL; "***" and null mean no sector is expected, and such entries are left out
  of the sector accuracy.

The gold sentences carry no date, so they are parsed undated (people get their most recent office)
unless ``--date`` is given.  They run through the stages the actors stage reads in the full pipeline
(entity ruler, time, geo), so the score is the production behaviour.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tidings.evaluate.metrics import default_gold

COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UNO": "IGO", "EUR": "IGO"}
SECTOR_ALIASES = {"CIV": "CVL", "MOS": "REL"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold",
        type=Path,
        default=default_gold("plover-gsr") / "plover_gsr.jsonl",
        help="PLOVER gold JSONL (default: ../shared/gold/plover-gsr/plover_gsr.jsonl)",
    )
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="parse as of this date")
    parser.add_argument("--worst", type=int, default=25, metavar="N", help="print N misses")
    parser.add_argument(
        "--no-ruler", action="store_true", help="without tidings_entity_ruler (measure what it changes)"
    )


def norm_code(code: str | None) -> str | None:
    if not code:
        return None
    return COUNTRY_ALIASES.get(code, code)


def norm_sector(sector: str | None) -> str | None:
    if not sector or sector.startswith("*"):
        return None
    s = sector[:3].upper()
    return SECTOR_ALIASES.get(s, s)


@dataclass
class Case:
    gold_id: str
    role: str
    text: str
    gold_code: str | None
    gold_sector: str | None
    code: str | None = None
    sector: str | None = None
    rule: str | None = None

    @property
    def country_ok(self) -> bool:
        return norm_code(self.code) == norm_code(self.gold_code)

    @property
    def sector_ok(self) -> bool:
        return self.sector == self.gold_sector


def _find(doc, seg: str):  # type: ignore[no-untyped-def]
    start = doc.text.find(seg)
    if start < 0:
        start = doc.text.lower().find(seg.lower())
    if start < 0:
        return None
    return doc.char_span(start, start + len(seg), alignment_mode="expand")


def _head(doc, text: str):  # type: ignore[no-untyped-def]
    """The syntactic head of the gold span.

    English noun phrases are head-final before any post-modifier, so the head is the last noun of the
    span before its first preposition, verb or comma ("Red Cross operating in Iraq" -> Cross).  Where the
    gold elides ("U.S. ... negotiators") or its words are not contiguous in the sentence ("French
    warships" of "French and Egyptian warships"), the last word that is found stands in.
    """
    parts = [p.strip() for p in text.split("...") if p.strip()]
    if not parts:
        return None
    span = _find(doc, parts[-1])
    if span is None:
        for word in reversed(parts[-1].split()):
            span = _find(doc, word)
            if span is not None:
                break
    if span is None:
        return None
    pre = []
    for t in span:
        joined = t.i > 0 and not t.doc[t.i - 1].whitespace_  # "Vietnamese-led"
        if pre and not joined and (t.pos_ in ("ADP", "VERB", "SCONJ") or t.text in (",", "(")):
            break
        if t.pos_ == "ADP" and not pre:
            continue  # "in central Baghdad"
        pre.append(t)
    nouns = [t for t in pre if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return nouns[-1] if nouns else (pre[-1] if pre else span.root)


def score(gold: Path, date: dt.date | None = None, ruler: bool = True) -> list[Case]:
    """Resolve every gold actor and recipient; one :class:`Case` each."""
    from tidings import nlp as nlp_mod
    from tidings.actors import resolve_token

    # the stages the actors stage reads in production: the ruler's entities and the geoparser's places
    # (a place's country, and the state a text is about)
    stages = ("tidings_time", "tidings_geo", "tidings_actors")
    nlp = nlp_mod.load(stages=("tidings_entity_ruler", *stages) if ruler else stages)
    cases: list[Case] = []
    with gold.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for rec in records:
        doc = nlp(nlp_mod.make_doc(nlp, rec["text"], rec["id"], date))  # type: ignore[arg-type]
        for role in ("actor", "recipient"):
            for g in rec.get(role) or []:
                case = Case(rec["id"], role, g["text"], g.get("code"), norm_sector(g.get("sector")))
                head = _head(doc, g["text"])
                if head is not None:
                    actors = resolve_token(doc, head, venues=True)
                    if actors:
                        # actors are lists (coordination): align the gold entry with the matching one
                        want = norm_code(case.gold_code)
                        a = next((x for x in actors if norm_code(x.code) == want), actors[0])
                        case.code, case.sector, case.rule = a.code, a.sector, a.rule
                cases.append(case)
    return cases


def run(args: argparse.Namespace) -> int:
    gold: Path = args.gold
    if not gold.exists():
        print(f"tidings eval actors: gold file not found: {gold}", file=sys.stderr)
        return 2
    cases = score(gold, args.date, ruler=not args.no_ruler)
    n = len(cases)
    with_sector = [c for c in cases if c.gold_sector]
    found = sum(1 for c in cases if c.code is not None)
    country = sum(c.country_ok for c in cases)
    sector = sum(c.sector_ok for c in with_sector)
    print(f"gold actors+recipients: {n} ({sum(1 for c in cases if c.role == 'actor')} actors)")
    print(f"resolved (non-empty):   {found}/{n} = {found / n:.3f}")
    print(f"country accuracy:       {country}/{n} = {country / n:.3f}")
    print(f"sector accuracy:        {sector}/{len(with_sector)} = {sector / max(1, len(with_sector)):.3f}")
    both = sum(c.country_ok and c.sector_ok for c in with_sector)
    print(f"country+sector:         {both}/{len(with_sector)} = {both / max(1, len(with_sector)):.3f}")
    rules = Counter((c.rule or "-").split("+")[0] for c in cases)
    print("rules: " + ", ".join(f"{k} {v}" for k, v in rules.most_common()))
    misses = [c for c in cases if not c.country_ok or (c.gold_sector and not c.sector_ok)]
    if misses and args.worst:
        print(f"\nmisses ({len(misses)}; first {min(args.worst, len(misses))} by gold id):")
        for c in sorted(misses, key=lambda c: c.gold_id)[: args.worst]:
            print(
                f"  {c.gold_id:<30} {c.role:<9} {c.text[:40]!r:<44} gold {c.gold_code}/{c.gold_sector}"
                f"  got {c.code}/{c.sector} ({c.rule})"
            )
    return 0
