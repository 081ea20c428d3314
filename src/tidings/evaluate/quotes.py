"""``tidings eval quotes``: quote and speaker attribution on PolNeAR.

PolNeAR (Newell et al., LREC 2018) annotates every attribution in US political news as source / cue /
content spans in brat standoff files (``<split>/attributions/<article>_<annotator>.ann``) beside the raw
text (``<split>/text/<article>.txt``).  Articles annotated by several people are scored once, against the
first annotator's file in name order.

What is scored, and how:

* A gold attribution is **direct** when one of its content fragments begins with a quotation mark; all
  others (paraphrase, and mixed quotations that embed a quoted phrase) are **indirect**.  Indirect recall is
  reported over the attributions whose cue contains a speech verb from the cue lexicon (``said``,
  ``told``, ``according to`` ...): the thoughts, intentions and "reports" PolNeAR also annotates are out of
  scope for a quote extractor.
* Content match is span overlap: a predicted quote and a gold content overlap when they share at least one
  alphanumeric character.  Precision counts predicted quotes that overlap a gold content of the same kind;
  recall counts gold attributions overlapped by a predicted quote of the same kind (a quotation split
  around its cue is one gold attribution with two fragments and two predicted quotes).  A stricter line
  asks for intersection-over-union >= 0.5 on the best-overlapping pair.
* Speaker accuracy is over matched gold attributions that have a source: correct when the predicted
  speaker mention overlaps the gold source span.

Every document runs on its own so that one that raises is counted and named, never fatal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tidings.evaluate.metrics import default_gold
from tidings.records import Document, Quote

QUOTE_MARKS = '"“”„«»'
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "written": "write", "spoke": "speak"}


@dataclass
class GoldAttribution:
    """One PolNeAR attribution, offsets shifted onto the stripped document text."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    direct: bool
    cue_text: str = ""


@dataclass
class GoldArticle:
    name: str
    date: dt.date
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold",
        type=Path,
        default=default_gold("polnear"),
        help="PolNeAR folder holding dev/ and train/ (default: ../shared/gold/polnear)",
    )
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="score the first N articles")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print up to N misses and false alarms per kind"
    )


def _spans(field_text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path, text: str, shift: int) -> list[GoldAttribution]:
    """Parse one brat standoff file into attributions (offsets minus ``shift``)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, [(a - shift, b - shift) for a, b in _spans(where)])
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(kv.split(":", 1) for kv in parts[1].split() if ":" in kv))
    out: list[GoldAttribution] = []
    for ev in events:
        content = spans.get(ev.get("Content", ""), ("", []))[1]
        if not content:
            continue
        direct = any(text[s:e].lstrip()[:1] in QUOTE_MARKS and text[s:e].strip() for s, e in content)
        cue = spans.get(ev.get("Cue", ""), ("", []))[1]
        out.append(
            GoldAttribution(
                content=content,
                source=spans.get(ev.get("Source", ""), ("", []))[1],
                cue=cue,
                direct=direct,
                cue_text=" ".join(text[s:e] for s, e in cue),
            )
        )
    return out


def read_split(root: Path, split: str) -> list[GoldArticle]:
    """The articles of a split with their gold attributions (one annotator per article)."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"no PolNeAR {split} split under {root} (expected {text_dir} and {ann_dir})")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    articles: list[GoldArticle] = []
    for name, ann in sorted(chosen.items()):
        path = text_dir / f"{name}.txt"
        if not path.exists():
            continue
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        text = raw.strip()
        shift = len(raw) - len(raw.lstrip())
        m = _DATE.search(name)
        date = dt.date.fromisoformat(m.group(1)) if m else dt.date(2016, 1, 1)
        articles.append(GoldArticle(name, date, text, read_ann(ann, text, shift)))
    return articles


def _forms(lemmas: Iterable[str]) -> set[str]:
    """Inflected forms of the cue lemmas, enough to recognise a speech verb in a gold cue."""
    forms: set[str] = set(_IRREGULAR)
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing", lemma + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _has_speech_cue(cue_text: str, forms: set[str]) -> bool:
    words = [w.strip(".,:;\"'“”’").lower() for w in cue_text.split()]
    return "according" in words or any(w in forms for w in words)


def _overlap(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    s, e = max(a[0], b[0]), min(a[1], b[1])
    if e <= s:
        return 0
    return sum(1 for c in text[s:e] if c.isalnum())


def _best(text: str, span: tuple[int, int], others: list[list[tuple[int, int]]]) -> tuple[int, int]:
    """(index, alnum overlap) of the fragment list in ``others`` overlapping ``span`` most."""
    best, score = -1, 0
    for k, frags in enumerate(others):
        ov = sum(_overlap(text, span, f) for f in frags)
        if ov > score:
            best, score = k, ov
    return best, score


def _iou(a: tuple[int, int], frags: list[tuple[int, int]]) -> float:
    lo, hi = min(f[0] for f in frags), max(f[1] for f in frags)
    inter = max(0, min(a[1], hi) - max(a[0], lo))
    union = max(a[1], hi) - min(a[0], lo)
    return inter / union if union else 0.0


@dataclass
class KindScore:
    """Counts for one kind (direct or indirect)."""

    tp_pred: int = 0
    fp: int = 0
    tp_gold: int = 0
    fn: int = 0
    strict_tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    def line(self) -> str:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        sp = self.speaker_ok / self.speaker_n if self.speaker_n else 0.0
        return (
            f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (pred {self.tp_pred}/{self.n_pred}, "
            f"gold {self.tp_gold}/{self.n_gold}; IoU>=0.5 {self.strict_tp})  "
            f"speaker {sp:.3f} ({self.speaker_ok}/{self.speaker_n})"
        )


def score_article(
    article: GoldArticle,
    quotes: list[Quote],
    speech_forms: set[str],
    scores: dict[str, KindScore],
    keep_errors: int = 0,
) -> None:
    """Add one article's counts to ``scores`` (keys ``direct`` and ``indirect``)."""
    text = article.text
    for kind, direct in (("direct", True), ("indirect", False)):
        sc = scores[kind]
        gold_all = [g for g in article.attributions if g.direct == direct]
        gold = [g for g in gold_all if direct or _has_speech_cue(g.cue_text, speech_forms)]
        preds = [q for q in quotes if q.direct == direct]
        sc.n_pred += len(preds)
        sc.n_gold += len(gold)
        all_frags = [g.content for g in gold_all]
        for q in preds:
            if _best(text, (q.content.start, q.content.end), all_frags)[1]:
                sc.tp_pred += 1
            else:
                sc.fp += 1
                if len(sc.false_alarms) < keep_errors:
                    sc.false_alarms.append(f"{article.name}: {q.content.text[:120]!r}")
        for g in gold:
            matches = [
                (q, sum(_overlap(text, (q.content.start, q.content.end), f) for f in g.content))
                for q in preds
            ]
            matches = [(q, ov) for q, ov in matches if ov]
            if not matches:
                sc.fn += 1
                if len(sc.misses) < keep_errors:
                    frag = " | ".join(text[s:e] for s, e in g.content)
                    sc.misses.append(f"{article.name}: [{g.cue_text}] {frag[:120]!r}")
                continue
            sc.tp_gold += 1
            q = max(matches, key=lambda m: m[1])[0]
            if _iou((q.content.start, q.content.end), g.content) >= 0.5:
                sc.strict_tp += 1
            if g.source:
                sc.speaker_n += 1
                sp = q.speaker
                if (
                    sp is not None
                    and sp.start is not None
                    and sp.end is not None
                    and any(_overlap(text, (sp.start, sp.end), f) for f in g.source)
                ):
                    sc.speaker_ok += 1
                elif len(sc.wrong_speakers) < keep_errors:
                    gold_source = " | ".join(text[s:e] for s, e in g.source)
                    said = f"{sp.text!r} ({sp.name})" if sp is not None else "none"
                    sc.wrong_speakers.append(
                        f"{article.name}: gold {gold_source!r}, predicted {said}: {q.content.text[:70]!r}"
                    )


def _pipeline_stages() -> tuple[str, ...]:
    """The stages the quotes are scored with: those ``tidings quotes`` runs (events are not needed)."""
    from tidings.quotes.extract import stages_through_quotes

    return stages_through_quotes()


def run(args: argparse.Namespace) -> int:
    from tidings import nlp as nlp_mod
    from tidings.pipeline import process
    from tidings.quotes import load_lexicon

    try:
        articles = read_split(Path(args.gold), args.split)
    except FileNotFoundError as exc:
        print(f"tidings eval quotes: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        articles = articles[: args.limit]
    lexicon = load_lexicon()
    stages = _pipeline_stages()
    nlp = nlp_mod.load(stages)
    forms = _forms(lexicon.speech_verbs)
    scores = {"direct": KindScore(), "indirect": KindScore()}
    raised: list[str] = []
    started = time.perf_counter()
    for article in articles:
        document = Document(id=article.name, date=article.date, text=article.text, source="polnear")
        try:
            result = next(process([document], nlp=nlp, batch_size=1))
        except Exception as exc:  # counted and reported: the criterion is that no document raises
            raised.append(f"{article.name}: {type(exc).__name__}: {exc}")
            continue
        score_article(article, result.quotes, forms, scores, args.errors)
    elapsed = time.perf_counter() - started
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, stages {', '.join(stages)}, "
        f"cue lexicon {lexicon.version}, {elapsed:.1f}s"
    )
    print(f"direct quotes     {scores['direct'].line()}")
    print(f"indirect (speech) {scores['indirect'].line()}")
    print(f"documents raising {len(raised)}")
    for line in raised:
        print(f"  {line}")
    for kind, sc in scores.items():
        for line in sc.misses:
            print(f"  miss {kind}: {line}")
        for line in sc.false_alarms:
            print(f"  false {kind}: {line}")
        for line in sc.wrong_speakers:
            print(f"  speaker {kind}: {line}")
    return 1 if raised else 0
