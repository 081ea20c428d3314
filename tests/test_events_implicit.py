"""Unnamed perpetrators (the manual's ``UNK`` actor), weapons and places as non-parties, and the
third pass's other behaviours: one phenomenon per test, on sentences written for the tests.

The stand-in resolver knows a few names and group nouns; weapons and bare place nouns resolve to nothing
(or, for "village", to its population, as the actors stage reads it), so what the coder adds shows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources

import pytest
from spacy.tokens import Doc, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.evaluate.events import acled_label
from tidings.events.coder import EventCoder, is_headline, segments
from tidings.events.context import _pattern, contexts_for
from tidings.events.implicit import RULE_PREFIX
from tidings.events.lexicon import load_cues, parse_cues
from tidings.records import Actor, Event, TextSpan

NAMES: dict[str, str] = {"Kenya": "KEN", "Kenyan": "KEN", "Kenyans": "KEN", "Chad": "TCD", "Chadian": "TCD",
                         "Peru": "PER"}  # fmt: skip
SECTORS: dict[str, str] = {"gunmen": "UAF", "troops": "MIL", "police": "COP", "village": "CVL",
                           "civilians": "CVL", "soldiers": "MIL", "activists": "CVL"}  # fmt: skip


def resolve(doc: Doc, token: Token) -> list[Actor]:
    for t in (token, *(c for c in token.children if c.dep_ in {"amod", "compound"})):
        if t.text in NAMES:
            return [Actor(text=t.text, code=NAMES[t.text], start=t.idx, end=t.idx + len(t.text))]
    if token.lower_ in SECTORS:
        end = token.idx + len(token.text)
        return [Actor(text=token.text, code="UNK", sector=SECTORS[token.lower_], start=token.idx, end=end)]
    return []


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(resolve=resolve)


def parse(text: str) -> Doc:
    nlp = nlp_mod.load_base()
    return parse_text(nlp, text, "doc-3", dt.date(2024, 6, 3))


def code(coder: EventCoder, text: str) -> list[Event]:
    return coder.code(parse(text))


def implicit(events: list[Event]) -> list[Event]:
    return [e for e in events if e.rule.startswith(RULE_PREFIX + ":")]


# ---------------------------------------------------------------------------------------------- UNK actor
def test_agentless_passive_harm_has_an_unidentified_actor(coder: EventCoder) -> None:
    events = code(coder, "Four civilians were killed in the north of the country on Sunday.")
    (ev,) = implicit(events)
    assert ev.event == "ASSAULT" and ev.modality == "asserted"
    assert [(a.code, a.sector) for a in ev.actor] == [("UNK", "UNK")]
    assert [a.sector for a in ev.recipient] == ["CVL"], "the victims are still the recipient"


def test_unidentified_actor_is_less_confident_than_the_entry(coder: EventCoder) -> None:
    (ev,) = implicit(code(coder, "Four civilians were killed in the north of the country on Sunday."))
    assert ev.confidence < coder.lexicon.get("ASSAULT.kill").confidence


def test_the_unidentified_actor_can_be_switched_off() -> None:
    """The manual's "Some residual issues" reading: no named actor, no event (a config switch)."""
    strict = EventCoder(resolve=resolve, implicit_actors=False)
    assert code(strict, "Four civilians were killed in the north of the country on Sunday.") == []
    import tidings.events.component  # noqa: F401  (registers the factory)

    nlp = nlp_mod.load_base()
    pipe = nlp.add_pipe("tidings_events", config={"implicit_actors": False})
    assert pipe.coder.implicit_actors is False


def test_a_weapon_in_the_agent_slot_stands_for_an_unnamed_attacker(coder: EventCoder) -> None:
    (ev,) = implicit(code(coder, "A roadside bomb killed four soldiers near the border."))
    assert ev.actor[0].sector == "UNK" and ev.actor[0].text == "A roadside bomb"
    assert ev.mode == "explosives"


def test_an_attack_noun_as_subject_is_coded(coder: EventCoder) -> None:
    (ev,) = implicit(code(coder, "Airstrikes hit two hospitals in the north on Monday."))
    assert (ev.event, ev.mode) == ("ASSAULT", "aerial")


def test_the_actor_takes_the_country_the_document_is_about(coder: EventCoder) -> None:
    text = "Kenya has seen unrest for a month. Four civilians were killed in the north on Sunday."
    (ev,) = implicit(code(coder, text))
    assert ev.actor[0].code == "KEN" and ev.actor[0].rule == "implicit+document"


def test_a_possible_or_future_harm_implies_no_actor(coder: EventCoder) -> None:
    assert not implicit(code(coder, "Civilians could be killed if the fighting spreads to the city."))
    assert not implicit(code(coder, "Civilians will be evacuated before they are attacked."))


def test_harm_told_in_a_relative_clause_is_background(coder: EventCoder) -> None:
    text = "Chad lifted the curfew in the province, where dozens of people were killed last year."
    assert not implicit(code(coder, text))


def test_a_clash_needs_its_sides_named(coder: EventCoder) -> None:
    assert not implicit(code(coder, "Clashes erupted near the border on Tuesday."))


def test_one_unnamed_act_per_sentence_with_the_mode_that_says_how(coder: EventCoder) -> None:
    events = code(coder, "Three people were killed and five injured in an airstrike on the market.")
    (ev,) = implicit(events)
    assert ev.mode == "aerial"


def test_no_unnamed_actor_where_the_sentence_names_one(coder: EventCoder) -> None:
    events = code(coder, "Gunmen killed two police officers and three people were wounded.")
    assert not implicit(events)
    assert any(e.event == "ASSAULT" and e.actor[0].sector == "UAF" for e in events)


def test_arrests_and_seizures_imply_an_actor_other_coercion_does_not(coder: EventCoder) -> None:
    (arrest,) = implicit(code(coder, "Dozens of activists were arrested in the capital on Friday."))
    assert (arrest.event, arrest.mode) == ("COERCE", "arrest")
    (seizure,) = implicit(code(coder, "Two rifles and ammunition were seized at a checkpoint."))
    assert (seizure.event, seizure.mode) == ("COERCE", "seize")
    assert not implicit(code(coder, "Rallies were banned in the capital on Friday."))


def test_a_protest_with_no_named_protesters_is_civilians(coder: EventCoder) -> None:
    (ev,) = implicit(code(coder, "Protests erupted in the capital on Tuesday."))
    assert ev.event == "PROTEST" and ev.actor[0].sector == "CVL"


def test_the_rule_can_be_switched_off_in_the_cue_file() -> None:
    raw = json.loads(resources.files("tidings.events.data").joinpath("cues.json").read_text("utf-8"))
    raw.pop("implicit_actor")
    off = EventCoder(resolve=resolve, cues=parse_cues(raw))
    assert not code(off, "Four civilians were killed in the north of the country on Sunday.")


def test_switching_sector_actors_off_switches_the_rule_off() -> None:
    off = EventCoder(resolve=resolve, sector_actors=False)
    assert not code(off, "Four civilians were killed in the north of the country on Sunday.")


# ---------------------------------------------------------------------------------------------- parties
def test_a_weapon_is_never_a_recipient(coder: EventCoder) -> None:
    events = code(coder, "Kenyan troops fired a volley of rockets at the base.")
    (ev,) = [e for e in events if e.event == "ASSAULT"]
    assert all("missile" not in a.text for a in ev.recipient)


def test_a_place_noun_is_not_a_recipient(coder: EventCoder) -> None:
    events = code(coder, "Kenyan troops re-captured the village on Monday.")
    (ev,) = [e for e in events if e.event == "ASSAULT"]
    assert ev.recipient == []


def test_destruction_by_a_weapon_takes_the_weapon_mode(coder: EventCoder) -> None:
    (ev,) = implicit(code(coder, "The explosions destroyed three armoured vehicles near the town."))
    assert ev.mode == "explosives", "'destroy' is the manual's residual mode for an unknown means"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Chadian rebels detonated a car bomb outside the ministry.", "explosives"),
        ("Chadian rebels lobbed a grenade at the police station.", "explosives"),
        ("Chadian rebels looted shops in the market.", "destroy"),
    ],
)
def test_new_violent_triggers(coder: EventCoder, text: str, mode: str) -> None:
    events = [e for e in code(coder, text) if e.event == "ASSAULT"]
    assert [e.mode for e in events] == [mode]


# ---------------------------------------------------------------------------------------------- lines
def test_a_title_line_inside_the_document_is_a_headline() -> None:
    doc = parse("Kenya votes\n\nKenya held elections on Sunday.\n\nRebels attack\n\nChad said they attacked.")
    lines = [seg for s in doc.sents for seg in segments(s)]
    titles = [seg.text for seg in lines if is_headline(seg, nlp_mod.doc_text(doc), True)]
    assert titles == ["Kenya votes", "Rebels attack"]


def test_a_sentence_without_a_line_break_is_its_own_segment() -> None:
    doc = parse("Kenya held elections on Sunday and Chad voted on Monday.")
    (sent,) = list(doc.sents)
    assert [(s.start, s.end) for s in segments(sent)] == [(sent.start, sent.end)]


# ---------------------------------------------------------------------------------------------- contexts
@pytest.mark.parametrize(
    "text",
    [
        "Kenya and Chad agreed on a trade deal and new tariffs on grain imports.",
        "The ministers discussed human rights, refugees and the border dispute.",
        "Chad signed a ceasefire with the rebels after talks on disarmament.",
    ],
)
def test_context_prefilter_finds_what_every_pattern_finds(text: str) -> None:
    cues = load_cues()
    tokens = list(parse(text))
    words = " ".join(t.lower_ for t in tokens)
    lemmas = " ".join(t.lemma_.lower() for t in tokens)
    expected = [
        c for c, phrases in cues.context_cues.items()
        if _pattern(tuple(phrases)).search(words) or _pattern(tuple(phrases)).search(lemmas)
    ]  # fmt: skip
    assert contexts_for((), tokens, [], cues) == expected


# ---------------------------------------------------------------------------------------------- ACLED map
def _event(event: str, mode: str | None, sentence: str, recipient: list[Actor] | None = None) -> Event:
    return Event(
        id="x", doc_id="d", event=event, mode=mode, quad="material_conflict", sentence=sentence,
        start=0, end=len(sentence), trigger=TextSpan(text="x", start=0, end=1), date="2019-01-01",
        date_precision="document", actor=[Actor(text="", code="UNK", sector="UNK")],
        recipient=recipient or [], rule="ASSAULT.injure", confidence=0.5, lexicon_version="t",
    )  # fmt: skip


def test_force_on_a_protest_the_sentence_names_is_force_against_protest() -> None:
    text = "Dozens were injured when police dispersed a demonstration with live ammunition."
    ev = _event("ASSAULT", None, text)
    assert acled_label(ev, [ev], text) == "FORCE_AGAINST_PROTEST"


def test_the_month_of_march_is_no_protest() -> None:
    text = "Rebels attacked an army base on 3 March, wounding two soldiers."
    ev = _event("ASSAULT", None, text, [Actor(text="soldiers", code="UNK", sector="MIL")])
    assert acled_label(ev, [ev], text) == "ARMED_CLASH"
    assert re.search("march", text) is None


# ---------------------------------------------------------------------------------------------- advisories
def _with_own_people(doc: Doc, token: Token) -> list[Actor]:
    """The stand-in resolver, plus "its citizens" read as the country the pronoun stands for."""
    if token.lower_ == "citizens" and any(c.dep_ == "poss" for c in token.children):
        end = token.idx + len(token.text)
        return [Actor(text="its citizens", code="KEN", sector="CVL", start=token.idx - 4, end=end)]
    return resolve(doc, token)


def test_advice_to_ones_own_citizens_is_no_request() -> None:
    advisor = EventCoder(resolve=_with_own_people)
    advice = code(advisor, "Kenya urged its citizens to leave the region.")
    assert not [e for e in advice if e.event == "REQUEST"]
    (request,) = [e for e in code(advisor, "Kenya urged Chad to reopen the border.") if e.event == "REQUEST"]
    assert [a.code for a in request.recipient] == ["TCD"]


# ---------------------------------------------------------------------------------------------- recipients
def test_the_party_of_an_offered_act_is_the_recipient(coder: EventCoder) -> None:
    events = code(coder, "Kenya offered to hand over the suspects to Chad.")
    (offer,) = [e for e in events if e.trigger.text == "offered"]
    assert [a.code for a in offer.recipient] == ["TCD"]


def test_a_relation_broken_with_someone_names_the_recipient(coder: EventCoder) -> None:
    events = code(coder, "Kenya threatened to break relations with Chad.")
    (threat,) = [e for e in events if e.event == "THREATEN"]
    assert [a.code for a in threat.recipient] == ["TCD"]


def test_the_subject_of_a_demanded_clause_is_the_recipient(coder: EventCoder) -> None:
    events = code(coder, "Kenya repeated its demand that Chad reopen the border.")
    (demand,) = [e for e in events if e.event == "REQUEST"]
    assert [a.code for a in demand.recipient] == ["TCD"]


@pytest.mark.parametrize(
    ("text", "event", "rule"),
    [
        ("Thousands of Kenyans took to the streets on Friday.", "PROTEST", "PROTEST.take_to_streets"),
        ("Kenyan troops pushed the rebels out of three districts.", "ASSAULT", "ASSAULT.push_out"),
        ("Chadian troops recovered control of two villages.", "ASSAULT", "ASSAULT.recover_territory"),
    ],
)
def test_new_multiword_triggers(coder: EventCoder, text: str, event: str, rule: str) -> None:
    assert [(e.event, e.rule) for e in code(coder, text)] == [(event, rule)]


def test_the_streets_taken_to_are_no_recipient(coder: EventCoder) -> None:
    (ev,) = code(coder, "Thousands of Kenyans took to the streets of Chad on Friday.")
    assert ev.recipient == []
