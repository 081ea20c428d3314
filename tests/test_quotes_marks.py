"""Quotation marks found on raw characters: straight, curly, unclosed and multi-paragraph quotations."""

from __future__ import annotations

import json

import pytest

from tidings.quotes.lexicon import load_lexicon, parse_lexicon
from tidings.quotes.marks import find_marked_spans


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_marked_spans(text)]


def test_straight_and_curly_marks_in_one_text() -> None:
    text = 'He said "we are ready," and later “the vote is on Friday”.'
    assert spans(text) == ['"we are ready,"', "“the vote is on Friday”"]


def test_unclosed_quotation_ends_at_its_paragraph() -> None:
    text = '"We will appeal the ruling, the lawyer said.\n\nThe court did not comment.'
    found = find_marked_spans(text)
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == '"We will appeal the ruling, the lawyer said.'
    assert not found[0].closed


def test_multi_paragraph_quotation_is_one_span() -> None:
    text = (
        "“Nobody expected the floods to come so early.\n\n"
        "“We lost the harvest in two days,” the farmer said.\n\nOfficials declined to comment."
    )
    found = find_marked_spans(text)
    assert len(found) == 1
    assert found[0].paragraphs == 2
    assert text[found[0].start : found[0].end].endswith("two days,”")


def test_unclosed_paragraph_without_a_continuation_is_closed_at_the_break() -> None:
    text = "“The bridge will reopen in May\n\nEngineers inspected it on Monday."
    found = find_marked_spans(text)
    assert [text[s.start : s.end] for s in found] == ["“The bridge will reopen in May"]


def test_inch_marks_and_apostrophes_are_not_quotations() -> None:
    assert spans("The guard, who is 6'2\" tall, said nothing about the minister's plans.") == []


def test_closing_mark_typed_at_paragraph_start_opens() -> None:
    text = "Readers wrote in.\n”The debate changed my mind about the candidates.” ― Ana Ruiz"
    assert spans(text) == ["”The debate changed my mind about the candidates.”"]


def test_second_opening_mark_closes_the_unclosed_first() -> None:
    text = "“First remark without an end “Second remark,” she said."
    assert spans(text) == ["“First remark without an end", "“Second remark,”"]


def test_packaged_lexicon_is_versioned() -> None:
    lex = load_lexicon()
    assert lex.version
    assert "say" in lex.speech_verbs
    assert lex.is_indirect_cue("insist")
    assert not lex.is_indirect_cue("ask")  # asks for a quotation, too vague for indirect speech


def test_lexicon_without_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        parse_lexicon({"speech_verbs": ["say"], "direct_only_verbs": [], "according_to": [], "pronouns": []})


def test_lexicon_direct_only_must_be_speech_verbs() -> None:
    data = json.loads(
        json.dumps(
            {
                "version": "t",
                "speech_verbs": ["say"],
                "direct_only_verbs": ["sing"],
                "according_to": [],
                "pronouns": [],
            }
        )
    )
    with pytest.raises(ValueError, match="sing"):
        parse_lexicon(data)
