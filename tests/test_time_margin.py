"""Fourth pass on TIMEX3 conventions: stretches back from now, quarters named by position, the
unnamed week of a market report, a quarter that is a fraction, and quarters that end between calendar
quarters.  Each test states one phenomenon on text written for it."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.time import find_expressions, normalise

THU = dt.date(2025, 2, 27)  # a Thursday in the first quarter
OCT = dt.date(2024, 10, 24)  # a Thursday in the fourth quarter


def reading(text: str, dct: dt.date = THU, tense: str | None = "past") -> tuple[str, str] | None:
    result = normalise(text, dct, tense)
    return None if result is None else (result.type, result.value)


def found(text: str, dct: dt.date = THU) -> list[tuple[str, str | None]]:
    """(text, value) of every candidate, read as :func:`normalise` reads it."""
    out = []
    for c in find_expressions(text):
        result = normalise(c.reading or c.text, dct, "past")
        out.append((c.text, None if result is None else result.value))
    return out


# --- "the past decade": a stretch up to now, not the calendar decade before this one ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the past decade", ("DURATION", "P10Y")),
        ("the last decade", ("DURATION", "P10Y")),
        ("the past century", ("DURATION", "P100Y")),
        ("the previous decade", ("DATE", "201")),
    ],
)
def test_the_past_decade_is_ten_years_back_from_now(text: str, expected: tuple[str, str]) -> None:
    assert reading(text) == expected


# --- quarters named by position ------------------------------------------------------------------


def test_last_quarter_without_a_year_is_the_quarter_before_this_one() -> None:
    assert reading("last quarter", OCT) == ("DATE", "2024-Q3")
    assert reading("the last quarter", OCT) == ("DATE", "2024-Q3")


def test_last_quarter_in_january_is_the_fourth_quarter_of_the_year_before() -> None:
    assert reading("last quarter", dt.date(2025, 1, 15)) == ("DATE", "2024-Q4")


def test_the_last_quarter_of_a_named_year_and_the_final_quarter_are_fourth_quarters() -> None:
    assert reading("the last quarter of 2023", OCT) == ("DATE", "2023-Q4")
    assert reading("the final quarter", OCT) == ("DATE", "2024-Q4")


def test_two_quarters_of_a_named_year_are_its_half() -> None:
    assert reading("the first two quarters of 2026", OCT, "future") == ("DATE", "2026-H1")
    assert reading("the last two quarters of this year", OCT) == ("DATE", "2024-H2")


def test_two_quarters_without_a_year_stay_a_length() -> None:
    assert reading("the first two quarters", OCT) == ("DURATION", "P6M")


# --- "the week" of a market report ---------------------------------------------------------------


def test_the_week_of_a_report_keeps_the_year_and_leaves_the_week_open() -> None:
    assert found("For the week, the index fell 3.8%.", OCT) == [("the week", "2024-WXX")]
    assert found("Friday ended the week's busiest session.", OCT)[-1] == ("the week", "2024-WXX")


def test_a_day_of_the_week_is_no_time_of_its_own() -> None:
    assert found("Tuesday is the busiest day of the week at the port.", OCT) == [("Tuesday", "2024-10-22")]


def test_the_week_ended_on_a_date_is_a_weeks_length() -> None:
    expected = [("the week", "P1W"), ("Oct. 19", "2024-10-19")]
    assert found("Claims rose in the week ended Oct. 19.", OCT) == expected


def test_the_week_with_a_modifier_is_still_this_week() -> None:
    assert found("Prices rose at the end of the week.", OCT) == [("the end of the week", "2024-W43")]


# --- "a quarter of" something --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The funds hold more than a quarter of the entire market.",
        "About a quarter of its shares changed hands.",
        "Three quarters of the voters stayed home.",
    ],
)
def test_a_quarter_of_something_is_a_fraction(text: str) -> None:
    assert find_expressions(text) == []


def test_a_quarter_of_a_year_named_is_still_a_time() -> None:
    texts = [c.text for c in find_expressions("A quarter of 2023 was lost to the strike.")]
    assert texts == ["A quarter", "2023"]


# --- a quarter that ends between calendar quarters ------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_time",))


def values(nlp, text: str, dct: dt.date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    doc = parse_text(nlp, text, "test", dct)
    return {t.text: t.value for t in doc._.timexes}


def test_a_quarter_ended_july_31_is_the_calendar_quarter_holding_most_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # May, June and July: two of the three months are in the second calendar quarter
    found = values(nlp, "The retailer lost $2 million in the quarter ended July 31.", OCT)
    assert found["the quarter"] == "2024-Q2"


def test_a_quarter_ended_mid_month_is_left_to_the_document(nlp) -> None:  # type: ignore[no-untyped-def]
    found = values(nlp, "The retailer lost $2 million in the quarter ended May 15.", OCT)
    assert found["the quarter"] == "2024-Q3"  # no whole months to count: the report's default, not Q2
