"""Quotes and speakers, one behaviour per test, on text written for the tests.

Speakers are resolved through the actor stage in the product; here a stub resolver stands in for it so
that each test pins down what the quotes stage itself decides (which token speaks, the cue, the content,
the fallbacks), independently of the actor tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from tidings.quotes import extract_quotes, quote_at
from tidings.records import Actor, Quote

NO_ACTORS: Callable[[Doc, Token], list[Actor]] = lambda doc, token: []  # noqa: E731


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.nlp import load_base

    return load_base()


def parse(nlp: Language, text: str) -> Doc:
    from tidings.nlp import make_doc

    return nlp(make_doc(nlp, text, "doc-1", dt.date(2025, 3, 4)))


def quotes(
    nlp: Language, text: str, resolver: Callable[[Doc, Token], list[Actor]] = NO_ACTORS
) -> list[Quote]:
    return extract_quotes(parse(nlp, text), resolver=resolver)


def direct(found: list[Quote]) -> list[Quote]:
    return [q for q in found if q.direct]


def test_direct_quote_with_cue_after(nlp: Language) -> None:
    text = (
        '"We will not accept any deal that rewards aggression," Foreign Minister Anna Kovacs said on Monday.'
    )
    (q,) = direct(quotes(nlp, text))
    assert q.content.text == '"We will not accept any deal that rewards aggression,"'
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None
    assert q.speaker.text == "Foreign Minister Anna Kovacs"
    assert q.speaker.name == "Anna Kovacs"
    assert text[q.speaker.start : q.speaker.end] == q.speaker.text


def test_direct_quote_after_colon_with_curly_marks(nlp: Language) -> None:
    text = "Interior Minister Paolo Greco told reporters: “Our borders are not up for discussion.”"
    (q,) = direct(quotes(nlp, text))
    assert q.content.text == "“Our borders are not up for discussion.”"
    assert q.cue is not None and q.cue.text == "told"
    assert q.speaker is not None and q.speaker.name == "Paolo Greco"


def test_inverted_cue_names_the_speaker_after_the_verb(nlp: Language) -> None:
    text = '"The harbour will stay closed until the storm passes," said port director Lena Holm.'
    (q,) = direct(quotes(nlp, text))
    assert q.speaker is not None and q.speaker.name == "Lena Holm"


def test_quote_split_around_the_cue_keeps_one_speaker(nlp: Language) -> None:
    text = (
        "“The talks were useful,” said Pedro Alvarez, the union’s chief negotiator. "
        "“But nothing has been signed yet, and we will not sign under pressure.”"
    )
    first, second = direct(quotes(nlp, text))
    assert second.content.text.startswith("“But nothing")
    assert first.speaker is not None and second.speaker is not None
    assert first.speaker.name == second.speaker.name == "Pedro Alvarez"
    assert second.cue == first.cue


def test_he_said_continues_the_previous_speaker(nlp: Language) -> None:
    text = (
        "Finance Minister Carlos Duarte defended the budget on Tuesday.\n\n"
        '"The deficit will fall below three percent next year," he said.\n\n'
        '"Nobody should doubt our commitment to the rules," he added.'
    )
    found = direct(quotes(nlp, text))
    assert [q.speaker.text for q in found if q.speaker] == ["he", "he"]
    assert [q.speaker.name for q in found if q.speaker] == ["Carlos Duarte", "Carlos Duarte"]
    assert found[1].cue is not None and found[1].cue.text == "added"


def test_pronoun_follows_the_last_speaker_not_a_later_object(nlp: Language) -> None:
    text = (
        '"We are ready to talk," Defence Minister Karl Weber said after meeting General Omar Haddad.\n\n'
        '"But not while the shelling goes on," he said.'
    )
    found = direct(quotes(nlp, text))
    assert found[1].speaker is not None and found[1].speaker.name == "Karl Weber"


def test_surname_gets_the_full_name_introduced_earlier(nlp: Language) -> None:
    text = (
        "Prime Minister Elena Sorova arrived in Vienna on Sunday for the summit.\n\n"
        '"We came to listen, not to lecture," Sorova said.'
    )
    (q,) = direct(quotes(nlp, text))
    assert q.speaker is not None and q.speaker.text == "Sorova" and q.speaker.name == "Elena Sorova"


def test_unnamed_spokeswoman_takes_the_name_given_just_after(nlp: Language) -> None:
    text = (
        "The mayor's spokeswoman said on Monday that the curfew would be lifted.\n\n"
        '"We are returning to normal life," city spokeswoman Ana Ruiz told reporters.'
    )
    first, second = quotes(nlp, text)
    assert first.speaker is not None and first.speaker.text == "The mayor's spokeswoman"
    assert first.speaker.name == "Ana Ruiz"
    assert first.speaker.rule == "quotes.description_ahead"
    assert second.speaker is not None and second.speaker.name == "Ana Ruiz"


def test_description_is_not_named_after_a_different_role(nlp: Language) -> None:
    text = (
        "The mayor's spokeswoman said on Monday that the curfew would be lifted.\n\n"
        '"We are returning to normal life," police chief Ana Ruiz told reporters.'
    )
    first = quotes(nlp, text)[0]
    assert first.speaker is not None and first.speaker.name is None


def test_multi_paragraph_quote_is_one_record(nlp: Language) -> None:
    text = (
        "Senator Jane Ortiz spoke for an hour on the floor.\n\n"
        '"We have waited three years for this bill, and families cannot wait any longer.\n\n'
        '"The committee must vote this week," she said.'
    )
    (q,) = direct(quotes(nlp, text))
    assert q.content.text.startswith('"We have waited')
    assert q.content.text.endswith('this week,"')
    assert q.speaker is not None and q.speaker.name == "Jane Ortiz"


def test_unclosed_quote_does_not_swallow_the_next_paragraph(nlp: Language) -> None:
    text = (
        '"We expect a decision by Friday," Mayor Tom Reyes said, adding: "The city is ready.\n\n'
        "The council meets on Thursday."
    )
    found = direct(quotes(nlp, text))
    assert [q.content.text for q in found] == ['"We expect a decision by Friday,"', '"The city is ready.']
    assert all(q.speaker is not None and q.speaker.name == "Tom Reyes" for q in found)


def test_quote_opening_a_paragraph_continues_the_previous_paragraphs_speaker(nlp: Language) -> None:
    text = (
        '"Prices have doubled since the spring," said Tom Baker, a wheat farmer near the border.\n\n'
        '"If the rain does not come soon, many of us will sell our land."'
    )
    second = direct(quotes(nlp, text))[1]
    assert second.speaker is not None and second.speaker.name == "Tom Baker"


def test_quote_paragraph_after_a_sentence_about_a_person(nlp: Language) -> None:
    text = (
        "Buddy Marsh praised the governor's record on flood defences.\n\n"
        "“We need someone who will get things done in this state.”"
    )
    (q,) = direct(quotes(nlp, text))
    assert q.speaker is not None and q.speaker.text == "Buddy Marsh"
    assert q.cue is None


def test_shot_back_is_a_cue(nlp: Language) -> None:
    (q,) = direct(quotes(nlp, '"Let me finish my answer," Senator Ruth Gale shot back.'))
    assert q.cue is not None and q.cue.text == "shot"
    assert q.speaker is not None and q.speaker.name == "Ruth Gale"


def test_byline_after_a_dash_names_the_speaker(nlp: Language) -> None:
    text = "Voters told us what they thought.\n“Nobody asked us what we wanted this year.” ― Maria Lopez"
    (q,) = direct(quotes(nlp, text))
    assert q.speaker is not None and q.speaker.text == "Maria Lopez"


def test_indirect_speech_with_that(nlp: Language) -> None:
    (q,) = quotes(nlp, "The interior ministry said that 40 people had been detained overnight.")
    assert not q.direct
    assert q.content.text == "that 40 people had been detained overnight"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.text == "The interior ministry"


def test_according_to_names_the_source(nlp: Language) -> None:
    (q,) = quotes(nlp, "According to the central bank, inflation will slow sharply in the spring.")
    assert not q.direct
    assert q.cue is not None and q.cue.text == "According to"
    assert q.speaker is not None and q.speaker.text == "the central bank"
    assert q.content.text == "inflation will slow sharply in the spring"


def test_told_reporters_without_that(nlp: Language) -> None:
    (q,) = quotes(nlp, "Deputy Mayor Ivan Petrenko told reporters the bridge would reopen in May.")
    assert q.speaker is not None and q.speaker.name == "Ivan Petrenko"
    assert q.content.text == "the bridge would reopen in May"


def test_insisted_is_a_speech_cue(nlp: Language) -> None:
    (q,) = quotes(nlp, "The company insisted it had followed every safety rule at the plant.")
    assert q.cue is not None and q.cue.text == "insisted"
    assert q.content.text == "it had followed every safety rule at the plant"


def test_source_after_the_content(nlp: Language) -> None:
    (q,) = quotes(nlp, "The shipment was delayed by bad weather in the strait, a port official said.")
    assert q.speaker is not None and q.speaker.text == "a port official"
    assert q.content.text == "The shipment was delayed by bad weather in the strait"


def test_mixed_quote_stays_indirect(nlp: Language) -> None:
    text = 'Sorova said the proposal was "a step in the right direction" but needed more work.'
    (q,) = quotes(nlp, text)
    assert not q.direct
    assert '"a step in the right direction"' in q.content.text


def test_quotation_inside_a_that_clause_is_mixed(nlp: Language) -> None:
    text = 'The minister said that, after a long night of talks, "both sides have moved closer to a deal."'
    found = quotes(nlp, text)
    assert [q.direct for q in found] == [False]
    assert found[0].content.text.startswith("that")


def test_promise_to_do_is_reported_speech(nlp: Language) -> None:
    (q,) = quotes(nlp, "The governor vowed to rebuild every school destroyed by the floods.")
    assert q.cue is not None and q.cue.text == "vowed"
    assert q.content.text == "to rebuild every school destroyed by the floods"


def test_urged_keeps_the_hearer_out_of_the_content(nlp: Language) -> None:
    (q,) = quotes(nlp, "The electoral commission urged voters to bring their identity cards.")
    assert q.content.text == "to bring their identity cards"
    assert q.speaker is not None and q.speaker.text == "The electoral commission"


def test_denied_the_report_takes_the_object_as_content(nlp: Language) -> None:
    (q,) = quotes(nlp, "The defence ministry denied the reports of a second strike near the port.")
    assert q.content.text == "the reports of a second strike near the port"


def test_told_reporters_is_not_content(nlp: Language) -> None:
    assert quotes(nlp, "The spokesman told reporters nothing new about the talks.") == []


def test_scare_quotes_are_not_quotes(nlp: Language) -> None:
    assert quotes(nlp, 'The so-called "peace plan" was rejected by both parliaments last week.') == []


def test_verbs_that_are_not_speech_are_not_cues(nlp: Language) -> None:
    assert quotes(nlp, "The army captured the town after three days of fighting.") == []


def test_actor_stage_supplies_entity_fields_and_keeps_the_mention(nlp: Language) -> None:
    seen: list[str] = []

    def resolver(doc: Doc, token: Token) -> list[Actor]:
        seen.append(token.text)
        return [Actor(text="Kovacs", name="Anna Kovacs", code="HUN", sector="GOV", rule="person_table")]

    text = '"We will not accept this deal," Foreign Minister Anna Kovacs said.'
    (q,) = quotes(nlp, text, resolver)
    assert seen == ["Kovacs"]  # the head of the speaker phrase is what the actor stage receives
    assert q.speaker is not None
    assert (q.speaker.code, q.speaker.sector, q.speaker.name) == ("HUN", "GOV", "Anna Kovacs")
    assert q.speaker.text == "Foreign Minister Anna Kovacs"
    assert q.speaker.rule == "person_table"


def test_records_are_deterministic_and_offsets_index_the_text(nlp: Language) -> None:
    text = (
        'The ministry said that talks would resume. "We are hopeful," spokesman Ali Rahimi said.\n\n'
        "According to diplomats, a draft is ready."
    )
    doc = parse(nlp, text)
    first = extract_quotes(doc, resolver=NO_ACTORS)
    again = extract_quotes(parse(nlp, text), resolver=NO_ACTORS)
    assert [q.to_json() for q in first] == [q.to_json() for q in again]
    assert len({q.id for q in first}) == len(first) == 3
    for q in first:
        assert q.doc_id == "doc-1"
        assert text[q.content.start : q.content.end] == q.content.text
        assert q.cue is None or text[q.cue.start : q.cue.end] == q.cue.text
        assert q.sentence_start is not None and q.sentence_start <= q.content.start


def test_component_sets_doc_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings import nlp as nlp_mod
    from tidings.quotes import speaker

    monkeypatch.setattr(speaker, "actor_resolver", lambda: None)
    pipeline = nlp_mod.load(("tidings_quotes",))
    assert "tidings_quotes" in pipeline.pipe_names
    doc = pipeline(
        nlp_mod.make_doc(pipeline, '"Enough," she said. The rest is silence.', "d", dt.date(2025, 1, 1))
    )
    assert [q.content.text for q in doc._.quotes] == ['"Enough,"']


def test_malformed_marks_never_raise(nlp: Language) -> None:
    text = '"\n\n”\n\n“ “ ” ”\n\n"a" "b\n\n" said " he\n\n“'
    for q in quotes(nlp, text):
        assert 0 <= q.content.start <= q.content.end <= len(text)


def test_quote_at_finds_the_quote_of_a_trigger(nlp: Language) -> None:
    text = (
        'The ministry met the delegation. "We will never accept foreign troops," '
        "Defence Minister Karl Weber said."
    )
    found = quotes(nlp, text)
    (q,) = direct(found)
    never = text.index("accept")
    assert quote_at(found, never, never + len("accept")) == q
    said = text.index("said")
    assert quote_at(found, said, said + 4) == q  # the cue itself
    assert quote_at(found, text.index("met")) is None
