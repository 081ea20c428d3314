"""Find candidate time expressions in a text with one compiled regex, then drop implausible ones.

The scanner is the union of the grammar's rules (:func:`tidings.time.grammar.grammar`), run once over the
whole text, so the cost is one C-level pass per document whatever the size of the lexicon.  It matches
case-insensitively; month and weekday names must still be capitalised in running text ("may", "march"
and "sun" are far more often verbs and nouns), which :func:`plausible` checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.time.grammar import grammar
from tidings.time.lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str


_WORD = re.compile(r"[A-Za-z]+\.?")
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_LAST_WORD = re.compile(r"([A-Za-z]+|\d|%)\W*$")


def calendar_word(word: str, lx: Lexicon) -> bool:
    """Whether ``word`` names a month or a weekday (these are capitalised in running text)."""
    w = word.lower()
    return w in lx.months or w.rstrip(".") in lx.month_abbreviations or w in lx.weekdays or (
        w.endswith("s") and w[:-1] in lx.weekdays
    )


def plausible(text: str, start: int, end: int, lx: Lexicon | None = None) -> bool:
    """Whether the span ``text[start:end]`` is a time expression rather than a look-alike."""
    lx = lx or load_lexicon()
    span = text[start:end]
    words = _WORD.findall(span)
    for w in words:
        if calendar_word(w, lx) and not w[0].isupper():
            return False
    low = span.lower()
    if len(words) == 1 and words[0].lower() in _AMBIGUOUS_MONTHS and not re.search(r"\d", span):
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
        if not before or before[-1].lower() not in lx.bare_month_cues:
            return False
    if re.fullmatch(r"(?:a|an|one|the)\s+second", low) or low == "fall":
        return False  # "a second round", "a fall in prices"
    if re.search(r"\b(?:one|two|three|a)-quarters?\b", low):
        return False  # "three-quarters" is a fraction
    if re.fullmatch(r"(?:a|an|per)\s+\w+", low):
        last = _LAST_WORD.search(text[max(0, start - 25) : start])
        if last and (last[1].isdigit() or last[1] == "%" or last[1].lower() in lx.rate_words):
            return False  # "$5 million a year", "twice a week": a rate, not a duration
    if re.fullmatch(r"\d{4}", span):
        after = text[end : end + 2]
        before = text[max(0, start - 1) : start]
        if after.startswith(("%", "-", "/")) or before in ("#", "/"):
            return False
        if not 1600 <= int(span) <= 2100:
            return False
    return True


def find_expressions(text: str) -> list[Candidate]:
    """Candidate time expressions in ``text``, in order, non-overlapping (leftmost, then longest)."""
    g = grammar()
    out: list[Candidate] = []
    for m in g.scanner.finditer(text):
        start, end = m.span()
        span = m.group(0)
        stripped = span.rstrip(" ,;:")
        end -= len(span) - len(stripped)
        if stripped and plausible(text, start, end, g.lexicon):
            out.append(Candidate(start, end, text[start:end]))
    return out
