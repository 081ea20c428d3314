"""What counts as a time expression, and readings fixed in the fourth pass: rates and frequencies,
"now" as a discourse marker, anaphoric weekdays, "since" reaching over a determiner, quarters in months."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.time import find_expressions, normalise

THU = dt.date(2025, 2, 27)  # a Thursday


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_time",))


def texts(text: str) -> list[str]:
    return [c.text for c in find_expressions(text)]


def timexes(nlp, text: str, dct: dt.date = THU) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = parse_text(nlp, text, "t", dct)
    return [(t.text, t.value) for t in doc._.timexes]


# --- rates and frequencies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tickets cost $12 a day.",
        "The project will save 3 billion euros a year.",
        "Turnover grew 7 percent annually.",
        "The line carries 900 passengers a week.",
    ],
)
def test_the_unit_of_an_amount_per_time_is_no_expression(text: str) -> None:
    assert texts(text) == []


@pytest.mark.parametrize(
    ("text", "reading"),
    [("Patrols pass twice a day.", "each day"), ("The board meets four times a year.", "each year")],
)
def test_a_frequency_stays_a_set(text: str, reading: str) -> None:
    assert [c.reading for c in find_expressions(text)] == [reading]


def test_a_rate_adverb_without_an_amount_stays_a_set() -> None:
    result = normalise("annually", THU)
    assert texts("The festival is held annually.") == ["annually"]
    assert result is not None and (result.type, result.value) == ("SET", "P1Y")


def test_a_length_is_not_a_rate() -> None:
    assert texts("Repairs will take a week.") == ["a week"]


# --- "now" ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Now, the minister says, the talks must resume.", 'The vote failed. "Now, we start again," he said.'],
)
def test_now_opening_a_sentence_before_a_comma_is_a_discourse_marker(text: str) -> None:
    assert texts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Now rebels control the airport.", ["Now"]),
        ("For now, the border stays closed.", ["now"]),
        ("The army now holds the bridge, officials said.", ["now"]),
    ],
)
def test_now_as_the_present_is_kept(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


# --- weekdays counted from another date --------------------------------------------------------------


def test_the_previous_weekday_counts_from_the_last_date_named(nlp) -> None:  # type: ignore[no-untyped-def]
    monday = dt.date(2025, 3, 3)
    found = timexes(nlp, "The index closed at 210 on Friday, down 4% from the previous Friday.", monday)
    assert found == [("Friday", "2025-02-28"), ("the previous Friday", "2025-02-21")]


def test_the_following_weekday_counts_forward() -> None:
    result = normalise("the following Monday", THU)
    assert result is not None and result.value == "2025-03-03"


def test_the_day_before_a_named_weekday() -> None:
    before = normalise("the day before last Tuesday", THU)
    after = normalise("the day after next Monday", THU)
    assert before is not None and before.value == "2025-02-24"
    assert after is not None and after.value == "2025-03-04"


def test_the_day_before_on_its_own_is_still_anaphoric() -> None:
    assert texts("The day before, the envoy left.") == ["The day before"]
    result = normalise("the day before", THU)
    assert result is not None and result.value == "2025-02-26"


# --- "since" over a determiner ------------------------------------------------------------------------


def test_a_date_inside_a_since_phrase_is_behind_even_after_a_determiner(nlp) -> None:  # type: ignore[no-untyped-def]
    may = dt.date(2025, 5, 6)
    found = timexes(nlp, "Police have hunted the gunman since the Oct. 23 attack.", may)
    assert found == [("Oct. 23", "2024-10-23")]


def test_a_date_outside_a_since_phrase_keeps_the_nearest_reading(nlp) -> None:  # type: ignore[no-untyped-def]
    may = dt.date(2025, 5, 6)
    found = timexes(nlp, "The summit is planned for Oct. 23 in Geneva.", may)
    assert found == [("Oct. 23", "2025-10-23")]


# --- quarters as durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("two quarters", "P6M"), ("recent quarters", "PXM"), ("a quarter", "P3M")]
)
def test_a_quarter_as_a_length_is_written_in_months(text: str, value: str) -> None:
    result = normalise(text, THU)
    assert result is not None and (result.type, result.value) == ("DURATION", value)


def test_an_average_per_unit_is_a_measure_not_a_set() -> None:
    assert texts("Output was twice the average daily output.") == []
    assert texts("The ferry runs daily.") == ["daily"]


# --- "soon" -------------------------------------------------------------------------------------------


def test_soon_ahead_of_the_report_is_the_future(nlp) -> None:  # type: ignore[no-untyped-def]
    assert timexes(nlp, "The ministry will soon publish the figures.") == [("soon", "FUTURE_REF")]


def test_soon_in_past_narrative_counts_from_the_story_not_the_report(nlp) -> None:  # type: ignore[no-untyped-def]
    assert timexes(nlp, "He was arrested in June and soon released.") == [("June", "2024-06")]


@pytest.mark.parametrize(
    "text",
    ["Talks could resume as soon as possible.", "He resigned soon after the vote.", "It is too soon to say."],
)
def test_soon_inside_a_connective_is_not_a_time_of_its_own(text: str) -> None:
    assert "soon" not in texts(text)


# --- a day number coordinated with a date ---------------------------------------------------------------


def test_a_bare_day_after_a_date_takes_its_month() -> None:
    found = find_expressions("The summit meets on April 24 and 25.")
    assert [(c.text, c.reading) for c in found] == [("April 24", None), ("25", "April 25")]
    result = normalise("April 25", THU)
    assert result is not None and result.value == "2025-04-25"


def test_a_count_after_a_date_is_not_a_day() -> None:
    assert texts("Clashes on May 5 and 6 people died.") == ["May 5"]
