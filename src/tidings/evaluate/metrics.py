"""Metrics shared by the scorers."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def macro_f1(per_label: dict[str, PRF], labels: Iterable[str] | None = None) -> float:
    """Unweighted mean F1 over ``labels`` (default: every label with gold or predicted instances)."""
    keys = list(labels) if labels is not None else [k for k, v in per_label.items() if v.tp + v.fp + v.fn]
    if not keys:
        return 0.0
    return sum(per_label.get(k, PRF(0, 0, 0)).f1 for k in keys) / len(keys)


def weighted_f1(per_label: dict[str, PRF]) -> float:
    """Mean F1 weighted by each label's gold support (tp + fn), as CASE-2021 reports it."""
    support = {k: v.tp + v.fn for k, v in per_label.items()}
    total = sum(support.values())
    return sum(per_label[k].f1 * n for k, n in support.items()) / total if total else 0.0


def confusion_table(pairs: Iterable[tuple[str, str]]) -> str:
    """A text confusion matrix from (gold, predicted) pairs."""
    counts = Counter(pairs)
    labels = sorted({g for g, _ in counts} | {p for _, p in counts})
    width = max([6, *(len(x) for x in labels)])
    head = " " * width + " " + " ".join(f"{x[:width]:>{width}}" for x in labels)
    rows = [head]
    for g in labels:
        rows.append(f"{g:<{width}} " + " ".join(f"{counts.get((g, p), 0):>{width}}" for p in labels))
    return "\n".join(rows)


def default_gold(name: str) -> Path:
    """``$TIDINGS_GOLD/name`` if set, else ``../shared/gold/name`` relative to the working directory."""
    root = Path(os.environ.get("TIDINGS_GOLD", "../shared/gold"))
    return root / name
