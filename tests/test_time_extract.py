"""Finding time expressions in running text (the one-regex scanner and its plausibility filter)."""

from __future__ import annotations

from tidings.time import find_expressions


def texts(text: str) -> list[str]:
    return [c.text for c in find_expressions(text)]


def test_offsets_point_into_the_text() -> None:
    text = "The minister resigned on Tuesday after talks late last week."
    for c in find_expressions(text):
        assert text[c.start : c.end] == c.text
    assert texts(text) == ["Tuesday", "late last week"]


def test_prepositions_stay_outside_the_span() -> None:
    assert texts("Elections were held in March 2019 and again on 4 April 2023.") == [
        "March 2019",
        "4 April 2023",
    ]


def test_lower_case_month_and_weekday_words_are_not_dates() -> None:
    assert texts("Talks may march on, and the sun will rise.") == []


def test_may_as_a_month_needs_a_cue() -> None:
    assert texts("May I ask?") == []
    assert texts("The vote was postponed until May.") == ["May"]


def test_counts_and_money_are_not_years() -> None:
    assert texts("They paid $2000 for 1500 tickets, up 2011% on the year.") == []


def test_the_unit_of_an_amount_per_time_is_no_time_expression() -> None:
    assert find_expressions("The levy raises $5 million a year.") == []


def test_a_frequency_is_read_as_a_set() -> None:
    found = find_expressions("The ferry sails three times a week.")
    assert [(c.text, c.reading) for c in found] == [("a week", "each week")]


def test_a_fall_in_prices_is_not_autumn() -> None:
    assert texts("Analysts expect a fall in prices.") == []
    assert texts("The offensive stalled last fall.") == ["last fall"]


def test_age_is_not_a_duration() -> None:
    assert texts("A 34-year-old soldier was wounded.") == []


def test_durations_and_ranges_are_found() -> None:
    assert texts("The two-year truce ended after five months of talks.") == ["two-year", "five months"]


def test_impossible_date_in_text_does_not_crash() -> None:
    # The scanner may find it; the normaliser refuses it (see test_time_component).
    found = texts("The decree is dated February 30, 2024.")
    assert found in ([], ["February 30, 2024"])


def test_a_decimal_number_is_not_a_year() -> None:
    texts = [c.text for c in find_expressions("The index closed at 2082.1, its high since 1995.")]
    assert texts == ["1995"]


def test_fractional_durations_are_found_whole() -> None:
    texts = [c.text for c in find_expressions("He waited 5 1/2 hours, then an hour and a half more.")]
    assert texts == ["5 1/2 hours", "an hour and a half"]


def test_part_of_day_is_found_with_the_or_a_modifier_only() -> None:
    assert texts("By mid afternoon the talks ended. Dealers bought in the morning. A morning paper.") == [
        "mid afternoon",
        "the morning",
    ]
