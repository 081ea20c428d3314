"""The time stage's shortcuts give what the full reading gives (issue 9: speed)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.records import Timex
from tidings.time.component import TimeTagger

DCT = dt.date(2025, 9, 20)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return nlp_mod.load(stages=("tidings_time",))


def timexes(nlp: Language, text: str) -> list[Timex]:
    return list(parse_text(nlp, text, "speed", DCT)._.timexes)


@pytest.mark.parametrize(
    "text",
    [
        "Prices have been frozen since October 3.",
        "Since October 3, prices have been frozen.",
        "SINCE OCTOBER 3, PRICES HAVE BEEN FROZEN.",
        "Prices have been frozen ever since the October 3 vote.",
    ],
)
def test_a_since_in_any_letter_case_still_opens_a_range(nlp: Language, text: str) -> None:
    found = timexes(nlp, text)
    assert len(found) == 1 and found[0].value == "2024-10-03"
    assert (found[0].range_start, found[0].range_end) == ("2024-10-03", DCT.isoformat())


def test_without_since_the_walk_is_skipped_and_every_answer_is_no(nlp: Language) -> None:
    """The stage skips :meth:`TimeTagger._after_since` where the text holds no "since": it would have
    said no for every expression."""
    text = "Talks resumed on October 3 after the vote last week, and will end next Friday."
    doc = parse_text(nlp, text, "speed", DCT)
    assert doc._.timexes and all(t.range_start is None for t in doc._.timexes)
    for t in doc._.timexes:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        assert span is not None and not TimeTagger._after_since(span)
