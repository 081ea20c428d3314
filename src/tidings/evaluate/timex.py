"""``tidings eval timex``: TIMEX3 extraction and normalisation on TempEval-3 (TimeBank + AQUAINT).

Reads the TBAQ-cleaned TimeML files at evaluation time (text between ``<TEXT>`` tags, document creation
time from ``<DCT>``), runs the ``tidings_time`` stage and scores, overall, per corpus and per type:

* span P/R/F1 with relaxed matching (any character overlap, each gold expression matched once);
* value P/R/F1: a true positive overlaps a gold expression *and* has its exact value (TempEval-3's value
  F1, the number the issue's target refers to);
* value accuracy on the matched spans.

Values are compared after :func:`canonical_value`, which rewrites notations that TIMEX3 annotators use
interchangeably for the *same* value (unpadded ISO weeks ``2000-W7``; trailing unspecified fields
``1949-XX``, ``198X``; duration units ``P1E`` = ``P10Y``, ``P3Q`` = ``P9M``).  The strict string score is
printed beside it, so the effect of the equivalences is always visible.

``timex3_train.jsonl`` holds gold strings with values: :func:`tidings.time.normalise` is also scored on
those strings alone (normalisation without extraction errors).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.evaluate.metrics import PRF, default_gold


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class GoldDoc:
    id: str
    corpus: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


_WEEK = re.compile(r"^(\d{4})-W(\d)(?!\d)")
_TRAILING_X = re.compile(r"^(.*\d.*?)-(?:W|Q)?X+$|^(\d+)X+$")
_UNIT_IN_YEARS = {"E": 10, "DE": 10, "C": 100, "CE": 100, "L": 1000, "ML": 1000}
_WHOLE_HOUR = re.compile(r"(T\d{2}):00$")
_DURATION_UNIT = re.compile(r"^P(\d+(?:\.\d+)?)(DE|CE|ML|E|C|L|Q)$")


def canonical_value(value: str) -> str:
    """One spelling for TIMEX3 values that mean the same thing, so that notation is not scored as error.

    * ISO weeks are two digits: ``2000-W7`` -> ``2000-W07``;
    * trailing fields left unspecified add nothing to the value they follow: ``1949-XX`` -> ``1949``,
      ``1994-XX-XX`` -> ``1994``, ``198X`` (the decade) -> ``198``, ``1998-10-XX`` -> ``1998-10``;
    * a whole hour is the hour: ``1989-11-06T17:00`` -> ``1989-11-06T17``;
    * decades, centuries, millennia and quarters as durations are written in years and months:
      ``P1E`` -> ``P10Y``, ``P2L`` -> ``P2000Y``, ``P3Q`` -> ``P9M``.

    Anything else (an underspecified *value*, ``PXY`` vs ``PXE``, a different granularity) stays different.
    """
    v = value.strip()
    v = _WEEK.sub(lambda m: f"{m[1]}-W0{m[2]}", v)
    v = _WHOLE_HOUR.sub(r"\1", v)
    while (m := _TRAILING_X.match(v)) is not None:
        v = m[1] or m[2]
    d = _DURATION_UNIT.match(v)
    if d is not None:
        n = float(d[1])
        unit = d[2]
        amount, letter = (n * 3, "M") if unit == "Q" else (n * _UNIT_IN_YEARS[unit], "Y")
        v = f"P{int(amount) if amount.is_integer() else amount:g}{letter}"
    return v


def _value_kind(value: str) -> str:
    if value.endswith("_REF"):
        return "vague"
    if value.startswith("P"):
        return "duration or set"
    return "date or time"


def error_category(kind: str, gold: str, got: str) -> str:
    """The kind of mistake an error is, so that the worst list can be read by category.

    ``kind`` is ``"spurious"``, ``"missed"`` or ``"wrong"``; ``gold`` and ``got`` are values (empty where
    there is none).  A wrong value is, in this order: a vague reference against a specific value
    (``PAST_REF`` vs ``1998``); a length against a point (``P1D`` vs ``1990-08-15``); a quarter or a week
    on either side (fiscal quarters, ``1989-WXX`` vs ``1989-W43``); a different granularity or part of day
    (``1988`` vs ``1988-10``, ``...TNI``); else the same granularity at another place in time (the anchor
    or the direction).  Reporting only: what counts as right is :func:`score`'s business.
    """
    if kind != "wrong":
        return f"{kind} {_value_kind(got if kind == 'spurious' else gold)}"
    g, p = canonical_value(gold), canonical_value(got)
    if g.endswith("_REF") != p.endswith("_REF"):
        return "wrong: vague vs specific"
    if g.startswith("P") != p.startswith("P"):
        return "wrong: duration vs point"
    if "Q" in g or "Q" in p:
        return "wrong: quarter"
    if "W" in g or "W" in p:
        return "wrong: week"
    if len(g) != len(p) or "T" in g or "T" in p:
        return "wrong: granularity or part of day"
    return "wrong: anchor or direction"


def read_tml(path: Path, corpus: str) -> GoldDoc | None:
    """One TimeML file: the text inside ``<TEXT>`` with tags removed and the TIMEX3 offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4})-?(\d{2})-?(\d{2})", raw)
    body_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    if not dct_m or not body_m:
        return None
    dct = dt.date(int(dct_m[1]), int(dct_m[2]), int(dct_m[3]))
    body = body_m[1]
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m[1] == "/", m[2]
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m[3])))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(out)[start:length]
            timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return GoldDoc(path.stem, corpus, dct, "".join(out), tuple(timexes))


def read_corpus(root: Path) -> Iterator[GoldDoc]:
    for corpus in ("TimeBank", "AQUAINT"):
        for path in sorted((root / "TBAQ-cleaned" / corpus).glob("*.tml")):
            doc = read_tml(path, corpus)
            if doc is not None:
                yield doc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold",
        type=Path,
        default=default_gold("tempeval3"),
        help="folder holding TBAQ-cleaned/ and timex3_train.jsonl (default: ../shared/gold/tempeval3)",
    )
    parser.add_argument("--worst", type=int, default=20, metavar="N", help="list the N most frequent errors")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N docs")


@dataclass
class _Tally:
    span: Counter[str]
    value: Counter[str]

    @classmethod
    def new(cls) -> _Tally:
        return cls(Counter(), Counter())

    def prf(self, which: str) -> PRF:
        c = self.span if which == "span" else self.value
        return PRF(c["tp"], c["fp"], c["fn"])


def score(
    docs: list[GoldDoc],
    predicted: list[list[tuple[int, int, str, str, str]]],
    equivalent: bool = True,
) -> dict[str, object]:
    """Match predictions to gold by overlap and count; returns tallies and the error list.

    ``equivalent``: compare values through :func:`canonical_value` (else as strings).
    """
    same = (lambda a, b: canonical_value(a) == canonical_value(b)) if equivalent else (lambda a, b: a == b)
    tallies: dict[str, _Tally] = defaultdict(_Tally.new)
    errors: Counter[tuple[str, str, str, str]] = Counter()
    matched_total = matched_right = 0
    for doc, preds in zip(docs, predicted, strict=True):
        used: set[int] = set()
        for g in doc.timexes:
            hit = None
            for i, p in enumerate(preds):
                if i not in used and p[0] < g.end and g.start < p[1]:
                    hit = i
                    break
            keys = ("all", doc.corpus, "type " + g.type)
            if hit is None:
                for k in keys:
                    tallies[k].span["fn"] += 1
                    tallies[k].value["fn"] += 1
                errors[("missed", g.text.lower(), g.value, "")] += 1
                continue
            used.add(hit)
            p = preds[hit]
            matched_total += 1
            right = same(p[4], g.value)
            matched_right += right
            for k in keys:
                tallies[k].span["tp"] += 1
                if right:
                    tallies[k].value["tp"] += 1
                else:
                    tallies[k].value["fn"] += 1
                    tallies[k].value["fp"] += 1
            if not right:
                errors[("wrong", g.text.lower(), g.value, f"{p[2]!r} -> {p[4]}")] += 1
        for i, p in enumerate(preds):
            if i in used:
                continue
            for k in ("all", doc.corpus, "type " + p[3]):
                tallies[k].span["fp"] += 1
                tallies[k].value["fp"] += 1
            errors[("spurious", p[2].lower(), "", p[4])] += 1
    return {"tallies": tallies, "errors": errors, "matched": (matched_right, matched_total)}


def normalisation_accuracy(path: Path) -> tuple[int, int, Counter[str]]:
    """:func:`tidings.time.normalise` on the gold strings of ``timex3_train.jsonl`` (exact value)."""
    from tidings.time import normalise

    right = total = 0
    by_type: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            dct = dt.date.fromisoformat(row["dct"][:10])
            got = normalise(row["text"], dct)
            total += 1
            by_type["gold " + row["type"]] += 1
            if got is not None and canonical_value(got.value) == canonical_value(row["value"]):
                right += 1
                by_type["right " + row["type"]] += 1
    return right, total, by_type


def run(args: argparse.Namespace) -> int:
    root: Path = args.gold
    if not (root / "TBAQ-cleaned").is_dir():
        print(f"tidings eval timex: no TBAQ-cleaned/ under {root}", file=sys.stderr)
        return 2
    from tidings import nlp as nlp_mod

    docs = list(read_corpus(root))[: args.limit]
    nlp = nlp_mod.load(stages=("tidings_time",))
    predicted: list[list[tuple[int, int, str, str, str]]] = []
    made = (nlp_mod.make_doc(nlp, d.text, d.id, d.dct) for d in docs)
    for doc in nlp.pipe(made, batch_size=16):
        predicted.append([(t.start, t.end, t.text, t.type, t.value) for t in doc._.timexes or []])
    result = score(docs, predicted)
    tallies: dict[str, _Tally] = result["tallies"]  # type: ignore[assignment]
    right, total = result["matched"]  # type: ignore[misc]
    n_gold = sum(len(d.timexes) for d in docs)
    print(f"TempEval-3 TBAQ-cleaned: {len(docs)} documents, {n_gold} gold TIMEX3")
    print(f"{'':16} {'span (relaxed)':48} value")
    for key in ["all", "TimeBank", "AQUAINT", *sorted(k for k in tallies if k.startswith("type "))]:
        if key not in tallies:
            continue
        t = tallies[key]
        print(f"{key:16} span  {t.prf('span')}")
        print(f"{'':16} value {t.prf('value')}")
    print(f"value accuracy on matched spans: {right / total if total else 0:.3f} ({right}/{total})")
    strict: dict[str, _Tally] = score(docs, predicted, equivalent=False)["tallies"]  # type: ignore[assignment]
    print(
        "values compare after canonical_value() (W7 == W07, 1949-XX == 1949, 198X == 198, T17 == T17:00, "
        f"P1E == P10Y, P3Q == P9M); as plain strings: value {strict['all'].prf('value')}"
    )
    jsonl = root / "timex3_train.jsonl"
    if jsonl.exists():
        ok, n, by_type = normalisation_accuracy(jsonl)
        print(f"normalisation of gold strings (timex3_train.jsonl): {ok / n if n else 0:.3f} ({ok}/{n})")
        for typ in sorted({k.split()[1] for k in by_type}):
            g = by_type["gold " + typ]
            print(f"  {typ:9} {by_type['right ' + typ] / g if g else 0:.3f} ({by_type['right ' + typ]}/{g})")
    errors: Counter[tuple[str, str, str, str]] = result["errors"]  # type: ignore[assignment]
    categories: Counter[str] = Counter()
    for (kind, _text, gold, got), n in errors.items():
        categories[error_category(kind, gold, got.rsplit(" -> ", 1)[-1] if kind == "wrong" else got)] += n
    print("\nerrors by category:")
    for category, n in sorted(categories.items()):
        print(f"  {n:4} {category}")
    if args.worst:
        print(f"\nworst cases (most frequent {args.worst}):")
        for (kind, text, gold, got), n in errors.most_common(args.worst):
            print(f"  {n:4} {kind:8} {text!r:32} gold {gold or '-':14} got {got or '-'}")
    return 0
