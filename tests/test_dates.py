"""Every precision the time stage writes maps to the days it covers (store, merging and exports share it)."""

import datetime as dt

import pytest

from tidings.dates import date_span, first_day

D = dt.date


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2025-02-27", (D(2025, 2, 27), D(2025, 2, 27))),
        ("2025-W09", (D(2025, 2, 24), D(2025, 3, 2))),
        ("2025-W09-WE", (D(2025, 3, 1), D(2025, 3, 2))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2025-SU", (D(2025, 6, 1), D(2025, 8, 31))),
        ("2024-WI", (D(2024, 12, 1), D(2025, 2, 28))),
        ("2025-Q3", (D(2025, 7, 1), D(2025, 9, 30))),
        ("2025-H1", (D(2025, 1, 1), D(2025, 6, 30))),
        ("2025", (D(2025, 1, 1), D(2025, 12, 31))),
        ("201", (D(2010, 1, 1), D(2019, 12, 31))),
        ("2025-01/2025-02-27", (D(2025, 1, 1), D(2025, 2, 27))),
    ],
)
def test_a_date_covers_the_days_of_its_precision(value: str, span: tuple[dt.date, dt.date]) -> None:
    assert date_span(value) == span


@pytest.mark.parametrize(
    "value", ["", "sometime", "2025-13", "2025-02-30", "2025-Q5", "PAST_REF", "2025-01/later"]
)
def test_what_is_not_a_date_covers_no_days(value: str) -> None:
    assert date_span(value) is None
    assert first_day(value) is None
