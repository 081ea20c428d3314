"""Time expressions added in the third pass: ranges, fiscal quarters, sets, vague references, and the
prefilter that lets the scanner skip words no expression starts with (same matches as ``finditer``)."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.time import find_expressions, normalise
from tidings.time.extract import scan
from tidings.time.grammar import grammar
from tidings.time.prefilter import first_words

THU = dt.date(2025, 2, 27)  # a Thursday
JAN = dt.date(2025, 1, 20)


def value(text: str, dct: dt.date = THU, tense: str | None = None) -> str | None:
    result = normalise(text, dct, tense)
    return None if result is None else result.value


def spans(text: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.reading) for c in find_expressions(text)]


# --- ranges of durations ---------------------------------------------------------------------------


def test_a_range_of_durations_gives_two_expressions() -> None:
    found = spans("Repairs should take two to three weeks, the ministry said.")
    assert found == [("two", "two weeks"), ("three weeks", None)]


def test_each_end_of_a_range_takes_the_shared_unit() -> None:
    readings = [c.reading or c.text for c in find_expressions("Talks may last 12-18 months.")]
    assert [value(r) for r in readings] == ["P12M", "P18M"]


def test_between_and_range() -> None:
    found = spans("Convoys wait between four and six days at the border.")
    assert found == [("four", "four days"), ("six days", None)]


def test_and_a_half_is_not_a_range() -> None:
    assert spans("The siege lasted two and a half years.") == [("two and a half years", None)]
    assert value("two and a half years") == "P2Y6M"


def test_a_range_read_whole_is_its_first_count() -> None:
    assert value("two to three weeks") == "P2W"


# --- fiscal quarters and year-ago periods ----------------------------------------------------------


def test_a_quarter_that_has_not_begun_is_last_years_in_the_past_tense() -> None:
    assert value("the fourth quarter", JAN, "past") == "2024-Q4"


def test_a_quarter_named_without_a_year_is_the_reports_year_otherwise() -> None:
    assert value("the fourth quarter", JAN, "future") == "2025-Q4"
    assert value("the third quarter", dt.date(2024, 10, 20), "future") == "2024-Q3"
    assert value("the first quarter", dt.date(2024, 10, 20), "past") == "2024-Q1"


def test_year_ago_quarter_named_by_its_ordinal() -> None:
    assert value("the year-ago third quarter", dt.date(2024, 10, 20)) == "2023-Q3"


def test_the_quarter_a_year_ago() -> None:
    assert value("the quarter a year ago", dt.date(2024, 10, 20)) == "2023-Q3"


def test_year_earlier_nine_months_is_a_duration() -> None:
    result = normalise("the year-earlier nine months", dt.date(2024, 10, 20))
    assert result is not None and (result.type, result.value) == ("DURATION", "P9M")


# --- decades, vague references, sets ---------------------------------------------------------------


def test_half_of_a_decade_is_the_decade_with_a_modifier() -> None:
    result = normalise("the last half of the '70s", dt.date(1983, 5, 2))
    assert result is not None and (result.value, result.mod) == ("197", "LATE")
    result = normalise("the first half of the 1990s", dt.date(1999, 5, 2))
    assert result is not None and (result.value, result.mod) == ("199", "EARLY")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("then-current", "PAST_REF"), ("the near term", "FUTURE_REF"), ("the short term", "FUTURE_REF")],
)
def test_vague_references(text: str, expected: str) -> None:
    assert value(text) == expected


def test_annually_is_a_set() -> None:
    result = normalise("annually", THU)
    assert result is not None and (result.type, result.value) == ("SET", "P1Y")


def test_weekday_nights_are_a_set() -> None:
    result = normalise("Tuesday nights", THU)
    assert result is not None and (result.type, result.value) == ("SET", "XXXX-WXX-2TNI")


def test_annually_after_an_amount_is_the_unit_of_a_rate_not_a_set() -> None:
    assert spans("Exports grew 8% annually.") == []
    assert spans("The mill makes 10,000 tonnes annually.") == []
    assert spans("Pilgrims gather there annually.") == [("annually", None)]


def test_the_unit_of_an_amount_per_time_is_not_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rooms cost $40 a night and the plant saves $2 million a year from next March."
    doc = parse_text(nlp, text, "t", THU)
    assert [t.text for t in doc._.timexes] == ["next March"]


def test_how_often_something_happens_is_a_set(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text(nlp, "The council meets twice a month.", "t", THU)
    assert [(t.text, t.type, t.value) for t in doc._.timexes] == [("a month", "SET", "P1M")]


def test_a_year_that_is_not_a_rate_is_a_duration() -> None:
    assert spans("The inquiry will report within a year.") == [("a year", None)]
    assert value("a year") == "P1Y"


# --- in a parsed sentence --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_time",))


def values(nlp, text: str, dct: dt.date = THU) -> dict[str, str]:  # type: ignore[no-untyped-def]
    doc = parse_text(nlp, text, "test", dct)
    return {t.text: t.value for t in doc._.timexes}


def test_a_plan_in_the_past_tense_takes_the_nearest_day(nlp) -> None:  # type: ignore[no-untyped-def]
    friday = dt.date(2025, 2, 28)
    assert values(nlp, "Farmers planned a march on Saturday.", friday) == {"Saturday": "2025-03-01"}


def test_a_year_after_a_determiner_is_a_year_before_any_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    found = values(nlp, "Many who led the 2019 protests have left.", dt.date(2025, 2, 27))
    assert found == {"2019": "2019"}


def test_a_bare_count_before_a_noun_is_still_a_count(nlp) -> None:  # type: ignore[no-untyped-def]
    assert values(nlp, "The ministry sent 2000 soldiers to the border.") == {}


def test_since_puts_the_date_behind_whatever_the_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    found = values(nlp, "Prices have been frozen since October 3.", dt.date(2025, 9, 20))
    assert found == {"October 3": "2024-10-03"}


# --- the prefilter -----------------------------------------------------------------------------------


def test_first_words_of_a_small_pattern() -> None:
    fw = first_words(r"(?:the\s+)?(?:last|next)\s+week(?![\w])|q[1-4]|\d{4}")
    assert fw.singles == set()
    assert fw.glued == {"q|#"}
    assert fw.allows_word("q3 results", 0, "q")
    assert not fw.allows_word("q and a", 0, "q")
    assert {"the last", "the next", "last week", "next week"} <= fw.pairs
    assert fw.other is not None and "0" in fw.other
    assert fw.allows_word("the last week", 0, "the")
    assert not fw.allows_word("the company", 0, "the")
    assert not fw.allows_word("week", 0, "week")


def test_a_pattern_that_can_start_anywhere_lets_everything_through() -> None:
    fw = first_words(r".+day")
    assert fw.other is None
    assert fw.allows_word("whatever", 0, "whatever")


_SAMPLE = (
    "On Tuesday, Oct. 14, 2024, the ministry said talks would resume next week. The company's 1998 "
    "results, released at 10:30 a.m. EST, showed a third-quarter loss; a year earlier it earned $4 "
    "million.  Officials said two to three weeks of repairs began last spring and the mid-1990s deal "
    "expires in the fiscal year ending June 30.\n\nEarlier this month, rebels held the town for "
    "several days; by mid-afternoon yesterday they had left. Mr. Ávila spoke on Saturday night about "
    "the '70s and the coming six to nine months, around Easter, or so."
)


def test_scan_finds_exactly_what_finditer_finds() -> None:
    g = grammar()
    rng = random.Random(7)
    variants = [_SAMPLE, _SAMPLE.upper(), _SAMPLE.lower(), _SAMPLE.replace(" ", "   ")]
    variants += ["".join(c.upper() if rng.random() < 0.4 else c for c in _SAMPLE) for _ in range(5)]
    for text in variants:
        expected = [m.span() for m in g.scanner.finditer(text)]
        assert expected, "the sample must contain expressions"
        assert [m.span() for m in scan(text, g)] == expected


def test_scan_skips_nothing_the_scanner_could_start_with() -> None:
    g = grammar()
    words = sorted({w for w in re.findall(r"[a-z]+", _SAMPLE.lower())} | set(g.first.singles))
    for word in words:
        for text in (f"x {word} 2024", f"x {word} last week", f"x {word} the year"):
            assert [m.span() for m in scan(text, g)] == [m.span() for m in g.scanner.finditer(text)]


def test_for_the_year_is_the_reports_year(nlp) -> None:  # type: ignore[no-untyped-def]
    found = values(nlp, "Shares hit a high for the year in June.", dt.date(2024, 10, 20))
    assert found == {"the year": "2024", "June": "2024-06"}


def test_the_year_ended_is_a_length_and_the_year_2000_a_year() -> None:
    assert [(c.text, c.reading) for c in find_expressions("Profit rose in the year ended March 31.")] == [
        ("the year", None),
        ("March 31", None),
    ]
    assert value("the year") == "P1Y"
    assert spans("It was the approach of the year two thousand.") == [("the year two thousand", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eight trading days", "P8D"),
        ("two hundred days", "P200D"),
        ("over the years", None),
        ("the years", "PXY"),
    ],
)
def test_more_durations(text: str, expected: str | None) -> None:
    assert value(text) == expected


def test_thousands_of_years_are_a_duration_and_two_thousand_alone_a_year() -> None:
    result = normalise("more than two thousand years", THU)
    assert result is not None
    assert (result.type, result.value, result.mod) == ("DURATION", "P2000Y", "MORE_THAN")
    assert value("two thousand") == "2000"


def test_over_the_years_is_found() -> None:
    assert spans("Over the past decade and over the years, rents rose.")[-1] == ("the years", None)


def test_hour_in_the_morning_is_a_clock_time() -> None:
    result = normalise("4 in the morning", THU)
    assert result is not None and (result.type, result.value) == ("TIME", "2025-02-27T04:00")
    assert value("6 in the evening") == "2025-02-27T18:00"


def test_one_day_after_a_modal_is_some_future_day(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Analysts say the port will one day rival Rotterdam. The strike lasted one day."
    doc = parse_text(nlp, text, "t", THU)
    assert [(t.text, t.value) for t in doc._.timexes] == [("one day", "FUTURE_REF"), ("one day", "P1D")]


def test_the_quarter_ended_on_a_quarter_end_is_that_calendar_quarter(nlp) -> None:  # type: ignore[no-untyped-def]
    october = dt.date(2024, 10, 20)
    found = values(nlp, "The bank lost $5 million in the quarter ended Sept. 30.", october)
    assert found == {"the quarter": "2024-Q3", "Sept. 30": "2024-09-30"}
    found = values(nlp, "For the quarter ended June 29, the retailer earned $2 million.", october)
    assert found["the quarter"] == "2024-Q2"


@pytest.mark.parametrize(
    ("text", "is_rate"),
    [
        ("The railway runs six trains a week to the coast.", True),
        ("The plant makes 700 cars a day.", True),
        ("The levy raises $5 million a year.", True),
        ("He expects a verdict within a week.", False),
        ("In March, a week after the vote, he resigned.", False),
    ],
)
def test_a_rate_needs_a_count_right_before_it(text: str, is_rate: bool) -> None:
    found = [c for c in find_expressions(text) if c.text.lower().startswith("a ")]
    assert [c.reading for c in found] == ([] if is_rate else [None])


def test_first_chars_of_a_rule() -> None:
    from tidings.time.prefilter import first_chars, starts_like

    chars = first_chars(r"(?:the\s+)?(?:last|next)\s+week|q[1-4]|\d{4}")
    assert chars == {"t", "l", "n", "q", "0"}
    assert starts_like(chars, "Next week") and starts_like(chars, "2024")
    assert not starts_like(chars, "Friday") and not starts_like(chars, "")
    assert first_chars(r".*day") is None


def test_rules_skipped_by_their_first_character_change_no_reading() -> None:
    import dataclasses

    from tidings.time import grammar as G

    texts = [w for c in find_expressions(_SAMPLE) for w in (c.text, c.text.upper())]
    texts += ["the year-ago third quarter", "two to three weeks", "4 in the morning", "annually"]
    g = G.grammar()
    unfiltered = dataclasses.replace(g, rule_starts=tuple(None for _ in g.rule_starts))
    ctx = G.Context(THU, "past")
    for text in texts:
        assert G._apply(g, text, ctx, allow_edge=True) == G._apply(unfiltered, text, ctx, allow_edge=True)
