"""The days an event date covers.

An event's ``date`` is an ISO-8601 value as precise as the text allows (see ``docs/codebook.md``):
``2025-02-27``, ``2025-W09`` (``-WE`` its weekend), ``2025-02``, ``2025-SU``, ``2025-Q3``, ``2025-H2``,
``2025``, ``202`` (the 2020s), or a range ``START/END``.  The store filters and orders on the first day,
merging compares whole spans, exports write the first day: all of them read dates through
:func:`date_span`, so a precision the time stage learns to write is understood everywhere at once.
"""

from __future__ import annotations

import calendar
import datetime as dt

SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
"""First and last month of a TIMEX3 season (meteorological; ``WI`` runs from December into the next
year, months 13 and 14)."""


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    y2, m2 = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])


def _point_span(value: str) -> tuple[dt.date, dt.date] | None:
    value = value.strip()
    if len(value) == 3 and value.isdigit():
        return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 9, 12, 31)
    year, rest = value[:4], value[4:]
    if len(year) < 4 or not year.isdigit():
        return None
    y = int(year)
    if rest == "":
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        day = dt.date.fromisoformat(value[:10])
        return day, day
    if rest[1:] in SEASON_MONTHS:
        return _month_span(y, *SEASON_MONTHS[rest[1:]])
    if rest.startswith("-W"):
        week = int(rest[2:].removesuffix("-WE"))
        if rest.endswith("-WE"):
            return dt.date.fromisocalendar(y, week, 6), dt.date.fromisocalendar(y, week, 7)
        return dt.date.fromisocalendar(y, week, 1), dt.date.fromisocalendar(y, week, 7)
    if rest.startswith("-Q") and len(rest) == 3:
        q = int(rest[2])
        return _month_span(y, 3 * q - 2, 3 * q) if 1 <= q <= 4 else None
    if rest.startswith("-H") and len(rest) == 3:
        h = int(rest[2])
        return _month_span(y, 6 * h - 5, 6 * h) if h in (1, 2) else None
    if len(rest) == 3 and rest[0] == "-":
        return _month_span(y, int(rest[1:]), int(rest[1:]))
    return None


def date_span(date: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day ``date`` covers; ``None`` when it is not a date tidings writes.

    ``2025-03-05`` -> that day; ``2025-03`` -> the month; ``2025-W10`` -> Monday to Sunday; ``2025-SU``
    -> June to August; ``2025-01/2025-02-27`` -> 1 January to 27 February.
    """
    try:
        if "/" in date:
            first, last = (_point_span(part) for part in date.split("/", 1))
            return (first[0], last[1]) if first and last else None
        return _point_span(date)
    except ValueError:
        return None


def first_day(date: str) -> dt.date | None:
    """The first day ``date`` covers, or ``None``."""
    span = date_span(date)
    return span[0] if span else None
