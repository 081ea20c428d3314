"""Normalisation of single time expressions against a document date (no spaCy needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.time import normalise

THU = dt.date(2025, 2, 27)  # a Thursday


def value(text: str, dct: dt.date = THU, tense: str | None = None) -> str | None:
    result = normalise(text, dct, tense)
    return None if result is None else result.value


# --- tense direction -------------------------------------------------------------------------------


def test_weekday_in_past_tense_is_the_previous_one() -> None:
    assert value("Monday", tense="past") == "2025-02-24"


def test_weekday_in_future_tense_is_the_next_one() -> None:
    assert value("Monday", tense="future") == "2025-03-03"


def test_weekday_of_the_document_date_is_that_day_whatever_the_tense() -> None:
    assert value("on Thursday", tense="past") == "2025-02-27"
    assert value("Thursday", tense="future") == "2025-02-27"


def test_friday_after_a_thursday_article_in_future_tense_is_tomorrow() -> None:
    assert value("Friday", tense="future") == "2025-02-28"


def test_last_and_next_override_tense() -> None:
    assert value("last Friday", tense="future") == "2025-02-21"
    assert value("next Monday", tense="past") == "2025-03-03"


def test_month_far_away_follows_tense() -> None:
    october = dt.date(2024, 10, 15)
    assert value("April", october, "past") == "2024-04"
    assert value("April", october, "future") == "2025-04"


# --- granularity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last month", "2025-01"),
        ("earlier this month", "2025-02"),
        ("in February 2022", "2022-02"),
        ("in 2014", "2014"),
        ("this week", "2025-W09"),
        ("last year", "2024"),
        ("the third quarter", "2025-Q3"),
        ("last summer", "2024-SU"),
        ("the 1990s", "199"),
        ("the 20th century", "19"),
        ("the first half of 2023", "2023-H1"),
    ],
)
def test_granularity_is_kept(text: str, expected: str) -> None:
    assert value(text) == expected


def test_late_wednesday_carries_its_modifier() -> None:
    result = normalise("late Wednesday", THU, "past")
    assert result is not None
    assert (result.type, result.value, result.mod) == ("DATE", "2025-02-26", "LATE")


def test_result_unpacks_as_a_triple() -> None:
    typ, val, mod = normalise("early next year", THU)  # type: ignore[misc]
    assert (typ, val, mod) == ("DATE", "2026", "EARLY")


# --- year boundaries -------------------------------------------------------------------------------


def test_january_article_saying_december_means_last_december() -> None:
    assert value("in December", dt.date(2025, 1, 9), "past") == "2024-12"
    assert value("December", dt.date(2025, 1, 9)) == "2024-12"


def test_december_article_saying_january_means_next_january() -> None:
    assert value("January", dt.date(2024, 12, 20), "future") == "2025-01"


def test_day_without_year_across_the_new_year() -> None:
    assert value("Dec. 30", dt.date(2025, 1, 3)) == "2024-12-30"
    assert value("Jan. 2", dt.date(2024, 12, 29)) == "2025-01-02"


def test_last_week_across_the_year_boundary() -> None:
    assert value("last week", dt.date(2025, 1, 2)) == "2024-W52"


def test_yesterday_on_new_years_day() -> None:
    assert value("yesterday", dt.date(2025, 1, 1)) == "2024-12-31"


# --- invalid dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["February 30", "Feb. 31, 2024", "2025-13-01", "April 31", "13/45/2020"])
def test_impossible_dates_give_none_without_crashing(text: str) -> None:
    assert normalise(text, THU) is None


def test_february_29_only_in_leap_years() -> None:
    assert value("Feb. 29, 2024") == "2024-02-29"
    assert value("Feb. 29, 2023") is None


def test_unreadable_text_gives_none() -> None:
    assert normalise("the ministry", THU) is None
    assert normalise("", THU) is None


# --- durations, references, sets, times ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the three-year conflict", None),
        ("three-year", "P3Y"),
        ("five hours", "PT5H"),
        ("the past two weeks", "P2W"),
        ("two decades", "P20Y"),
        ("several months", "PXM"),
        ("16-hour", "PT16H"),
    ],
)
def test_durations(text: str, expected: str | None) -> None:
    result = normalise(text, THU)
    if expected is None:
        assert result is None  # a whole noun phrase is not an expression; its "three-year" is
    else:
        assert result is not None and result.type == "DURATION" and result.value == expected


def test_twenty_year_old_is_not_a_duration_in_text() -> None:
    from tidings.time import find_expressions

    assert find_expressions("A 20-year-old man was arrested.") == []


def test_vague_references() -> None:
    assert value("in recent years") == "PAST_REF"
    assert tuple(normalise("in recent months", THU)) == ("DURATION", "PXM", None)  # type: ignore[arg-type]
    assert value("now") == "PRESENT_REF"
    assert value("the future") == "FUTURE_REF"


def test_ago_counts_back_at_the_unit_granularity() -> None:
    assert value("two years ago") == "2023"
    assert value("three months ago") == "2024-11"
    assert value("ten days ago") == "2025-02-17"


def test_sets_and_clock_times() -> None:
    assert tuple(normalise("every Sunday", THU)) == ("SET", "XXXX-WXX-7", None)  # type: ignore[arg-type]
    assert value("10:30 p.m. Wednesday", tense="past") == "2025-02-26T22:30"
    assert value("tonight") == "2025-02-27TNI"


def test_approximation_modifiers() -> None:
    result = normalise("about a decade", THU)
    assert result is not None and (result.value, result.mod) == ("P10Y", "APPROX")
    result = normalise("1994 or later", THU)
    assert result is not None and (result.value, result.mod) == ("1994", "ON_OR_AFTER")


def test_spoken_years() -> None:
    assert value("nineteen ninety-six") == "1996"
    assert value("June last year") == "2024-06"


def test_period_edges_keep_the_period() -> None:
    assert tuple(normalise("the end of the year", THU)) == ("DATE", "2025", "END")  # type: ignore[arg-type]
    assert tuple(normalise("the middle of October", THU)) == ("DATE", "2024-10", "MID")  # type: ignore[arg-type]


def test_clock_time_with_a_calendar_date() -> None:
    assert value("5 p.m. EST, March 3") == "2025-03-03T17:00"
    assert value("midnight Friday") == "2025-02-28T24:00"


# --- second pass: constructions added for TempEval-3 conventions -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 1/2 hours", "PT5H30M"),
        ("2 1/2 years", "P2Y6M"),
        ("two and a half years", "P2Y6M"),
        ("an hour and a half", "PT1H30M"),
        ("a minute and a half", "PT1M30S"),
        ("1.5 days", "P1DT12H"),
    ],
)
def test_fractional_durations_carry_the_rest_in_the_next_unit(text: str, expected: str) -> None:
    assert value(text) == expected


def test_fraction_without_an_exact_smaller_unit_stays_decimal() -> None:
    assert value("3.5 weeks") == "P3.5W"


def test_the_week_of_a_date_is_its_iso_week() -> None:
    assert value("the week of March 6") == "2025-W10"
    assert value("the week of Dec. 29, 2025") == "2026-W01"  # ISO week across the year boundary


def test_spelled_decade_is_the_latest_one_begun() -> None:
    assert value("the nineties") == "199"
    assert value("the twenties") == "202"
    assert value("the twenties", dt.date(1998, 5, 1)) == "192"


def test_each_month_is_a_set() -> None:
    result = normalise("each July", THU)
    assert result is not None and (result.type, result.value) == ("SET", "XXXX-07")


def test_the_full_or_current_year_is_the_report_year() -> None:
    assert value("the full year") == "2025"
    assert value("the current fiscal year") == "2025"


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [
        ("the following year", "1995-05-22", "1996"),
        ("later that year", "1998-06", "1998"),
        ("that year", "1988", "1988"),
        ("the previous month", "2024-01", "2023-12"),
        ("the following month", "2024-01", "2024-02"),
    ],
)
def test_anaphoric_year_and_month_count_from_the_named_date(text: str, point: str, expected: str) -> None:
    result = normalise(text, THU, point=point)
    assert result is not None and result.value == expected


def test_anaphoric_year_without_a_named_date_counts_from_the_document_date() -> None:
    assert value("the following year") == "2026"


def test_month_follows_tense_unless_it_is_the_adjacent_one() -> None:
    march = dt.date(2025, 3, 4)
    assert value("in December", march, "future") == "2025-12"
    assert value("in December", march, "past") == "2024-12"
    assert value("in February", march, "future") == "2025-02"  # the adjacent month: the nearest


def test_date_months_away_follows_tense() -> None:
    october = dt.date(1989, 10, 31)
    assert value("Jan. 31", october, "past") == "1989-01-31"
    assert value("Jan. 31", october, "future") == "1990-01-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the morning", "2025-02-27TMO"),
        ("overnight", "2025-02-27TNI"),
        ("mid-afternoon yesterday", "2025-02-26TAF"),
        ("late evening", "2025-02-27TEV"),
    ],
)
def test_part_of_day_is_a_time_on_the_narrated_day(text: str, expected: str) -> None:
    result = normalise(text, THU)
    assert result is not None and (result.type, result.value) == ("TIME", expected)


def test_bare_part_of_day_needs_a_modifier() -> None:
    assert normalise("morning", THU) is None
