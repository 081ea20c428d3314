"""The grammar of English time expressions: one rule per construction, each a regex and a handler.

The same rules serve two purposes.  The extractor (:mod:`tidings.time.extract`) compiles the union of
their patterns into a single regex run once over the document text; :func:`normalise` full-matches one
expression against them in order and lets the first rule that matches compute the TIMEX3 value.  Word
lists come from the lexicon (``data/lexicon.json``); only the constructions are here.

Relative and underspecified expressions are resolved against the document date (``dct``) and, where the
calendar leaves a choice ("Friday", "in December"), the *direction* the governing verb's tense gives: -1
past ("said on Friday"), +1 future ("will meet on Friday"), 0 undecided (take the nearest).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from tidings.time import values as V
from tidings.time.lexicon import Lexicon, alternation, load_lexicon
from tidings.time.prefilter import FirstWords, first_chars, first_words, starts_like

Tense = str
""""past" | "present" | "future", or "behind": past for certain ("since March"), whatever the calendar."""


@dataclass(frozen=True)
class Normalised:
    """A TIMEX3 reading of one expression.

    ``context`` marks values a document may refine: ``"quarter"`` (the fiscal quarter the article is
    about: "the latest quarter") and ``"quarter-1y"`` (the same quarter a year before: "a year earlier",
    "the year-ago period").  :func:`normalise` alone gives the context-free reading.
    """

    type: str
    value: str
    mod: str | None = None
    context: str | None = None

    def __iter__(self) -> Iterator[str | None]:
        """Unpack as ``(type, value, mod)`` like the plain tuple older callers expect."""
        return iter((self.type, self.value, self.mod))


@dataclass(frozen=True)
class Context:
    """What a rule may consult: the anchor, the tense of the governing verb, the last dates mentioned.

    ``ref`` is the last full date (day precision): "the next day" counts from it.  ``point`` is the last
    calendar value of any precision ("1995", "1998-06", "1995-05-22"): "the following year" and "later
    that year" count from it.
    """

    dct: dt.date
    tense: Tense | None = None
    ref: dt.date | None = None
    point: str | None = None

    def direction(self, default: int = 0) -> int:
        if self.tense in ("past", "behind"):
            return -1
        if self.tense == "future":
            return 1
        if self.tense == "present":
            return 0
        return default

    @property
    def strict(self) -> bool:
        """A preposition fixed the direction ("since March"): no nearer date on the other side wins."""
        return self.tense == "behind"

    @property
    def anchor(self) -> dt.date:
        return self.ref or self.dct

    @property
    def point_date(self) -> dt.date | None:
        """The last mentioned calendar value as the first day it covers (``None`` if there is none)."""
        m = _POINT_VALUE.fullmatch(self.point or "")
        if m is None:
            return None
        return V.safe_date(int(m[1]), int(m[2] or 1), int(m[3] or 1))


class Groups(Protocol):
    """A rule's match as handlers read it: named groups, ``None`` where a group did not take part."""

    def __getitem__(self, name: str) -> str | None: ...


Handler = Callable[[Groups, Context, Lexicon], "Normalised | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    handler: Handler
    needs_modifier: bool = False
    """Only an expression after a modifier ("the end of *the month*"): never extracted on its own."""
    extract: bool = True
    """False: a reading for :func:`normalise` only; the scanner finds these forms with their context
    ("for *years*", "*the year* ended March 31") through another rule."""


# --------------------------------------------------------------------------- building blocks


_SPACES = re.compile(r"\s+")
_TRAILING_ABBREVIATION = re.compile(r"(?:\b[a-z]\.[a-z]\.|\b[a-z]{3,5}\.)$", re.IGNORECASE)
_POINT_VALUE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _pieces(lx: Lexicon) -> dict[str, str]:
    full = [m for m in lx.months]
    abbr = [m for m in lx.month_abbreviations]
    wd_full = [w for w in lx.weekdays if not w.endswith(".")]
    wd_abbr = [w for w in lx.weekdays if w.endswith(".")]
    units = []
    for u in lx.units:
        units.append("centur(?:y|ies)" if u == "century" else re.escape(u) + "s?")
    units_re = "(?:" + "|".join(sorted(units, key=len, reverse=True)) + ")"
    small = [k for k, v in lx.numbers.items() if v is not None and v < 10 and float(v).is_integer()]
    small_words = alternation([w for w in small if " " not in w and w not in ("a", "an")])
    number_words = alternation(lx.numbers)
    tens = alternation(lx.tens)
    half = r"(?:\s+(?:1/2|and\s+a\s+half)|-and-a-half)"
    scale = rf"(?:{small_words}|a|an)[- ](?:hundred|thousand)(?![\w-])"  # "two thousand (years)"
    num = rf"(?:\d+(?:\.\d+)?|{scale}|{tens}(?:[- ]{small_words})?|{number_words}){half}?"
    return {
        "MONTH": rf"(?:{alternation(full)}|{alternation(abbr)}\.?)(?![a-z])",
        "MONTHFULL": rf"{alternation(full)}(?![a-z])",
        "WD": rf"(?:{alternation(wd_full)}(?![a-z])|{alternation(wd_abbr)})",
        "WDS": rf"{alternation(wd_full)}s",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "YEAR": r"(?:1[0-9]|20|21)\d\d(?!\d)",
        "NUM": num,
        "UNIT": units_re,
        "SEASON": alternation(lx.seasons),
        "TENS": tens,
        "DECW": alternation(t[:-1] + "ies" for t in lx.tens),  # "the nineties"
        "SMALL": small_words,
        "TEENS": alternation([k for k, v in lx.numbers.items() if v is not None and 10 <= v < 20]),
        "POD": alternation([p for p in lx.parts_of_day if p != "overnight"]),
        "ORD": alternation(lx.ordinals),
        "HOLIDAY": alternation(lx.holidays),
        "REF": alternation(lx.present_ref | lx.past_ref | lx.future_ref),
        "SETW": alternation(lx.sets),
        "CLOCKW": alternation(lx.clock_words),
        "TZ": r"(?:\s+(?:[ecmp][sd]t|gmt|utc|local\s+time|a\.m\.|p\.m\.))?",
        "DEICTIC": r"(?:today|yesterday|tomorrow|tonight)",
    }


_SCALES = {"hundred": 100, "thousand": 1000}


def _number(word: str, lx: Lexicon) -> float | None:
    """The value of a number written in digits or words; ``None`` for "several", "a few"..."""
    w = _SPACES.sub(" ", word.lower().strip())
    half = re.fullmatch(r"(.+?)(?: 1/2| and a half|-and-a-half)", w)
    if half:  # "5 1/2", "two and a half"
        whole = _number(half[1], lx)
        return None if whole is None else whole + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in lx.numbers:
        return lx.numbers[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[1] in _SCALES and parts[0] in lx.numbers:
        count = lx.numbers[parts[0]]
        return None if count is None else count * _SCALES[parts[1]]
    if len(parts) == 2 and parts[0] in lx.tens and parts[1] in lx.numbers:
        second = lx.numbers[parts[1]]
        return None if second is None else lx.tens[parts[0]] + second
    return None


def _fmt(n: float) -> str:
    """A count as TIMEX3 writes it: "3", "1.5"."""
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration(n: float | None, unit: str, lx: Lexicon) -> str | None:
    """The TIMEX3 duration of ``n`` units ("PT5H", "P3Y"); an unknown count is X ("PXM")."""
    info = lx.unit(unit)
    if info is None:
        return None
    letter, mult, gran = info
    if n is not None and not float(n * mult).is_integer():
        split = _split_fraction(n * mult, letter, gran)
        if split:
            return split
    count = "X" if n is None else _fmt(n * mult)
    if gran == "time":
        return f"PT{count}{letter}"
    if gran == "decade" and n is None:
        return "PXY"
    return f"P{count}{letter}"


_SMALLER = {("Y", False): ("M", 12, False), ("D", False): ("H", 24, True), ("H", True): ("M", 60, True),
            ("M", True): ("S", 60, True)}
"""A unit and the next smaller one a fraction of it is written in: 2.5 years = P2Y6M, 5.5 hours = PT5H30M."""


def _split_fraction(amount: float, letter: str, gran: str) -> str | None:
    """``amount`` units written as whole units plus the remainder in the next smaller unit, if exact."""
    timed = gran == "time"
    nxt = _SMALLER.get((letter, timed))
    if nxt is None:
        return None
    small, factor, small_timed = nxt
    whole = int(amount)
    rest = (amount - whole) * factor
    if not float(rest).is_integer():
        return None
    head = f"{whole}{letter}" if whole else ""
    if timed:
        return f"PT{head}{int(rest)}{small}"
    return f"P{head}T{int(rest)}{small}" if small_timed else f"P{head}{int(rest)}{small}"


def _shift_unit(anchor: dt.date, k: float, unit: str, lx: Lexicon) -> str | None:
    """``anchor`` moved ``k`` units ("three months ago": -3 months), written at the unit's granularity."""
    info = lx.unit(unit)
    if info is None:
        return None
    _letter, mult, gran = info
    if gran == "time":
        return V.day(anchor)
    if gran in ("decade", "century"):
        return V.shift(anchor, k * mult, "year")
    if gran == "quarter":
        return V.shift(anchor, k, "quarter")
    return V.shift(anchor, k * mult, gran)


def _year(text: str, dct: dt.date) -> int:
    """A year written as digits ("1998", "'98"), relatively ("last year") or in words."""
    t = _SPACES.sub(" ", text.strip().lstrip("'").lower())
    rel = re.fullmatch(r"(last|this|next) year", t)
    if rel:
        return dct.year + {"last": -1, "this": 0, "next": 1}[rel[1]]
    if not t.isdigit():
        spoken = h_spoken_year(_SpokenMatch(t), Context(dct), load_lexicon())
        if spoken is None:
            raise ValueError(f"not a year: {text!r}")
        return int(spoken.value)
    if len(t) == 2:
        y = int(t)
        century = dct.year // 100 * 100
        return century + y if century + y <= dct.year + 10 else century - 100 + y
    return int(t)


def _g(m: Groups, name: str) -> str | None:
    """A group that only some rules define (``pod`` in ``weekday``)."""
    return m[name]


# --------------------------------------------------------------------------- handlers


def h_iso(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    d = V.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return Normalised("DATE", V.day(d)) if d else None


def h_slash(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    y = _year(m["y"], c.dct)
    d = V.safe_date(y, int(m["m"]), int(m["d"]))
    return Normalised("DATE", V.day(d)) if d else None


def h_month_day(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    mon = lx.month(m["mon"])
    day_n = int(re.sub(r"\D", "", m["day"]))
    if mon is None:
        return None
    if m["y"]:
        d = V.safe_date(_year(m["y"], c.dct), mon, day_n)
    else:
        d = V.pick_date(c.dct, mon, day_n, c.direction(0), ambiguous=0 if c.strict else 60)
    return Normalised("DATE", V.day(d)) if d else None


def h_month_year(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    mon = lx.month(m["mon"])
    return Normalised("DATE", V.month(_year(m["y"], c.dct), mon)) if mon else None


def h_month(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    mon = lx.month(m["mon"])
    if mon is None:
        return None
    rel = (m["rel"] or "").lower().split()
    here = c.dct.year * 12 + c.dct.month - 1
    if rel and rel[-1] in ("last", "past"):
        y = max(y for y in (c.dct.year - 1, c.dct.year) if y * 12 + mon - 1 < here)
    elif rel and rel[-1] in ("next", "coming"):
        y = min(y for y in (c.dct.year, c.dct.year + 1) if y * 12 + mon - 1 > here)
    elif rel and rel[-1] == "this":
        y = c.dct.year
    else:
        y = V.pick_year_for_month(c.dct, mon, c.direction(0), ambiguous=0 if c.strict else 1)
    return Normalised("DATE", V.month(y, mon))


def _season_year(c: Context, code: str, rel: str, lx: Lexicon) -> int:
    center = lx.season_months.get(code, 6)
    here = c.dct.year * 12 + c.dct.month - 1
    if rel in ("last", "past"):
        return max(y for y in (c.dct.year - 2, c.dct.year - 1, c.dct.year) if y * 12 + center + 1 < here)
    if rel in ("next", "coming"):
        return min(y for y in (c.dct.year, c.dct.year + 1, c.dct.year + 2) if y * 12 + center - 2 > here)
    if rel == "this":
        return c.dct.year
    return V.pick_year_for_month(c.dct, center, c.direction(0))


def h_season(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    code = lx.seasons[m["season"].lower()]
    if m["y"]:
        return Normalised("DATE", f"{_year(m['y'], c.dct):04d}-{code}")
    rel = (m["rel"] or "").lower().split()
    return Normalised("DATE", f"{_season_year(c, code, rel[-1] if rel else '', lx):04d}-{code}")


def h_year(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    return Normalised("DATE", f"{_year(m['y'], c.dct):04d}")


def h_decade(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    if m["decw"]:
        # "the nineties": the latest such decade that has begun by the document date
        tens = int(lx.tens[m["decw"].lower()[:-3] + "y"] // 10)
        century = c.dct.year // 100 * 100
        start = century + tens * 10
        if start > c.dct.year:
            start -= 100
        return Normalised("DATE", f"{start // 10:03d}")
    if m["dec"]:
        return Normalised("DATE", m["dec"])
    y = _year(m["short"] + "0", c.dct)
    return Normalised("DATE", f"{y // 10:03d}")


def h_century(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    word = m["n"].lower()
    n = lx.ordinals.get(word)
    if n is None:
        digits = re.sub(r"\D", "", word)
        n = int(digits) if digits else None
    if not n or n < 1:
        return None
    return Normalised("DATE", f"{n - 1:02d}")


def h_quarter(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    q = None
    if m["qn"]:
        q = int(m["qn"])
    elif m["ord"]:
        q = lx.ordinals.get(m["ord"].lower())
        if q == -1:
            q = 4
    if not q or not 1 <= q <= 4:
        return None
    y = c.dct.year
    if m["y"]:
        y = _year(m["y"], c.dct)
    elif m["yrel"]:
        y += {"last": -1, "next": 1, "this": 0}[m["yrel"].lower()]
    elif m["ord"] and m["ord"].lower() == "last":
        # "(in the) last quarter" with no year is the quarter before this one, as "last month" is; the
        # fourth quarter only "of 1989" or as "the final quarter"
        return Normalised("DATE", V.shift(c.dct, -1, "quarter") or "")
    else:
        y = _quarter_year(c, q)
    return Normalised("DATE", f"{y:04d}-Q{q}")


def _quarter_year(c: Context, q: int) -> int:
    """The year of "the fourth quarter" named without one: the document's, unless the tense rules it out.

    A January report that "profits fell in the fourth quarter" means the quarter just ended: a quarter
    that has not begun cannot be past.  The future is no guide the other way ("expects to report
    earnings for the third quarter" in October reports on a quarter already over), so otherwise the
    document's year stands: earnings reports name the quarters of their own year.
    """
    if c.direction(0) < 0 and q > V.quarter_of(c.dct):
        return c.dct.year - 1
    return c.dct.year


def h_year_quarter(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    y = _year(m["y"], c.dct)
    if m["ord"]:
        return Normalised("DATE", f"{y:04d}-Q{lx.ordinals[m['ord'].lower()]}")
    return Normalised("DATE", f"{y:04d}", context="quarter-in-year")


def h_week_of(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the week of March 6": the ISO week that contains the date."""
    day = h_month_day(m, c, lx)
    return Normalised("DATE", V.week(dt.date.fromisoformat(day.value))) if day else None


def h_anaphoric_unit(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "that year", "the following month": a year or month counted from the last one the text named.

    News narrates from a mentioned date ("On May 22, 1995, she was promoted, and the following year...");
    without one the document date stands in.
    """
    w = _SPACES.sub(" ", m["w"].lower())
    unit = m["unit"].lower()
    k = {"that": 0, "the same": 0, "the following": 1}.get(w, -1)  # the previous / preceding / prior
    base = c.point_date or c.dct
    return Normalised("DATE", V.shift(base, k, unit) or "")


def h_quarter_ref(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    word = (m["qrel"] or "").lower()
    if word in ("year-ago", "year-earlier", "comparable", "same", "year ago", "year earlier"):
        prev = V.shift(c.dct, -1, "quarter") or ""
        return Normalised("DATE", f"{int(prev[:4]) - 1:04d}{prev[4:]}", context="quarter-1y")
    if word in ("last", "previous", "prior", "past"):
        return Normalised("DATE", V.shift(c.dct, -1, "quarter") or "")
    if word in ("next", "coming", "following"):
        return Normalised("DATE", V.shift(c.dct, 1, "quarter") or "")
    if word == "current" or word == "this":
        return Normalised("DATE", V.shift(c.dct, 0, "quarter") or "")
    return Normalised("DATE", V.shift(c.dct, -1, "quarter") or "", context="quarter")


def h_quarter_year_ago(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the quarter a year ago": the quarter being reported, a year before (the document may say which)."""
    prev = V.shift(c.dct, -1, "quarter") or ""
    return Normalised("DATE", f"{int(prev[:4]) - 1:04d}{prev[4:]}", context="quarter-1y")


def h_half(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    h = 1 if m["half"].lower() == "first" else 2
    if m["dec"]:  # "the last half of the '70s": the decade, its later part
        digits = m["dec"].lstrip("'").rstrip("s").rstrip("'")
        year = _year(digits, c.dct) if len(digits) == 2 else int(digits)
        return Normalised("DATE", f"{year // 10:03d}", mod="EARLY" if h == 1 else "LATE")
    y = c.dct.year
    if m["y"]:
        y = _year(m["y"], c.dct)
    elif m["yrel"]:
        y += {"last": -1, "next": 1, "this": 0, "the": 0}[m["yrel"].lower()]
    return Normalised("DATE", f"{y:04d}-H{h}")


def h_two_quarters(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the first two quarters of 1990": two quarters of a named year are its half (``1990-H1``); without
    a year ("the first two quarters") they stay a length, like "the first nine months"."""
    y = _year(m["y"], c.dct) if m["y"] else c.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    return Normalised("DATE", f"{y:04d}-H{1 if m['half'].lower() == 'first' else 2}")


def h_whole_year(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the full year", "the current fiscal year", "(a high) for the year": the year of the report, a
    date rather than a length."""
    return Normalised("DATE", f"{c.dct.year:04d}")


def h_year_end(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    return Normalised("DATE", f"{c.dct.year:04d}", mod="END")


def h_period_ended(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the year ended March 31": a period measured back from its end date, i.e. a duration."""
    return Normalised("DURATION", _duration(1, m["unit"], lx) or "")


def h_deictic(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    w = _SPACES.sub(" ", m["w"].lower())
    offset = {
        "today": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "tonight": 0,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[w]
    d = V.day(c.dct + dt.timedelta(days=offset))
    if w == "tonight":
        return Normalised("TIME", d + "TNI")
    return Normalised("DATE", d)


def h_anaphoric_day(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    w = _SPACES.sub(" ", m["w"].lower())
    offset = 0
    if w in ("the next day", "the following day", "the day after"):
        offset = 1
    elif w in ("the previous day", "the day before", "the preceding day"):
        offset = -1
    return Normalised("DATE", V.day(c.anchor + dt.timedelta(days=offset)))


def _weekday_date(c: Context, wd: int, rel: str) -> dt.date:
    """The date of weekday ``wd`` that ``rel`` ("last", "next", "the previous"...) picks.

    "the previous Friday" and "the following Monday" are anaphoric: they count from the last full date
    the text named ("down from the previous Friday" after a report on Friday's close is the Friday a week
    before), from the document date where there is none.
    """
    if rel in ("previous", "preceding", "prior"):
        return V.nearest_weekday(c.anchor - dt.timedelta(days=1), wd, -1)
    if rel == "following":
        return V.nearest_weekday(c.anchor + dt.timedelta(days=1), wd, 1)
    if rel in ("last", "past"):
        return V.nearest_weekday(c.dct - dt.timedelta(days=1), wd, -1)
    if rel in ("next", "coming"):
        return V.nearest_weekday(c.dct + dt.timedelta(days=1), wd, 1)
    if rel == "this":
        return V.nearest_weekday(c.dct, wd, c.direction(0))
    return V.nearest_weekday(c.dct, wd, c.direction(-1))


def h_weekday(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    wd = lx.weekday(m["wd"])
    if wd is None:
        return None
    rel = (m["rel"] or "").lower().split()
    d = _weekday_date(c, wd, rel[-1] if rel else "")
    if _g(m, "mon") and _g(m, "day"):  # "Friday, Oct. 23": the calendar date wins
        alt = h_month_day(m, c, lx)
        if alt:
            return alt
    pod = _g(m, "pod")
    if pod:
        return Normalised("TIME", V.day(d) + "T" + lx.parts_of_day[pod.lower()])
    return Normalised("DATE", V.day(d))


def h_day_next_to_weekday(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the day before last Tuesday('s hearing)": a day counted from a named weekday, not from the last
    date the text mentioned."""
    wd = lx.weekday(m["wd"])
    if wd is None:
        return None
    rel = (m["rel"] or "").lower()
    d = _weekday_date(c, wd, rel) + dt.timedelta(days=-1 if m["ba"].lower() == "before" else 1)
    return Normalised("DATE", V.day(d))


def h_pod(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    which = _SPACES.sub(" ", (m["which"] or "").lower())
    offset = {"this": 0, "today": 0, "yesterday": -1, "tomorrow": 1, "last": -1, "": 0}.get(which, 0)
    if which == "last" and m["pod"].lower() != "night":
        offset = -1
    code = lx.parts_of_day[m["pod"].lower()]
    return Normalised("TIME", V.day(c.dct + dt.timedelta(days=offset)) + "T" + code)


def h_pod_of_day(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "in the morning", "overnight", "by mid-afternoon (yesterday)": a part of the day being narrated.

    The day is the last one the text named (the document date if none), or the one "yesterday" names.
    """
    code = lx.parts_of_day[m["pod"].lower()]
    dw = (_g(m, "dw") or "").lower()
    shift = {"yesterday": -1, "tomorrow": 1}.get(dw)
    day = c.anchor if shift is None else c.dct + dt.timedelta(days=shift)
    return Normalised("TIME", f"{V.day(day)}T{code}")


def h_clock(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    if m["cw"]:
        hhmm = lx.clock_words[m["cw"].lower()]
    else:
        h = int(m["h"])
        mi = int(m["mi"] or 0)
        ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm.startswith("inthe"):  # "4 in the morning", "6 in the evening"
            ampm = "am" if ampm.endswith("morning") else "pm"
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h > 24 or mi > 59:
            return None
        hhmm = f"{h:02d}:{mi:02d}"
    d = c.anchor
    day_word = (m["dw"] or "").lower()
    if m["mon"] and m["day"]:
        on = h_month_day(m, c, lx)
        if on is None:
            return None
        d = dt.date.fromisoformat(on.value)
    elif day_word:
        if day_word in ("yesterday", "today", "tomorrow", "tonight"):
            d = c.dct + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(day_word, 0))
        else:
            wd = lx.weekday(day_word)
            if wd:  # "at midnight Friday": deadlines as often as reports, so the nearest unless tensed
                d = V.nearest_weekday(c.dct, wd, c.direction(0))
    return Normalised("TIME", f"{V.day(d)}T{hhmm}")


def h_rel_unit(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    rel = m["rel"].lower().split()[-1]
    unit = m["unit"].lower()
    k = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "prior": -1,
        "this": 0,
        "current": 0,
        "the": 0,
        "that": 0,
        "next": 1,
        "coming": 1,
        "following": 1,
        "upcoming": 1,
    }.get(rel)
    if k is None:
        return None
    if unit == "weekend":
        sat = V.nearest_weekday(c.dct, 6, -1 if k < 0 else (1 if k > 0 else c.direction(-1)))
        if k < 0 and sat == c.dct:
            sat -= dt.timedelta(days=7)
        return Normalised("DATE", V.week(sat) + "-WE")
    if unit == "day":
        return Normalised("DATE", V.day(c.dct + dt.timedelta(days=k)))
    if unit == "quarter":
        return Normalised("DATE", V.shift(c.dct, k, "quarter") or "")
    if unit in ("decade", "century") and rel in ("last", "past"):
        # "the past decade": the ten years up to now, a length as "the past two years" is (TimeML), not
        # the calendar decade before this one ("the previous decade" still is: the 1970s in 1989)
        return Normalised("DURATION", _duration(1, unit, lx) or "")
    value = _shift_unit(c.dct, k, unit, lx)
    if unit == "decade":
        value = V.shift(c.dct, k, "decade")
    elif unit == "century":
        value = V.shift(c.dct, k, "century")
    return Normalised("DATE", value) if value else None


def h_the_unit(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    unit = m["unit"].lower()
    if unit == "day":
        return Normalised("DATE", V.day(c.anchor))
    gran = {"week": "week", "month": "month", "year": "year", "quarter": "quarter", "decade": "decade"}
    value = V.shift(c.dct, 0, gran.get(unit, "year"))
    return Normalised("DATE", value) if value else None


def h_the_week(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "For the week, the index fell": the week a report is about, named by no calendar word.

    Unlike "this week" or "last week" the words do not say which week (the one ending or the one just
    gone, in a Monday report on Friday's close), so the value keeps the year and leaves the week
    unspecified, as TIMEX3 does for an underspecified field (``1989-WXX``).
    """
    return Normalised("DATE", f"{c.dct.year:04d}-WXX")


def h_ago(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    n = _number(m["n"], lx)
    unit = m["unit"]
    info = lx.unit(unit)
    if info is None:
        return None
    if n is None:
        return Normalised("DATE", "PAST_REF")
    word = _SPACES.sub(" ", m["dir"].lower())
    sign = -1 if word in ("ago", "earlier", "before", "back", "previously") else 1
    anchor = c.dct if word in ("ago", "from now", "hence") or info[2] not in ("day", "week") else c.anchor
    value = _shift_unit(anchor, sign * n, unit, lx)
    if value is None:
        return None
    ctx = "quarter-1y" if info[2] == "year" and n == 1 and sign < 0 else None
    return Normalised("DATE", value, context=ctx)


def h_year_ago_adj(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "the year-ago quarter" is a date; "the year-earlier nine months" a length of time, like "the nine
    months" it is compared with."""
    if m["months"]:
        return Normalised("DURATION", _duration(_number(m["months"], lx), "month", lx) or "")
    if m["ord"]:  # "the year-ago third quarter"
        return Normalised("DATE", f"{c.dct.year - 1:04d}-Q{lx.ordinals[m['ord'].lower()]}")
    return Normalised("DATE", f"{c.dct.year - 1:04d}", context="quarter-1y")


def h_duration(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    n = _number(m["n"], lx)
    if n is None and m["n"].strip().lower() not in lx.numbers:
        return None
    if n is not None and m["half"]:  # "an hour and a half"
        n += 0.5
    value = _duration(n, m["unit"], lx)
    return Normalised("DURATION", value) if value else None


def h_duration_range(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """A range of counts read as one expression is its first count in the shared unit ("two to three
    weeks" is ``P2W``); the extractor gives each end its own expression, as TimeML annotates them."""
    first = m["n0"] or m["n1"] or ""
    if first.strip().lower() in ("a", "an"):
        return None
    n = _number(first, lx)
    value = _duration(n, m["unit"], lx) if n is not None else None
    return Normalised("DURATION", value) if value else None


def h_plural_units(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    q = (m["q"] or "").lower().split()
    last = q[-1] if q else ""
    unit = m["unit"] or ""
    if last in ("recent", "past", "last") and unit.lower() == "years":
        return Normalised("DATE", "PAST_REF")
    if unit.lower().rstrip("s") in ("day", "week", "month", "year", "hour") and m["long"]:
        return Normalised("DURATION", _duration(1, unit, lx) or "")
    value = _duration(None, unit, lx)
    return Normalised("DURATION", value) if value else None


class _SpokenMatch:
    """Lets :func:`h_spoken_year` read a year in words that another rule captured."""

    def __init__(self, text: str) -> None:
        m = re.fullmatch(
            r"(?:the year )?(?:(nineteen|twenty)[- ](.+)|two thousand(?: and)?(?:[- ](.+))?)", text
        )
        self.groups = {"hi": m[1], "lo": m[2], "lo2": m[3]} if m else {"hi": None, "lo": None, "lo2": "x"}

    def __getitem__(self, name: str) -> str | None:
        return self.groups.get(name)


def h_spoken_year(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "nineteen ninety-six", "the year two thousand": years as broadcast transcripts spell them."""
    if m["hi"] is None:
        low = _number(m["lo2"], lx) if m["lo2"] else 0
        return Normalised("DATE", f"{2000 + int(low or 0):04d}")
    hi = 19 if m["hi"].lower() == "nineteen" else 20
    lo_text = re.sub(r"^oh[- ]", "", m["lo"].lower())
    lo = 0 if lo_text == "hundred" else _number(lo_text, lx)
    if lo is None:
        return None
    return Normalised("DATE", f"{hi * 100 + int(lo):04d}")


def h_ref(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    w = _SPACES.sub(" ", m["w"].lower())
    if w in lx.present_ref:
        return Normalised("DATE", "PRESENT_REF")
    if w in lx.past_ref:
        return Normalised("DATE", "PAST_REF")
    if w in lx.future_ref:
        return Normalised("DATE", "FUTURE_REF")
    return None


def h_set(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    if m["smon"]:  # "each July"
        mon = lx.month(m["smon"])
        return Normalised("SET", f"XXXX-{mon:02d}") if mon else None
    if m["setw"]:
        return Normalised("SET", lx.sets[m["setw"].lower()])
    if m["wds"]:
        wd = lx.weekday(m["wds"])
        return Normalised("SET", f"XXXX-WXX-{wd}") if wd else None
    unit = m["unit"]
    if lx.weekday(unit):
        return Normalised("SET", f"XXXX-WXX-{lx.weekday(unit)}")
    value = _duration(1, unit, lx)
    return Normalised("SET", value) if value else None


def h_weekday_set(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    """ "Tuesday nights": every Tuesday night, a set (``XXXX-WXX-2TNI``)."""
    wd = lx.weekday(m["wd"])
    code = lx.parts_of_day.get(m["pod"].lower()[:-1])
    return Normalised("SET", f"XXXX-WXX-{wd}T{code}") if wd and code else None


def h_holiday(m: Groups, c: Context, lx: Lexicon) -> Normalised | None:
    spec = lx.holidays[_SPACES.sub(" ", m["hol"].lower())]

    def on(year: int) -> dt.date | None:
        if "day" in spec:
            return V.safe_date(year, spec["month"], spec["day"])
        first = dt.date(year, spec["month"], 1)
        if spec["nth"] > 0:
            offset = (spec["weekday"] - first.isoweekday()) % 7
            return first + dt.timedelta(days=offset + 7 * (spec["nth"] - 1))
        nxt = dt.date(*V.add_months(year, spec["month"], 1), 1)
        offset = (nxt.isoweekday() - spec["weekday"]) % 7 or 7
        return nxt - dt.timedelta(days=offset)

    if m["y"]:
        d = on(_year(m["y"], c.dct))
    else:
        rel = (m["rel"] or "").lower()
        cands = [x for y in (c.dct.year - 1, c.dct.year, c.dct.year + 1) if (x := on(y))]
        direction = {"last": -1, "next": 1}.get(rel, c.direction(0))
        if rel == "this":
            d = on(c.dct.year)
        elif direction < 0:
            d = max((x for x in cands if x <= c.dct), default=None)
        elif direction > 0:
            d = min((x for x in cands if x >= c.dct), default=None)
        else:
            d = min(cands, key=lambda x: abs((x - c.dct).days))
    return Normalised("DATE", V.day(d)) if d else None


# --------------------------------------------------------------------------- the rule table


def _range_pattern(p: dict[str, str]) -> str:
    """ "two to three weeks", "12-18 months", "between two and six days": two counts sharing one unit."""
    s = r"\s+"
    return (
        rf"(?:between{s}(?P<n1>{p['NUM']}){s}and{s}|(?P<n0>{p['NUM']})(?:{s}to{s}|\s?-\s?))"
        rf"(?P<n>{p['NUM']})(?:-|{s})(?P<unit>{p['UNIT']})(?![\w-]|{s}old)"
    )


def build_rules(lx: Lexicon) -> tuple[Rule, ...]:
    """The rules in matching order: longer, more specific constructions first."""
    p = _pieces(lx)
    S = r"\s+"
    spoken_named = (
        rf"(?:(?P<hi>nineteen|twenty)[- ](?P<lo>{p['TENS']}(?:[- ]{p['SMALL']})?|{p['TEENS']}|hundred"
        rf"|oh[- ]{p['SMALL']})|two{S}thousand(?:{S}and)?(?:[- ](?P<lo2>{p['SMALL']}))?)"
    )
    spoken = _strip_groups(spoken_named)
    yearx = rf"(?:{p['YEAR']}|(?:last|this|next){S}year|{spoken})(?![\w-])"
    month_day = (
        rf"(?:(?P<mon>{p['MONTH']}){S}(?:the{S})?(?P<day>{p['DAY']})"
        rf"|(?:the{S})?(?P<day2>{p['DAY']}){S}(?:of{S})?(?P<mon2>{p['MONTH']}))"
        rf"(?:,?{S}(?P<y>{p['YEAR']}))?"
    )
    rules = [
        Rule("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])", h_iso),
        Rule("slash", r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])", h_slash),
        Rule(
            "clock",
            rf"(?:(?P<h>\d{{1,2}})(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m\b|o'clock"
            rf"|in{S}the{S}(?:morning|afternoon|evening))"
            rf"|(?P<cw>{p['CLOCKW']})){p['TZ']}"
            rf"(?:,?{S}(?:on{S})?(?:(?P<dw>{p['WD']}|{p['DEICTIC']})"
            rf"|(?P<mon>{p['MONTH']}){S}(?P<day>{p['DAY']})(?:,?{S}(?P<y>{p['YEAR']}))?))?",
            h_clock,
        ),
        Rule(
            "weekday_set",
            rf"(?P<wd>{p['WD']}){S}(?P<pod>nights|mornings|afternoons|evenings)(?![\w])",
            h_weekday_set,
        ),
        Rule(
            "weekday",
            rf"(?:(?P<rel>last|this\s+past|this\s+coming|this|next|coming|past"
            rf"|the\s+(?:previous|preceding|prior|following)){S})?(?P<wd>{p['WD']})"
            rf"(?:,?{S}(?P<mon>{p['MONTH']}){S}(?P<day>{p['DAY']})(?:,?{S}(?P<y>{p['YEAR']}))?"
            rf"|{S}(?P<pod>{p['POD']}))?",
            h_weekday,
        ),
        Rule("week_of", rf"the{S}week{S}of{S}{month_day}", h_week_of),
        Rule("month_day", month_day, h_month_day),
        Rule("month_year", rf"(?P<mon>{p['MONTHFULL']}|{p['MONTH']}),?{S}(?:of{S})?(?P<y>{yearx})",
             h_month_year),
        Rule(
            "season",
            rf"(?:(?P<rel>last|this\s+past|this\s+coming|this|next|coming|past)\s+|the\s+)?"
            rf"(?P<season>{p['SEASON']})(?:(?:{S}of)?{S}(?P<y>{yearx}))?",
            h_season,
        ),
        Rule(
            "quarter",
            rf"(?:(?P<yrel>this|last|next){S}year's{S}|the{S})?(?:fiscal[- ])?"
            rf"(?:(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)(?:[- ]|{S}fiscal{S})quarter"
            rf"|q(?P<qn>[1-4]))"
            rf"(?:(?:,?{S}of|,){S}(?:fiscal{S})?(?P<y>{p['YEAR']})|{S}(?P<y2>{p['YEAR']}))?",
            h_quarter,
        ),
        Rule(
            "year_quarter",
            rf"(?:the{S})?(?P<y>{p['YEAR']}){S}(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
            rf"[- ])?(?:fiscal{S})?(?:quarter|period)(?![\w-])",
            h_year_quarter,
        ),
        Rule(
            "quarter_year_ago",
            rf"the{S}(?:fiscal{S})?quarter{S}a{S}year{S}(?:ago|earlier)(?![\w-])",
            h_quarter_year_ago,
        ),
        Rule(
            "quarter_ref",
            rf"(?:the{S})?(?:(?P<qrel>latest|most{S}recent|current|last|previous|prior|past|next|"
            rf"coming|following|year-ago|year-earlier|comparable|same|this)"
            rf"(?:{S}(?:year-ago|year-earlier|fiscal))?{S})(?:quarter|period)(?![\w-])"
            rf"|the{S}(?:fiscal{S})?quarter(?![\w-])",
            h_quarter_ref,
        ),
        Rule(
            "two_quarters",
            rf"(?:the{S})?(?P<half>first|last|final){S}two{S}quarters{S}of{S}"
            rf"(?:(?:fiscal{S})?(?P<y>{p['YEAR']})|(?P<yrel>this|last|next){S}year)(?![\w-])",
            h_two_quarters,
        ),
        Rule(
            "half",
            rf"(?:the{S})?(?P<half>first|second|last|latter){S}half"
            rf"(?:{S}of{S}(?:(?P<y>{p['YEAR']})|(?P<yrel>the|this|last|next){S}year"
            rf"|the{S}(?P<dec>(?:1\d|20)?\d0'?s|'\d0s)(?![\w])))?",
            h_half,
        ),
        Rule("year_end", r"year[- ]end|year's\s+end", h_year_end),
        Rule(
            "whole_year", rf"the{S}(?:current|full|present|whole){S}(?:fiscal{S})?year(?![\w-])", h_whole_year
        ),
        Rule(
            "report_year",
            rf"(?:(?<=\bfor\s)|(?<=\bof\s)|(?<=\bduring\s))the{S}(?:fiscal{S})?year"
            rf"(?![\w-]|{S}(?:end|ended|ending|ago|earlier|before|after|two|nineteen|twenty)\b|{S}\d)",
            h_whole_year,
        ),
        Rule(
            "period_ended",
            rf"the{S}(?:fiscal{S})?(?P<unit>year|quarter|month|week)(?={S}end(?:ed|ing)\b)",
            h_period_ended,
        ),
        Rule(
            "century",
            rf"(?:the{S})?(?P<n>{p['ORD']}|\d{{1,2}}(?:st|nd|rd|th)){S}century",
            h_century,
        ),
        Rule(
            "decade",
            rf"(?:the{S})?(?:(?P<dec>1\d\d|20\d)0'?s|'(?P<short>\d)0s)(?![\w])"
            rf"|the{S}'?(?P<decw>{p['DECW']})(?![\w])",
            h_decade,
        ),
        Rule(
            "holiday",
            rf"(?:(?P<rel>last|this|next){S})?(?P<hol>{p['HOLIDAY']})(?:,?{S}(?P<y>{p['YEAR']}))?",
            h_holiday,
        ),
        Rule(
            "deictic",
            r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow"
            r"|tonight)",
            h_deictic,
        ),
        Rule(
            "pod",
            rf"(?:(?P<which>this|yesterday|tomorrow|last|today){S}(?P<pod>{p['POD']}))",
            h_pod,
        ),
        Rule(
            "pod_of_day",
            rf"(?:the{S}(?P<pod>morning|afternoon|evening)|(?P<pod2>overnight))(?![\w-])",
            h_pod_of_day,
        ),
        Rule(
            "bare_pod",
            rf"(?P<pod>morning|afternoon|evening)(?:{S}(?P<dw>yesterday|today|tomorrow))?(?![\w-])",
            h_pod_of_day,
            needs_modifier=True,
        ),
        Rule(
            "day_next_to_weekday",
            rf"the{S}day{S}(?P<ba>before|after){S}(?:(?P<rel>last|this|next){S})?(?P<wd>{p['WD']})(?![\w])",
            h_day_next_to_weekday,
        ),
        Rule(
            "anaphoric_day",
            r"(?P<w>that\s+day|the\s+same\s+day|the\s+next\s+day|the\s+following\s+day|the\s+previous\s+day"
            r"|the\s+preceding\s+day|the\s+day\s+before|the\s+day\s+after)",
            h_anaphoric_day,
        ),
        Rule(
            "anaphoric_unit",
            rf"(?P<w>that|the{S}same|the{S}following|the{S}previous|the{S}preceding|the{S}prior){S}"
            rf"(?P<unit>year|month)(?![\w-])",
            h_anaphoric_unit,
        ),
        Rule(
            "ago",
            rf"(?P<n>{p['NUM']})[- ](?P<unit>{p['UNIT']}){S}(?:or{S}so{S})?"
            rf"(?P<dir>ago|earlier|from{S}now|hence|back)(?![\w])",
            h_ago,
        ),
        Rule(
            "year_ago_adj",
            rf"(?:the{S})?(?:comparable{S})?year[- ](?:ago|earlier)(?:{S}(?:period|quarter|level|month|"
            rf"figure|results?|(?P<months>six|nine){S}months"
            rf"|(?P<ord>first|second|third|fourth)[- ]quarter))?",
            h_year_ago_adj,
        ),
        Rule(
            "rel_unit",
            rf"(?:the{S})?(?P<rel>last|past|previous|prior|this|current|next|coming|following|upcoming)"
            rf"{S}(?P<unit>weekend|day|week|month|year|decade|century)(?![\w-])"
            rf"|(?P<rel2>the){S}(?P<unit2>weekend)(?![\w-])",
            h_rel_unit,
        ),
        Rule("duration_range", _range_pattern(p), h_duration_range),
        Rule(
            "duration",
            rf"(?:(?:the|each\s+of\s+the){S}(?![\w.]+-))?(?:(?:past|last|next|coming|first|latest|previous|final|"
            rf"following|initial|recent|remaining|prior|preceding){S})?"
            rf"(?P<n>{p['NUM']})(?:-|{S})"
            rf"(?:(?:more|additional|further|extra|straight|consecutive|trading|business|working){S})?"
            rf"(?P<unit>{p['UNIT']})(?P<half>{S}and{S}a{S}half)?(?![\w-]|{S}old)",
            h_duration,
        ),
        Rule(
            "plural_units",
            rf"(?:(?P<q>recent|the\s+past|past|the\s+last|the\s+coming|coming|the\s+next|the\s+recent"
            rf"|upcoming|future){S})"
            rf"(?P<unit>years|months|weeks|quarters|decades|centuries|days|hours|minutes)(?P<long>-long)?(?![\w])"
            rf"|(?P<unit2>years|months|weeks|decades|centuries|days|day|week|month|year|hour)(?P<long2>-long)"
            rf"(?![\w])"
            rf"|(?<=\bfor\s)(?P<unit3>years|months|weeks|decades|centuries|days|hours)(?![\w-])"
            rf"|(?<=\bin\s)(?P<unit4>years|months|weeks|decades)(?![\w-])"
            rf"|the{S}(?P<unit5>weeks|months|years|days){S}ahead(?![\w-])"
            rf"|(?<=\bover\s)the{S}(?P<unit6>years|decades|centuries|months|weeks)(?![\w-])",
            h_plural_units,
        ),
        Rule(
            "set",
            rf"(?:(?P<setw>{p['SETW']})|(?P<wds>{p['WDS']})|(?:every|each){S}(?P<unit>{p['WD']}|day|week"
            rf"|month|year|morning|night|hour|quarter)|(?:every|each){S}(?P<smon>{p['MONTHFULL']}))(?![\w])",
            h_set,
        ),
        Rule("month", rf"(?:(?P<rel>last|this\s+past|this\s+coming|this|next|past|coming){S})?"
             rf"(?P<mon>{p['MONTHFULL']})", h_month),
        Rule(
            "year", rf"(?:(?:fiscal|the\s+year|calendar|fy){S})?(?P<y>{p['YEAR']})(?!\d|,\d|\.\d|%)", h_year
        ),
        Rule(
            "spoken_year",
            rf"(?:the{S}year{S})?{spoken_named}(?![\w-])",
            h_spoken_year,
        ),
        Rule("ref", rf"(?P<w>{p['REF']})", h_ref),
        Rule(
            "bare_plural",
            r"(?:the\s+)?(?P<unit>years|months|weeks|decades|centuries|days|hours)",
            h_plural_units,
            extract=False,
        ),
        Rule(
            "the_unit",
            r"(?:the|this|that)\s+(?P<unit>day|week|month|year|quarter|decade)",
            h_the_unit,
            needs_modifier=True,
        ),
        Rule("the_period", r"the\s+(?:fiscal\s+)?(?P<unit>year|quarter)", h_period_ended, extract=False),
        Rule(
            "the_week",
            # not "the busiest day of the week" (any week), nor "the week before the vote" (another week)
            r"(?<!day\sof\s)(?<!days\sof\s)the\s+week(?![\w-]|\s+(?:of|before|after|earlier|later|ended"
            r"|ending|following|that|when|in\s+which|ahead)\b)",
            h_the_week,
        ),
    ]
    return tuple(rules)


def _strip_groups(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _fix_dup_groups(pattern: str) -> str:
    """Rename repeated named groups (``mon``/``day`` in the alternatives of ``month_day``)."""
    seen: dict[str, int] = {}

    def rename(m: re.Match[str]) -> str:
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        return f"(?P<{name}>" if seen[name] == 1 else f"(?P<{name}{seen[name]}>"

    return re.sub(r"\(\?P<(\w+)>", rename, pattern)


@dataclass(frozen=True)
class Grammar:
    """Compiled rules plus the modifier regexes, built once per lexicon."""

    lexicon: Lexicon
    rules: tuple[tuple[Rule, re.Pattern[str]], ...]
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    scanner: re.Pattern[str]
    """The one regex the extractor runs over a whole text."""
    range: re.Pattern[str]
    """A range of durations ("two to three weeks"), which the extractor splits into its two ends."""
    first: FirstWords
    """The words an expression can start with (:mod:`tidings.time.prefilter`)."""
    starts: re.Pattern[str]
    """The places the scanner may start, to be checked against :attr:`first`."""
    rule_starts: tuple[frozenset[str] | None, ...]
    """Each rule's possible first characters (:func:`tidings.time.prefilter.first_chars`)."""


_EXTRA_PREFIXES = ("earlier", "later", "earlier in", "later in", "early in", "late in", "as early as",
                   "as late as")


@lru_cache(maxsize=2)
def grammar(lx: Lexicon | None = None) -> Grammar:
    lx = lx or load_lexicon()
    rules = build_rules(lx)
    compiled = tuple((r, re.compile(_fix_dup_groups(r.pattern), re.IGNORECASE)) for r in rules)
    mods = [m for m in lx.modifiers_before if m != "mid"] + list(_EXTRA_PREFIXES)
    prefix_alt = rf"(?:(?:the\s+)?(?:mid(?!dle)-?\s*|(?:early|late)-|{alternation(mods)}\s+))"
    prefix = re.compile(rf"^(?P<mod>{prefix_alt})", re.IGNORECASE)
    suffix = re.compile(rf"\s+(?P<mod>{alternation(lx.modifiers_after)})$", re.IGNORECASE)
    core = "|".join(_strip_groups(r.pattern) for r in rules if r.extract and not r.needs_modifier)
    edge = "|".join(_strip_groups(r.pattern) for r in rules if r.extract and r.needs_modifier)
    suffix_alt = rf"(?:\s+{alternation(lx.modifiers_after)})?"
    scanner = re.compile(
        rf"{_BOUNDARY}(?:(?:{prefix_alt})?(?:{core})|(?:{prefix_alt})(?:{edge})){suffix_alt}(?![\w])",
        re.IGNORECASE,
    )
    range_rx = re.compile(_range_pattern(_pieces(lx)), re.IGNORECASE)
    rule_starts = tuple(first_chars(rx.pattern) for _, rx in compiled)
    first = first_words(scanner.pattern)
    return Grammar(lx, compiled, prefix, suffix, scanner, range_rx, first, _STARTS, rule_starts)


_BOUNDARY = r"(?<![\w$£€.-])"
"""An expression starts a word: not inside one, nor after a currency sign, a decimal point or a hyphen."""

_STARTS = re.compile(rf"{_BOUNDARY}(?:([^\W\d_]+)|(.))", re.DOTALL)
"""Every place the scanner's boundary allows a start: a whole word (group 1) or another character."""


_LEADING_PREPOSITION = re.compile(
    r"^(?:on|in|at|since|during|by|until|till|from|for|of|through|throughout|as\s+of)\s+(?!least\b|most\b)",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    s = _SPACES.sub(" ", text.strip())
    s = _LEADING_PREPOSITION.sub("", s)
    s = s.rstrip(",;:")
    if s.endswith(".") and not _TRAILING_ABBREVIATION.search(s):
        s = s[:-1]
    if s.lower().endswith("'s") and not s.lower().endswith("year's"):
        s = s[:-2]
    return s


def _modifier(word: str, lx: Lexicon) -> str | None:
    w = _SPACES.sub(" ", word.lower().strip().rstrip("-"))
    if w.startswith("the mid") or w.startswith("mid"):
        return "MID"
    return lx.modifiers_before.get(w)


@lru_cache(maxsize=8192)
def normalise_expression(
    text: str,
    dct: dt.date,
    tense: Tense | None = None,
    ref: dt.date | None = None,
    point: str | None = None,
) -> Normalised | None:
    """The TIMEX3 reading of one time expression; ``None`` if no rule reads it.

    ``ref`` and ``point`` are the last full date and the last calendar value the text mentioned
    (:class:`Context`); anaphoric expressions ("the next day", "that year") count from them.
    """
    g = grammar()
    ctx = Context(dct=dct, tense=tense, ref=ref, point=point)
    s = _clean(text)
    mod: str | None = None
    m = g.suffix.search(s)
    if m:
        mod = g.lexicon.modifiers_after.get(_SPACES.sub(" ", m["mod"].lower()))
        s = s[: m.start()]
    result = _apply(g, s, ctx, allow_edge=False)
    if result is None:
        pm = g.prefix.match(s)
        if pm:
            result = _apply(g, s[pm.end() :], ctx, allow_edge=True)
            if result is not None and result.mod is None:
                result = replace(result, mod=_modifier(pm["mod"], g.lexicon))
    if result is not None and mod and result.mod is None:
        result = replace(result, mod=mod)
    return result


def _apply(g: Grammar, s: str, ctx: Context, allow_edge: bool) -> Normalised | None:
    for (rule, rx), first in zip(g.rules, g.rule_starts, strict=True):
        if (rule.needs_modifier and not allow_edge) or not starts_like(first, s):
            continue  # the first character alone rules most rules out
        m = rx.fullmatch(s)
        if m is None:
            continue
        try:
            out = rule.handler(_Merged(m), ctx, g.lexicon)
        except (ValueError, KeyError, OverflowError):
            out = None
        if out is not None and out.value:
            return out
    return None


class _Merged:
    """A match whose renamed duplicate groups (``mon2``) answer to their first name (``mon``)."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m
        self._d = m.groupdict()

    def __getitem__(self, name: str) -> str | None:
        value = self._d.get(name)
        if value is None:
            for i in range(2, 10):
                alt = self._d.get(f"{name}{i}")
                if alt is not None:
                    return alt
        return value
