"""Find candidate time expressions in a text with one compiled regex, then drop implausible ones.

The scanner is the union of the grammar's rules (:func:`tidings.time.grammar.grammar`).  :func:`scan`
runs it only where an expression can start: the first one or two words of every possible match are read
off the scanner's own pattern (:mod:`tidings.time.prefilter`), and a word no rule starts with ("the
company") costs one dictionary lookup instead of a pass through every rule.  It matches
case-insensitively; month and weekday names must still be capitalised in running text ("may", "march"
and "sun" are far more often verbs and nouns), which :func:`plausible` checks.

Two readings are settled here, where the text around the match is at hand: a range of durations ("two
to three weeks") becomes two expressions, each end in the shared unit, as TimeML annotates it; a frequency
("three times a week") is a set ("each week"), while the unit of an amount per time ("$5 million a
year", "six trains a week", "8% annually") is a measure, not a time, and gives no expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tidings.time.grammar import Grammar, grammar
from tidings.time.lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    reading: str | None = None
    """What to normalise instead of ``text``: the first end of a range ("two" of "two to three weeks")
    takes the unit of the second ("two weeks")."""


_WORD = re.compile(r"[A-Za-z]+\.?")
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_LAST_WORD = re.compile(r"([A-Za-z]+|\d|%)\W*$")
_COUNTED = re.compile(r"(?:\b(?:\d[\d,.]*|[A-Za-z]+)\s+){1,2}[A-Za-z]+\s+$")
"""A count and what it counts, right before a unit: "six trains (a week)", "ten thousand barrels"."""
_OFFSET_AFTER = re.compile(r"\s+(?:after|before|earlier|later|ago)\b", re.IGNORECASE)
_NOT_COUNTED = frozenset({"within", "in", "for", "over", "than", "about", "after", "before", "of", "nearly"})
"""Words right before "a week" that make it a length ("within a week"), even after a number."""
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[A-Za-z]+")
_ORDINAL_SECOND = re.compile(r"(?:a|an|one|the)\s+second")
_FRACTION = re.compile(r"\b(?:one|two|three|a)-quarters?\b")
_QUARTER_ALONE = re.compile(
    r"(?:(?:more|less)\s+than\s+|about\s+|nearly\s+|almost\s+)?(?:a|one|three)\s+quarters?"
)
_OF_A_WHOLE = re.compile(
    r"\s+of\s+(?!(?:an?|one|the)\s+(?:hour|minute|century|year|day|mile)\b|(?:fiscal\s+)?(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
"""After "a quarter": "of the market", "of its shares" make it a fraction; "of an hour", "of a century" and
"of 1990" keep it a time."""
_THE_WEEK = re.compile(r"the\s+week", re.IGNORECASE)
_PER_UNIT = re.compile(r"(?:a|an|per)\s+\w+")
_FOUR_DIGITS = re.compile(r"\d{4}")
_THE_YEAR = re.compile(r"the\s+(?:fiscal\s+)?year", re.IGNORECASE)
_PERIOD_END = re.compile(r"\s+end(?:ed|ing)\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b([A-Z][a-z]+\.?)\s+(\d{1,2})(,\s+\d{4})?$")
_AND_DAY = re.compile(
    r"\s+(?:and|or)\s+(\d{1,2})(?=\s*[.,;:)\"'`]|\s*$|\s+(?:in|at|on|of|for|when|while|after|before)\b)"
)


def calendar_word(word: str, lx: Lexicon) -> bool:
    """Whether ``word`` names a month or a weekday (these are capitalised in running text)."""
    w = word.lower()
    return w in lx.months or w.rstrip(".") in lx.month_abbreviations or w in lx.weekdays or (
        w.endswith("s") and w[:-1] in lx.weekdays
    )


_SOON_BEFORE = re.compile(r"\b(?:as|so|too|how)\s+\Z", re.IGNORECASE)
_SOON_AFTER = re.compile(r"\s+(?:after|afterwards?|thereafter|before|as|enough)\b", re.IGNORECASE)
"""Words around "soon" that make it part of a connective or a degree phrase ("as soon as", "soon after")."""


def _in_connective(text: str, start: int, end: int) -> bool:
    """Whether "soon" at ``text[start:end]`` is part of "as soon as", "too soon", "soon after"..."""
    before, after = text[max(0, start - 6) : start], text[end : end + 12]
    return bool(_SOON_BEFORE.search(before) or _SOON_AFTER.match(after))


def _opens_sentence(text: str, start: int) -> bool:
    """Whether only a sentence's end (and spaces or quotes) comes before ``start``; read off the text,
    a few characters back, so that it costs nothing where there is no parse."""
    before = text[max(0, start - 12) : start].rstrip(" \t\r\n\"'`")
    return before.endswith((".", "!", "?")) or (not before and start <= 12)


def plausible(text: str, start: int, end: int, lx: Lexicon | None = None) -> bool:
    """Whether the span ``text[start:end]`` is a time expression rather than a look-alike."""
    lx = lx or load_lexicon()
    span = text[start:end]
    words = _WORD.findall(span)
    for w in words:
        if not w[0].isupper() and calendar_word(w, lx):  # the cheaper test first
            return False
    low = span.lower()
    if len(words) == 1 and words[0].lower() in _AMBIGUOUS_MONTHS and not _DIGIT.search(span):
        before = _LETTERS.findall(text[max(0, start - 20) : start])
        if not before or before[-1].lower() not in lx.bare_month_cues:
            return False
    if _ORDINAL_SECOND.fullmatch(low) or low == "fall":
        return False  # "a second round", "a fall in prices"
    if _FRACTION.search(low):
        return False  # "three-quarters" is a fraction
    if _QUARTER_ALONE.fullmatch(low) and _OF_A_WHOLE.match(text, end):
        return False  # "more than a quarter of the market" is a share of something, not three months
    if low == "now" and text[end : end + 1] == "," and _opens_sentence(text, start):
        return False  # "Now, he says, ...": a discourse marker that opens a sentence, not the present
    if low == "soon" and _in_connective(text, start, end):
        return False  # "as soon as Tuesday", "soon after the vote": part of a connective, not a time
    if _FOUR_DIGITS.fullmatch(span):
        after = text[end : end + 2]
        before = text[max(0, start - 1) : start]
        if after.startswith(("%", "-", "/")) or before in ("#", "/"):
            return False
        if not 1600 <= int(span) <= 2100:
            return False
    return True


def _amount_before(text: str, start: int, end: int, lx: Lexicon) -> bool:
    """Whether an amount ends right before ``text[start:end]``: "$5 million", "8%", "six trains"."""
    last = _LAST_WORD.search(text[max(0, start - 25) : start])
    if last and (last[1].isdigit() or last[1] == "%" or last[1].lower() in lx.rate_words):
        return True
    # "six trains a week", "900 tonnes a week": a count, then what it counts, then the unit
    counted = _COUNTED.search(text[max(0, start - 40) : start])
    if counted is None or _OFFSET_AFTER.match(text, end):
        return False  # "a week after the vote" is a distance in time
    *counts, noun = counted.group(0).lower().split()
    if noun in _NOT_COUNTED:
        return False
    return any(c[0].isdigit() or (c in lx.numbers and c not in ("a", "an")) or c in lx.tens for c in counts)


def frequency(text: str, start: int, end: int, lx: Lexicon | None = None) -> bool:
    """Whether "a week" at ``text[start:end]`` says how often: "three times a week", "twice a year".

    A frequency is a TIMEX3 SET (every week), unlike the unit of an amount per time (:func:`rate`).
    """
    lx = lx or load_lexicon()
    if not _PER_UNIT.fullmatch(text[start:end].lower()):
        return False
    last = _LAST_WORD.search(text[max(0, start - 25) : start])
    return last is not None and last[1].lower() in lx.frequency_words


def rate(text: str, start: int, end: int, lx: Lexicon | None = None) -> bool:
    """Whether ``text[start:end]`` is the unit of an amount per time: "$5 million a year", "8% annually".

    TimeML marks how long and how often, not the time unit of a rate: a rate is a measure, like a
    speed ("60 miles per hour"), and the TimeML guidelines list speeds and such units among what is
    not marked.  So "$7 billion a year", "$90 a night", "six trains a day" and "8% annually" give no
    expression, while "twice a month" and "the council meets annually" (no amount) are SETs.
    """
    lx = lx or load_lexicon()
    low = text[start:end].lower()
    if not (_PER_UNIT.fullmatch(low) or low in lx.sets):
        return False
    return _amount_before(text, start, end, lx)


def scan(text: str, g: Grammar | None = None) -> Iterator[re.Match[str]]:
    """Exactly ``g.scanner.finditer(text)``, trying the regex only where an expression can start.

    ``finditer`` runs the whole alternation at every word; here a cheap pass lists the words the boundary
    allows and the scanner runs only at those that can begin an expression (``g.first``, derived from the
    scanner's own pattern).  Positions it skips cannot match, so the matches are the same.
    """
    g = g or grammar()
    scanner, first = g.scanner, g.first
    decision, allows_char, wild = first.decision, first.allows_char, bool(first.wild)
    done = 0
    for m in g.starts.finditer(text):
        start = m.start()
        if start < done:
            continue
        word = m.group(1)
        if word is None:
            if not allows_char(m.group(2)):
                continue
        else:
            low = word.lower()
            verdict = decision.get(low)
            if verdict is None:  # the common case, a word no expression starts with: one lookup
                if (low.isascii() and not wild) or not first.allows_word(text, start, word):
                    continue
            elif verdict == 2 and not first.allows_second(text, start + len(word), low):
                continue
        hit = scanner.match(text, start)
        if hit is not None:
            done = hit.end()
            yield hit


def _second_day(text: str, expression: str, end: int, lx: Lexicon) -> Candidate | None:
    """The bare day number coordinated with a month and day: "April 24 and 25" names April 25 too.

    Only a number that ends the phrase counts ("April 24 and 25." / "..., in Washington"), so that a
    count ("May 5 and 6 people") stays out.
    """
    md = _MONTH_DAY.search(expression)
    if md is None or lx.month(md[1]) is None:
        return None
    nd = _AND_DAY.match(text, end)
    if nd is None or not 1 <= int(nd[1]) <= 31:
        return None
    return Candidate(nd.start(1), nd.end(1), nd[1], f"{md[1]} {nd[1]}{md[3] or ''}")


def find_expressions(text: str) -> list[Candidate]:
    """Candidate time expressions in ``text``, in order, non-overlapping (leftmost, then longest)."""
    g = grammar()
    out: list[Candidate] = []
    for m in scan(text, g):
        start, end = m.span()
        span = m.group(0)
        stripped = span.rstrip(" ,;:")
        end -= len(span) - len(stripped)
        if stripped and plausible(text, start, end, g.lexicon):
            if frequency(text, start, end, g.lexicon):  # "three times a week": every week
                out.append(Candidate(start, end, stripped, "each " + stripped.split()[-1]))
                continue
            if rate(text, start, end, g.lexicon):  # "$5 million a year": a measure, not a time
                continue
            if _THE_YEAR.fullmatch(stripped) and not _PERIOD_END.match(text, end):
                # "a high for the year": the report's year; "the year ended March 31" is a length
                out.append(Candidate(start, end, stripped, "the current year"))
                continue
            if _THE_WEEK.fullmatch(stripped) and _PERIOD_END.match(text, end):
                # "the week ended Oct. 27" is a week's length, as "the year ended March 31" is a year's
                out.append(Candidate(start, end, stripped, "a week"))
                continue
            rm = g.range.fullmatch(stripped)
            group = "n0" if rm is not None and rm["n0"] is not None else "n1"
            if rm is None or rm[group].lower() in ("a", "an"):
                out.append(Candidate(start, end, stripped))
                if (day := _second_day(text, stripped, end, g.lexicon)) is not None:
                    out.append(day)  # "on April 24 and 25": the 25th of the same month
                continue
            first, first_start = rm[group], start + rm.start(group)
            out.append(Candidate(first_start, first_start + len(first), first, f"{first} {rm['unit']}"))
            second = start + rm.start("n")
            out.append(Candidate(second, end, text[second:end]))
    return out
