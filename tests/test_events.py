"""The event coder, one codebook behaviour per test, on sentences written for the tests.

Actors are resolved by a small stand-in for ``tidings.actors.resolve_token`` (a table of the names these
sentences use), so each test checks the coder's own decisions: trigger, type, arguments, modality.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.events.coder import EventCoder
from tidings.events.component import EventsComponent
from tidings.events.lexicon import LEXICON_VERSION
from tidings.records import QUADS, Actor, Event, Quote, TextSpan

NAMES: dict[str, tuple[str, str | None]] = {
    "Turkish": ("TUR", None), "Turkey": ("TUR", None), "Ankara": ("TUR", "GOV"),
    "Chinese": ("CHN", None), "Indian": ("IND", None), "Brazilian": ("BRA", None),
    "Argentine": ("ARG", None), "Egypt": ("EGY", None), "Libya": ("LBY", None), "Jordan": ("JOR", None),
    "Iran": ("IRN", None), "Peru": ("PER", None), "Chile": ("CHL", None), "Kenya": ("KEN", None),
    "Somalia": ("SOM", None), "Serbia": ("SRB", None), "Kosovo": ("XKX", None), "Armenia": ("ARM", None),
    "Azerbaijan": ("AZE", None), "Greece": ("GRC", None), "Hungary": ("HUN", None),
    "Slovak": ("SVK", None), "Algeria": ("DZA", None), "Chilean": ("CHL", None), "Germany": ("DEU", None),
    "Poland": ("POL", None), "Colombian": ("COL", None), "Ukrainian": ("UKR", None), "Mali": ("MLI", None),
    "Norway": ("NOR", None), "Finland": ("FIN", None), "Vietnam": ("VNM", None),
}  # fmt: skip
"""The stand-in's knowledge: just the names the test sentences use."""


def _resolve_one(token: Token) -> list[Actor]:
    for t in (token, *(c for c in token.children if c.dep_ in {"amod", "compound"})):
        if t.text in NAMES:
            code, sector = NAMES[t.text]
            return [Actor(text=t.text, code=code, sector=sector, start=t.idx, end=t.idx + len(t.text))]
    return []


def fake_resolve(doc: Doc, token: Token) -> list[Actor]:
    """Resolve a head by its own text or its adjectival/compound modifier, as the actors stage would;
    like ``resolve_token``, the conjuncts of a head that names an entity are resolved too."""
    found = _resolve_one(token)
    if found:
        for conj in token.conjuncts:
            if conj.i > token.i:
                found.extend(_resolve_one(conj))
    return found


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(resolve=fake_resolve)


def parse(text: str) -> Doc:
    nlp = nlp_mod.load_base()
    return parse_text(nlp, text, "doc-1", dt.date(2024, 5, 2))


def code(coder: EventCoder, text: str) -> list[Event]:
    return coder.code(parse(text))


def only(events: list[Event]) -> Event:
    assert len(events) == 1, [(e.event, e.rule, e.trigger.text) for e in events]
    return events[0]


def codes(actors: list[Actor]) -> set[str]:
    return {a.code for a in actors}


# ---------------------------------------------------------------------------------------------- triggers
def test_rule_out_is_a_rejection_not_a_negation(coder: EventCoder) -> None:
    ev = only(code(coder, "The Turkish government on Monday ruled out handing back the disputed islands."))
    assert (ev.event, ev.modality, ev.rule) == ("REJECT", "asserted", "REJECT.rule_out")
    assert ev.trigger.text == "ruled out"
    assert codes(ev.actor) == {"TUR"}


def test_prefixed_verb_finds_its_own_entry(coder: EventCoder) -> None:
    ev = only(code(coder, "Ukrainian troops said they had re-captured the village of Ostriv."))
    assert (ev.event, ev.rule) == ("ASSAULT", "ASSAULT.recapture")
    assert ev.trigger.text == "re-captured"
    assert "territory" in ev.context


def test_seizing_territory_is_assault_seizing_property_is_coerce(coder: EventCoder) -> None:
    town = only(code(coder, "Colombian troops seized the town after a week of fighting."))
    arms = only(code(coder, "Colombian police seized weapons at the port."))
    assert (town.event, arms.event, arms.mode) == ("ASSAULT", "COERCE", "seize")


def test_dismissed_as_illegal_is_disapproval(coder: EventCoder) -> None:
    ev = only(code(coder, "Chile dismissed the vote as illegal."))
    assert (ev.event, ev.mode) == ("ACCUSE", "disapprove")


def test_light_verb_with_sanctions_noun(coder: EventCoder) -> None:
    ev = only(code(coder, "Norway imposed sanctions on Iran on Tuesday."))
    assert (ev.event, ev.mode, ev.quad) == ("SANCTION", "discontinue", "material_conflict")
    assert codes(ev.actor) == {"NOR"} and codes(ev.recipient) == {"IRN"}


# ---------------------------------------------------------------------------------------------- arguments
def test_coordinated_modifiers_make_one_actor_list(coder: EventCoder) -> None:
    ev = only(code(coder, "Chinese and Indian diplomats met in Geneva on Tuesday."))
    assert ev.event == "CONSULT"
    assert codes(ev.actor) == {"CHN", "IND"} and ev.recipient == []


def test_reciprocal_meeting_puts_both_sides_in_actor(coder: EventCoder) -> None:
    ev = only(code(coder, "Greece held talks with Turkey in Ankara on Monday."))
    assert ev.event == "CONSULT"
    assert codes(ev.actor) == {"GRC", "TUR"}
    assert all(a.text != "Ankara" for a in ev.actor + ev.recipient), "a venue is never a party"


def test_between_x_and_y(coder: EventCoder) -> None:
    ev = only(code(coder, "Talks between Armenia and Azerbaijan resumed on Friday."))
    assert ev.event == "CONSULT" and codes(ev.actor) == {"ARM", "AZE"}


def test_passive_agent_is_the_actor(coder: EventCoder) -> None:
    ev = only(code(coder, "The ceasefire proposal was rejected by Iran on Sunday."))
    assert ev.event == "REJECT" and codes(ev.actor) == {"IRN"}


def test_reduced_passive_agent_is_the_actor(coder: EventCoder) -> None:
    events = code(coder, "Peru floated a land swap, an idea ruled out by Chile.")
    rejects = [e for e in events if e.event == "REJECT"]
    assert len(rejects) == 1 and codes(rejects[0].actor) == {"CHL"}


def test_reported_speech_codes_the_embedded_event(coder: EventCoder) -> None:
    ev = only(code(coder, "Kenya said on Monday that Somalia had attacked a border post."))
    assert ev.event == "ASSAULT" and codes(ev.actor) == {"SOM"}


def test_pronoun_subject_is_read_from_the_reporting_clause(coder: EventCoder) -> None:
    ev = only(code(coder, "Jordan said it would not accept any more refugees."))
    assert ev.event == "REJECT" and codes(ev.actor) == {"JOR"}


def test_no_resolved_actor_no_event(coder: EventCoder) -> None:
    assert code(coder, "A new round of talks was announced overnight.") == []


def test_shelling_by_no_named_actor_has_the_unidentified_actor(coder: EventCoder) -> None:
    ev = only(code(coder, "Two villages were shelled overnight."))
    assert ev.rule == "implicit-actor:ASSAULT.shell" and [a.sector for a in ev.actor] == ["UNK"]


# ---------------------------------------------------------------------------------------------- modality
def test_negated_attack(coder: EventCoder) -> None:
    ev = only(code(coder, "Egypt did not attack Libya."))
    assert (ev.event, ev.modality) == ("ASSAULT", "negated")


def test_future_meeting_is_agree_and_stays_future(coder: EventCoder) -> None:
    ev = only(code(coder, "The Brazilian president is due to meet the Argentine leader on Friday."))
    assert (ev.event, ev.modality, ev.rule) == ("AGREE", "future", "CONSULT.meet")
    assert codes(ev.actor) == {"BRA", "ARG"}


def test_will_meet_is_future(coder: EventCoder) -> None:
    ev = only(code(coder, "Finland will meet Norway next week."))
    assert (ev.event, ev.modality) == ("AGREE", "future")


def test_future_sanction_is_a_threat(coder: EventCoder) -> None:
    ev = only(code(coder, "Germany plans to impose sanctions on Iran."))
    assert (ev.event, ev.modality) == ("THREATEN", "future")


def test_could_is_hypothetical(coder: EventCoder) -> None:
    ev = only(code(coder, "Serbia could attack Kosovo."))
    assert ev.modality == "hypothetical"


def test_conditional_clause_is_hypothetical(coder: EventCoder) -> None:
    events = code(coder, "If Mali attacks Algeria, the region will suffer.")
    assert [e.modality for e in events] == ["hypothetical"]


# ---------------------------------------------------------------------------------------------- frames
def test_threat_takes_its_mode_from_the_content(coder: EventCoder) -> None:
    ev = only(code(coder, "Hungary threatened to expel the Slovak ambassador."))
    assert (ev.event, ev.mode) == ("THREATEN", "expel")


def test_vow_to_use_force_is_a_threat(coder: EventCoder) -> None:
    ev = only(code(coder, "Algeria vowed to attack the camps."))
    assert ev.event == "THREATEN" and ev.mode == "violence"


def test_obligation_reported_is_a_request(coder: EventCoder) -> None:
    ev = only(code(coder, "Germany said Poland must release the detained journalists."))
    assert (ev.event, ev.rule) == ("REQUEST", "REQUEST.say_must")
    assert codes(ev.actor) == {"DEU"} and codes(ev.recipient) == {"POL"}


def test_protest_topic_is_not_a_second_event(coder: EventCoder) -> None:
    ev = only(code(coder, "Chilean students marched through the capital demanding free tuition."))
    assert (ev.event, ev.mode) == ("PROTEST", "demo")


# ---------------------------------------------------------------------------------------------- guards
def test_dash_headline_is_not_coded(coder: EventCoder) -> None:
    events = code(coder, "- Armenia and Azerbaijan meet -\n\nArmenia and Azerbaijan met in Vienna on Monday.")
    assert len(events) == 1 and events[0].sentence.startswith("Armenia and Azerbaijan met")


def test_bare_headline_line_is_not_coded(coder: EventCoder) -> None:
    events = code(coder, "Vietnam attacks Serbia\n\nVietnam denied the report on Monday.")
    assert [e.event for e in events] == ["REJECT"]


def test_one_event_per_trigger_and_arguments(coder: EventCoder) -> None:
    events = code(coder, "Norway met Finland for talks on fishing rights.")
    assert [e.event for e in events] == ["CONSULT"]


# ---------------------------------------------------------------------------------------------- records
def test_record_fields(coder: EventCoder) -> None:
    text = "Egypt condemned the raid."
    doc = parse(text)
    ev = only(coder.code(doc))
    assert ev.id == only(coder.code(parse(text))).id, "ids are deterministic"
    assert (ev.event, ev.quad, ev.cameo, ev.mode) == ("ACCUSE", QUADS["ACCUSE"], "11", "disapprove")
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text == "condemned"
    assert (ev.start, ev.end, ev.sentence) == (0, len(text), text)
    assert (ev.date, ev.date_precision, ev.location) == ("2024-05-02", "document", None)
    assert ev.lexicon_version == LEXICON_VERSION and 0 < ev.confidence <= 1 and ev.rule == "ACCUSE.condemn"


def test_statement_in_a_quote_is_the_speakers_event(coder: EventCoder) -> None:
    text = '"The border is non-negotiable," the minister said.'
    doc = parse(text)
    start = text.index("The border")
    end = text.index(',"')
    speaker = Actor(text="the minister", code="PER", sector="GOV")
    content = TextSpan(text=text[start:end], start=start, end=end)
    doc._.quotes = [Quote(id="q1", doc_id="doc-1", speaker=speaker, content=content, direct=True)]
    ev = only(coder.code(doc))
    assert (ev.event, ev.quote_id, ev.rule) == ("REJECT", "q1", "quote-cue:non_negotiable")
    assert codes(ev.actor) == {"PER"}


def test_component_sets_doc_events() -> None:
    component = EventsComponent("tidings_events", resolve=fake_resolve)
    doc = component(parse("Finland praised Vietnam."))
    assert [e.event for e in doc._.events] == ["SUPPORT"]
