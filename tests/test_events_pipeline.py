"""The events stage inside the full tidings pipeline, on a short article written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.documents import make_document
from tidings.pipeline import process

ARTICLE = (
    "The Kremlin on Tuesday ruled out returning the occupied districts to Georgia.\n\n"
    "Russian and Georgian diplomats met in Geneva on Tuesday.\n\n"
    "The Georgian president is due to meet the French president on Thursday."
)


@pytest.fixture(scope="module")
def events() -> list:
    doc = make_document(ARTICLE, dt.date(2024, 3, 5), id="article-1")
    (result,) = list(process([doc]))
    return result.events


def test_refusal_by_the_kremlin(events: list) -> None:
    rejects = [e for e in events if e.event == "REJECT"]
    assert len(rejects) == 1
    assert {a.code for a in rejects[0].actor} == {"RUS"}
    assert rejects[0].date == "2024-03-05" and rejects[0].modality == "asserted"


def test_meeting_of_both_sides_in_one_actor_list(events: list) -> None:
    consults = [e for e in events if e.event == "CONSULT"]
    assert len(consults) == 1
    assert {a.code for a in consults[0].actor} == {"RUS", "GEO"}
    assert consults[0].sentence.startswith("Russian and Georgian diplomats met")


def test_scheduled_meeting_is_future_agree_dated_by_its_weekday(events: list) -> None:
    future = [e for e in events if e.modality == "future"]
    assert [e.event for e in future] == ["AGREE"]
    assert {a.code for a in future[0].actor} == {"GEO", "FRA"}
    assert future[0].date == "2024-03-07"
