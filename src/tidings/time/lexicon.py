"""The time lexicon: the word lists users extend (weekdays, months, numbers, modifiers...), loaded once.

The words live in ``data/lexicon.json`` (versioned, format documented in its ``format`` key) so that a
user can add, say, a holiday or a modifier without touching the grammar in :mod:`tidings.time.grammar`.
This module only turns those lists into lookup tables and regular-expression alternations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    """The parsed ``lexicon.json``; every key is lower case."""

    version: str
    weekdays: dict[str, int]
    months: dict[str, int]
    month_abbreviations: dict[str, int]
    seasons: dict[str, str]
    season_months: dict[str, int]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    numbers: dict[str, float | None]
    tens: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, int, str]]
    modifiers_before: dict[str, str]
    modifiers_after: dict[str, str]
    present_ref: frozenset[str]
    past_ref: frozenset[str]
    future_ref: frozenset[str]
    sets: dict[str, str]
    holidays: dict[str, dict[str, int]]
    future_markers: frozenset[str]
    future_auxiliaries: frozenset[str]
    bare_month_cues: frozenset[str]
    rate_words: frozenset[str]
    own_time_adverbs: frozenset[str]
    look_back_words: frozenset[str] = frozenset()
    look_ahead_words: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    frequency_words: frozenset[str] = frozenset()
    speech_time_refs: frozenset[str] = frozenset()

    def month(self, word: str) -> int | None:
        """Month number of a full or abbreviated month name (``"Sept."`` -> 9)."""
        w = word.lower().rstrip(".")
        return self.months.get(w) or self.month_abbreviations.get(w)

    def weekday(self, word: str) -> int | None:
        """ISO weekday (Monday = 1) of a weekday name or abbreviation."""
        w = word.lower()
        return self.weekdays.get(w) or self.weekdays.get(w + ".") or self.weekdays.get(w.rstrip("s"))

    def unit(self, word: str) -> tuple[str, int, str] | None:
        """``(duration letter, multiplier, granularity)`` of a unit word, singular or plural."""
        w = word.lower().replace("centuries", "century")
        if w in self.units:
            return self.units[w]
        if w.endswith("s") and w[:-1] in self.units:
            return self.units[w[:-1]]
        return None


def alternation(words: object, *, escape: bool = True) -> str:
    """A regex alternation of ``words``, longest first so that the regex engine prefers long forms."""
    items = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    parts = [re.escape(w) if escape else w for w in items]
    return "(?:" + "|".join(p.replace(r"\ ", r"\s+") for p in parts) + ")"


def _load(raw: dict[str, Any]) -> Lexicon:
    return Lexicon(
        version=str(raw["version"]),
        weekdays={k.lower(): int(v) for k, v in raw["weekdays"].items()},
        months={k.lower(): int(v) for k, v in raw["months"].items()},
        month_abbreviations={k.lower(): int(v) for k, v in raw["month_abbreviations"].items()},
        seasons={k.lower(): str(v) for k, v in raw["seasons"].items()},
        season_months={k: int(v) for k, v in raw["season_months"].items()},
        parts_of_day={k.lower(): str(v) for k, v in raw["parts_of_day"].items()},
        clock_words={k.lower(): str(v) for k, v in raw["clock_words"].items()},
        numbers={k.lower(): (None if v is None else float(v)) for k, v in raw["numbers"].items()},
        tens={k.lower(): int(v) for k, v in raw["tens"].items()},
        ordinals={k.lower(): int(v) for k, v in raw["ordinals"].items()},
        units={k.lower(): (str(v[0]), int(v[1]), str(v[2])) for k, v in raw["units"].items()},
        modifiers_before={k.lower(): str(v) for k, v in raw["modifiers_before"].items()},
        modifiers_after={k.lower(): str(v) for k, v in raw["modifiers_after"].items()},
        present_ref=frozenset(w.lower() for w in raw["present_ref"]),
        past_ref=frozenset(w.lower() for w in raw["past_ref"]),
        future_ref=frozenset(w.lower() for w in raw["future_ref"]),
        sets={k.lower(): str(v) for k, v in raw["sets"].items()},
        holidays={k.lower(): {kk: int(vv) for kk, vv in v.items()} for k, v in raw["holidays"].items()},
        future_markers=frozenset(w.lower() for w in raw["future_markers"]),
        future_auxiliaries=frozenset(w.lower() for w in raw["future_auxiliaries"]),
        bare_month_cues=frozenset(w.lower() for w in raw.get("bare_month_cues", [])),
        rate_words=frozenset(w.lower() for w in raw.get("rate_words", [])),
        own_time_adverbs=frozenset(w.lower() for w in raw.get("own_time_adverbs", [])),
        look_back_words=frozenset(w.lower() for w in raw.get("look_back_words", [])),
        look_ahead_words=frozenset(w.lower() for w in raw.get("look_ahead_words", [])),
        title_words=frozenset(w.lower() for w in raw.get("title_words", [])),
        frequency_words=frozenset(w.lower() for w in raw.get("frequency_words", [])),
        speech_time_refs=frozenset(w.lower() for w in raw.get("speech_time_refs", [])),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped in ``tidings/time/data/lexicon.json`` (parsed once per process)."""
    text = resources.files("tidings.time").joinpath("data", "lexicon.json").read_text(encoding="utf-8")
    return _load(json.loads(text))


LEXICON_VERSION: str = load_lexicon().version
