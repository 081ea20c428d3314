"""The tidings_time component on parsed sentences: tense direction, ranges and event dating."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.records import Timex
from tidings.time import EventDate, date_for

THU = dt.date(2025, 2, 27)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_time",))


def parse(nlp, text: str, dct: dt.date = THU):  # type: ignore[no-untyped-def]
    return parse_text(nlp, text, "test", dct)


def token(doc, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == word)


def values(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {t.text: t.value for t in doc._.timexes}


def test_timexes_are_records_sorted_with_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The envoy arrived on Monday. Talks resume next week.")
    assert all(isinstance(t, Timex) for t in doc._.timexes)
    assert [t.start for t in doc._.timexes] == sorted(t.start for t in doc._.timexes)
    for t in doc._.timexes:
        assert doc.text[t.start : t.end] == t.text


def test_past_tense_sends_a_weekday_back(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The foreign minister met his counterpart on Monday.")
    assert values(doc) == {"Monday": "2025-02-24"}


def test_will_sends_a_weekday_forward(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The foreign minister will meet his counterpart on Monday.")
    assert values(doc) == {"Monday": "2025-03-03"}


def test_due_to_is_future(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The president is due to visit the capital on Saturday.")
    assert values(doc) == {"Saturday": "2025-03-01"}


def test_past_perfect_is_past(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The rebels had seized the town on Tuesday.")
    assert values(doc) == {"Tuesday": "2025-02-25"}


def test_impossible_date_yields_no_timex_and_no_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The decree, dated February 30, was annulled on Wednesday.")
    assert "2025-02-26" in values(doc).values()
    assert all("02-30" not in t.value for t in doc._.timexes)


def test_component_without_document_date_finds_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_mod.make_doc(nlp, "Troops withdrew on Monday.", "x", THU)
    doc._.dct = None
    assert nlp(doc)._.timexes == []


def test_event_takes_the_date_of_its_own_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Protesters stormed the parliament on Tuesday.")
    ed = date_for(doc, token(doc, "stormed"))
    assert ed == EventDate("2025-02-25", "day", "Tuesday", doc._.timexes[0])


def test_reported_event_takes_the_date_of_the_report(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The spokesman said on Wednesday that troops had withdrawn from the border.")
    ed = date_for(doc, token(doc, "withdrawn"))
    assert (ed.date, ed.precision) == ("2025-02-26", "day")


def test_embedded_clause_keeps_its_own_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The minister said on Wednesday that the army will withdraw in March.")
    assert date_for(doc, token(doc, "withdraw")).date == "2025-03"
    assert date_for(doc, token(doc, "said")).date == "2025-02-26"


def test_month_stays_a_month(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The government imposed sanctions last month.")
    ed = date_for(doc, token(doc, "imposed"))
    assert (ed.date, ed.precision) == ("2025-01", "month")


def test_duration_never_dates_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The rebels ended the two-year siege.")
    ed = date_for(doc, token(doc, "ended"))
    assert (ed.date, ed.precision, ed.timex) == ("2025-02-27", "document", None)


def test_since_gives_a_range(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The president has pressed for a ceasefire since taking office last month.")
    ed = date_for(doc, token(doc, "pressed"))
    assert (ed.date, ed.precision) == ("2025-01/2025-02-27", "range")
    assert ed.timex is not None and ed.timex.range_start == "2025-01"


def test_no_expression_gives_the_document_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Rebels shelled the city.")
    assert date_for(doc, token(doc, "shelled")) == EventDate("2025-02-27", "document")


def test_stage_not_run_gives_the_document_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_mod.make_doc(nlp, "Rebels shelled the city on Monday.", "x", THU)
    assert doc._.timexes is None
    assert date_for(doc, doc[1]) == EventDate("2025-02-27", "document")


def test_fiscal_quarter_context(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(
        nlp,
        "The firm earned $5 million in the third quarter. Revenue rose from $40 million a year earlier.",
        dt.date(2024, 10, 20),
    )
    assert values(doc) == {"the third quarter": "2024-Q3", "a year earlier": "2023-Q3"}


def test_numbers_that_name_things_are_not_years(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The council cited resolution 1701 and sent 2000 troops in 2006.")
    assert values(doc) == {"2006": "2006"}


def test_possessive_weekday_looks_back(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Lawyers will appeal Tuesday's ruling.")
    assert values(doc) == {"Tuesday": "2025-02-25"}


def test_anaphoric_day_counts_from_the_last_full_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The ceasefire began on Jan. 19, 2025. The next day, both sides exchanged prisoners.")
    assert values(doc)["The next day"] == "2025-01-20"


def test_coordinated_verb_shares_the_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Troops entered the town on Monday and seized the airport.")
    assert date_for(doc, token(doc, "seized")).date == "2025-02-24"


def test_own_vague_expression_blocks_inheritance(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The envoy spoke on Monday, but the minister recently rejected the plan.")
    ed = date_for(doc, token(doc, "rejected"))
    assert ed.precision == "document"


def test_unnormalised_time_adverb_blocks_inheritance(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The president said on Monday that talks helped, but his aide earlier rejected it.")
    assert date_for(doc, token(doc, "rejected")).precision == "document"


def test_since_a_month_opens_a_range(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Fighting has continued since January.")
    assert [(t.value, t.range_start, t.range_end) for t in doc._.timexes] == [
        ("2025-01", "2025-01", "2025-02-27")
    ]


def test_works_without_a_parser() -> None:
    import spacy

    import tidings.time.component  # noqa: F401  (registers the factory)

    blank = spacy.blank("en")
    blank.add_pipe("tidings_time")
    doc = parse_text(blank, "Talks resumed on Monday, since January.", "x", THU)
    assert [(t.text, t.value, t.range_start) for t in doc._.timexes] == [
        ("Monday", "2025-02-24", None),
        ("January", "2025-01", "2025-01"),
    ]
    assert date_for(doc, doc[1]).precision in ("day", "document")


# --- second pass: direction words, narrative anchors, titles ---------------------------------------


def test_until_looks_ahead_even_after_a_past_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Officials postponed the vote until Tuesday.")
    assert values(doc) == {"Tuesday": "2025-03-04"}


def test_until_in_the_past_perfect_stays_behind(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Until Thursday, the police had not named a suspect.", dt.date(2025, 3, 1))
    assert values(doc) == {"Thursday": "2025-02-27"}


def test_since_looks_back_even_under_a_future_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The curfew in force since Oct. 23 will be lifted.")
    assert values(doc) == {"Oct. 23": "2024-10-23"}


def test_effective_date_looks_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The board named a new chief executive, effective June 1.")
    assert values(doc) == {"June 1": "2025-06-01"}


def test_be_to_infinitive_is_future(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The court is to rule on the appeal on Monday.")
    assert values(doc) == {"Monday": "2025-03-03"}


def test_plan_in_the_past_perfect_is_past(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The offer had been scheduled to expire on Friday.")
    assert values(doc) == {"Friday": "2025-02-21"}


def test_infinitive_under_a_past_verb_takes_the_nearest_month(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "The company agreed to buy the plant in June.")
    assert values(doc) == {"June": "2025-06"}


def test_following_year_counts_from_the_date_just_named(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "She was promoted on May 22, 1995, and the following year she moved to Washington.")
    assert values(doc)["the following year"] == "1996"


def test_later_that_year_is_the_year_just_named(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "He fled to Miami in June 1998 and returned to Havana later that year.")
    assert values(doc)["later that year"] == "1998"


def test_following_month_counts_from_the_month_just_named(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In January the rebels seized the port. The following month they lost it."
    doc = parse(nlp, text, dt.date(2024, 10, 27))
    assert values(doc) == {"January": "2024-01", "The following month": "2024-02"}


def test_programme_titles_are_not_times(nlp) -> None:  # type: ignore[no-untyped-def]
    assert values(parse(nlp, 'Baker said on ABC\'s "This Week" that the sanctions would stay.')) == {}
    assert values(parse(nlp, "The minister told CBS's 60 Minutes that talks would resume.")) == {}


def test_capitalised_time_word_at_a_sentence_start_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    assert values(parse(nlp, "This week the envoy returned.")) == {"This week": "2025-W09"}


def test_year_earlier_in_a_nine_month_sentence_is_a_year(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Third-quarter profit rose 5% to $2 million from a year earlier. "
        "For the nine months, profit rose to $5 million from $4 million a year earlier."
    )
    doc = parse(nlp, text, dt.date(2025, 10, 28))
    assert [t.value for t in doc._.timexes if t.text == "a year earlier"] == ["2024-Q3", "2024"]


def test_possessive_weekday_after_a_preposition_looks_back(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Lawyers said they would try to get around Wednesday's ruling.", dt.date(2025, 2, 28))
    assert [t.value for t in doc._.timexes] == ["2025-02-26"]
