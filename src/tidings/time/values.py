"""TIMEX3 value arithmetic: shifting a document date by calendar units and writing ISO/TIMEX3 values.

Kept apart from the grammar so that the rules read as linguistics ("last month" = the month before the
document's) and the calendar arithmetic (month lengths, ISO weeks, year boundaries) is tested once.
"""

from __future__ import annotations

import datetime as dt
import re

Direction = int
"""-1: the expression points to the past of the anchor, +1: to its future, 0: undecided (nearest)."""


def day(d: dt.date) -> str:
    return d.isoformat()


def month(year: int, m: int) -> str:
    return f"{year:04d}-{m:02d}"


def week(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, m: int, n: int) -> tuple[int, int]:
    """``(year, month)`` shifted by ``n`` months, across year boundaries."""
    total = year * 12 + (m - 1) + n
    return total // 12, total % 12 + 1


def safe_date(year: int, m: int, d: int) -> dt.date | None:
    """The date, or ``None`` where the text names an impossible one ("February 30")."""
    try:
        return dt.date(year, m, d)
    except ValueError:
        return None


def shift(anchor: dt.date, n: float, granularity: str) -> str | None:
    """The value ``n`` units after ``anchor`` (before, for negative ``n``), at the unit's granularity."""
    k = round(n)
    if granularity == "day":
        return day(anchor + dt.timedelta(days=k))
    if granularity == "week":
        return week(anchor + dt.timedelta(weeks=k))
    if granularity == "month":
        return month(*add_months(anchor.year, anchor.month, k))
    if granularity == "quarter":
        y, q = divmod((anchor.year * 4 + quarter_of(anchor) - 1) + k, 4)
        return f"{y:04d}-Q{q + 1}"
    if granularity == "year":
        return f"{anchor.year + k:04d}"
    if granularity == "decade":
        return f"{(anchor.year // 10 + k):03d}"
    if granularity == "century":
        return f"{(anchor.year // 100 + k):02d}"
    return None


def nearest_weekday(anchor: dt.date, weekday: int, direction: Direction) -> dt.date:
    """The date of ISO ``weekday`` closest to ``anchor`` in ``direction`` (the anchor's own day counts)."""
    diff = weekday - anchor.isoweekday()
    if diff == 0:
        return anchor
    back = diff - 7 if diff > 0 else diff  # days to the previous such weekday (negative)
    ahead = diff + 7 if diff < 0 else diff
    if direction < 0:
        return anchor + dt.timedelta(days=back)
    if direction > 0:
        return anchor + dt.timedelta(days=ahead)
    return anchor + dt.timedelta(days=ahead if ahead < -back else back)


def pick_year_for_month(anchor: dt.date, m: int, direction: Direction, ambiguous: int = 1) -> int:
    """The year of month ``m`` named without one ("in December").

    The tense decides ("stepped down in March" is behind, "will launch in December" ahead) unless the
    month is within ``ambiguous`` months of the anchor, where the nearest wins whatever the verb (a
    January article's "in December" is last December: the parse of a long sentence is often wrong about
    the verb, the calendar rarely about the adjacent month).  Without a tense the nearest wins.
    """
    here = anchor.year * 12 + anchor.month - 1
    cands = [(y * 12 + m - 1, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    nearest = min(cands, key=lambda c: (abs(c[0] - here), c[0] > here))
    if direction == 0 or abs(nearest[0] - here) <= ambiguous:
        return nearest[1]
    if direction < 0:
        return max((c for c in cands if c[0] <= here), default=nearest)[1]
    return min((c for c in cands if c[0] >= here), default=nearest)[1]


def pick_date(anchor: dt.date, m: int, d: int, direction: Direction, ambiguous: int = 60) -> dt.date | None:
    """The date of month ``m``, day ``d`` with no year in the text; ``None`` if it cannot exist.

    As for months: the tense decides unless the nearest such date is within ``ambiguous`` days (about two
    months: news rarely names a date that close in the other direction without a year).
    """
    cands = [c for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (c := safe_date(y, m, d))]
    if not cands:
        return None
    nearest = min(cands, key=lambda c: (abs((c - anchor).days), c > anchor))
    if direction == 0 or abs((nearest - anchor).days) <= ambiguous:
        return nearest
    if direction < 0:
        past = [c for c in cands if c <= anchor]
        return max(past) if past else nearest
    future = [c for c in cands if c >= anchor]
    return min(future) if future else nearest


_DAYISH = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PRECISIONS = (
    (re.compile(r"\d{4}-W\d{1,2}(-WE)?"), "week"),
    (re.compile(r"\d{4}-\d{2}"), "month"),
    (re.compile(r"\d{4}-(SP|SU|FA|WI)"), "season"),
    (re.compile(r"\d{4}-Q\d"), "quarter"),
    (re.compile(r"\d{4}(-H\d)?"), "year"),
    (re.compile(r"\d{3}"), "decade"),
)


def precision_of(value: str) -> str | None:
    """The :data:`tidings.records.DatePrecision` of a TIMEX3 DATE/TIME value, ``None`` if not a date."""
    if _DAYISH.match(value):
        return "day"
    for rx, precision in _PRECISIONS:
        if rx.fullmatch(value):
            return precision
    return None
