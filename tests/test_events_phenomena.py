"""The event coder's second-pass behaviours, one phenomenon per test, on sentences written for the tests.

A small stand-in for ``tidings.actors.resolve_token`` resolves the names these sentences use; like the
real resolver it returns the conjuncts of a head that names an entity, and codes group nouns of unknown
country by their sector ("gunmen" -> ``UNK``/``UAF``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Token

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.events.arguments import is_resolved
from tidings.events.coder import EventCoder, has_body, is_headline, segments
from tidings.events.context import contexts_for
from tidings.events.lexicon import load_cues
from tidings.records import Actor, Event, Quote, TextSpan

NAMES: dict[str, tuple[str, str | None]] = {
    "Kenya": ("KEN", None), "Kenyan": ("KEN", None), "Somalia": ("SOM", None), "Ethiopia": ("ETH", None),
    "Armenian": ("ARM", None), "Azerbaijani": ("AZE", None), "Norway": ("NOR", None),
    "Serbia": ("SRB", None), "France": ("FRA", None), "Germany": ("DEU", None), "Rwanda": ("RWA", None),
    "Iran": ("IRN", None), "Chile": ("CHL", None), "Peru": ("PER", None), "Colombian": ("COL", None),
}  # fmt: skip
SECTORS: dict[str, str] = {"gunmen": "UAF", "protesters": "CVL", "villagers": "CVL", "police": "COP"}


def _one(token: Token) -> list[Actor]:
    for t in (token, *(c for c in token.children if c.dep_ in {"amod", "compound"})):
        if t.text in NAMES:
            code, sector = NAMES[t.text]
            return [Actor(text=t.text, code=code, sector=sector, start=t.idx, end=t.idx + len(t.text))]
    if token.lower_ in SECTORS:
        end = token.idx + len(token.text)
        return [Actor(text=token.text, code="UNK", sector=SECTORS[token.lower_], start=token.idx, end=end)]
    return []


def resolve(doc: Doc, token: Token) -> list[Actor]:
    """Names and sector nouns; the conjuncts of a head that resolves, as ``resolve_token`` does."""
    found = _one(token)
    if found:
        for conj in token.conjuncts:
            if conj.i > token.i:
                found.extend(_one(conj))
    return found


def resolve_head_only(doc: Doc, token: Token) -> list[Actor]:
    """A resolver that never expands conjuncts: whatever the coder adds on its own shows."""
    return _one(token)


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(resolve=resolve)


def parse(text: str) -> Doc:
    nlp = nlp_mod.load_base()
    return parse_text(nlp, text, "doc-2", dt.date(2024, 6, 3))


def code(coder: EventCoder, text: str) -> list[Event]:
    return coder.code(parse(text))


def codes(actors: list[Actor]) -> set[str]:
    return {a.code for a in actors}


def of_type(events: list[Event], event: str) -> list[Event]:
    return [e for e in events if e.event == event]


# ---------------------------------------------------------------------------------------------- conjuncts
def test_conjuncts_are_left_to_the_resolver() -> None:
    coder = EventCoder(resolve=resolve_head_only)
    events = code(coder, "Kenya seized part of Somalia's border region and Ethiopia has raised its concerns.")
    seized = [e for e in events if e.trigger.text == "seized"]
    assert len(seized) == 1
    assert "ETH" not in codes(seized[0].recipient), "the next clause's subject is no second object"


def test_unresolved_conjunct_is_read_from_its_modifier(coder: EventCoder) -> None:
    events = code(coder, "The Armenian minister and his Azerbaijani counterpart met in Vienna on Friday.")
    (meeting,) = of_type(events, "CONSULT")
    assert codes(meeting.actor) == {"ARM", "AZE"}


# ---------------------------------------------------------------------------------------------- triggers
def test_participle_on_an_issued_statement_is_its_content(coder: EventCoder) -> None:
    events = code(coder, "Norway issued a statement demanding that Serbia release the detained journalists.")
    (demand,) = of_type(events, "REQUEST")
    assert codes(demand.actor) == {"NOR"} and codes(demand.recipient) == {"SRB"}


def test_push_for_someone_to_act_is_a_request(coder: EventCoder) -> None:
    events = code(coder, "France has been pushing for Germany to back the budget deal.")
    assert [e.event for e in events] == ["REQUEST"], "the backing is the content, not a second event"
    assert codes(events[0].actor) == {"FRA"} and codes(events[0].recipient) == {"DEU"}


def test_allow_someone_to_enter_reads_the_infinitive_subject_as_object(coder: EventCoder) -> None:
    events = code(coder, "Iran allowed international inspectors to visit the site.")
    (allow,) = of_type(events, "RETREAT")
    assert (allow.mode, allow.rule) == ("access", "RETREAT.allow_access")


def test_result_of_an_attack_is_not_a_second_attack(coder: EventCoder) -> None:
    events = code(coder, "Colombian rebels shelled the village on Sunday, killing five people.")
    assert [e.trigger.text for e in of_type(events, "ASSAULT")] == ["shelled"]


# ---------------------------------------------------------------------------------------------- arguments
def test_object_controls_the_gerund_after_a_preposition(coder: EventCoder) -> None:
    events = code(coder, "France accused Rwanda of spreading lies by alleging that Paris armed the militias.")
    alleging = [e for e in events if e.trigger.text == "alleging"]
    assert alleging and codes(alleging[0].actor) == {"RWA"}, "Rwanda alleges, not France"


def test_actor_of_known_sector_and_unknown_country_is_an_actor(coder: EventCoder) -> None:
    (attack,) = code(coder, "Gunmen attacked a police post near the border on Monday.")
    assert attack.event == "ASSAULT"
    assert [(a.code, a.sector) for a in attack.actor] == [("UNK", "UAF")]


def test_sector_actors_can_be_switched_off() -> None:
    strict = EventCoder(resolve=resolve, sector_actors=False)
    assert code(strict, "Gunmen attacked a police post near the border on Monday.") == []


def test_a_country_beats_a_sector_only_reading(coder: EventCoder) -> None:
    events = code(coder, "Kenyan protesters attacked the police station.")
    (attack,) = of_type(events, "ASSAULT")
    assert codes(attack.actor) == {"KEN"}


def test_agentless_passive_has_only_the_unidentified_actor(coder: EventCoder) -> None:
    (ev,) = code(coder, "Two soldiers were killed near the border on Monday.")
    assert ev.rule.startswith("implicit-actor:")
    assert [(a.code, a.sector) for a in ev.actor] == [("UNK", "UNK")]


def test_is_resolved_needs_a_country_or_a_sector() -> None:
    assert is_resolved(Actor(text="Kenya", code="KEN"))
    assert is_resolved(Actor(text="gunmen", code="UNK", sector="UAF"))
    assert not is_resolved(Actor(text="gunmen", code="UNK", sector="UAF"), sector_only=False)
    assert not is_resolved(Actor(text="someone", code="UNK"))


def test_attack_named_as_the_cause_of_a_passive_harm_is_coded(coder: EventCoder) -> None:
    events = code(coder, "Nine villagers were wounded on Sunday in a grenade attack by Colombian rebels.")
    (attack,) = of_type(events, "ASSAULT")
    assert attack.trigger.text == "attack" and codes(attack.actor) == {"COL"}
    assert attack.mode == "explosives"


def test_bombs_from_warplanes_are_aerial(coder: EventCoder) -> None:
    events = code(coder, "Twelve farmers were wounded on Friday in bombing raids by Colombian jets.")
    (raid,) = of_type(events, "ASSAULT")
    assert raid.mode == "aerial"


def test_agent_hung_on_the_gerund_is_still_the_agent(coder: EventCoder) -> None:
    events = code(coder, "The Kenyan government has been accused of stealing aid money by Somalia.")
    (accusation,) = of_type(events, "ACCUSE")
    assert codes(accusation.actor) == {"SOM"} and codes(accusation.recipient) == {"KEN"}


# ---------------------------------------------------------------------------------------------- senses
def test_throwing_stones_is_a_primitive_assault(coder: EventCoder) -> None:
    events = code(coder, "Kenyan protesters threw stones at the police on Friday.")
    (attack,) = of_type(events, "ASSAULT")
    assert (attack.mode, attack.rule) == ("primitive", "ASSAULT.throw")


def test_destroying_weapons_caches_is_coercion_not_assault(coder: EventCoder) -> None:
    events = code(coder, "Colombian troops destroyed 40 landmines and a cache of explosives.")
    assert [(e.event, e.mode) for e in events] == [("COERCE", "seize")]


def test_tear_gas_and_water_cannon_are_crowd_control(coder: EventCoder) -> None:
    events = code(coder, "Kenyan police used tear gas and water cannons to disperse the protesters.")
    (attack,) = of_type(events, "ASSAULT")
    assert attack.mode == "crowd-control" and codes(attack.actor) == {"KEN"}


# ---------------------------------------------------------------------------------------------- quotes
def test_quoted_agentless_passive_is_not_the_speakers_act(coder: EventCoder) -> None:
    text = 'Chile said: "We hope the officers will soon be indicted for these crimes," on Monday.'
    doc = parse(text)
    start = text.index("We hope")
    end = text.index(',"')
    speaker = Actor(text="Chile", code="CHL")
    content = TextSpan(text=text[start:end], start=start, end=end)
    doc._.quotes = [Quote(id="q1", doc_id="doc-2", speaker=speaker, content=content, direct=True)]
    assert [e for e in coder.code(doc) if e.quote_id == "q1"] == []


# ---------------------------------------------------------------------------------------------- helpers
def test_headline_with_precomputed_text_agrees_with_plain_call() -> None:
    doc = parse("Talks resume in Geneva\n\nArmenian and Azerbaijani diplomats met on Friday.")
    lines = [seg for s in doc.sents for seg in segments(s)]
    for line in lines:
        assert is_headline(line) == is_headline(line, doc.text, has_body(doc.sents))
    assert is_headline(lines[0]) and not is_headline(lines[-1])


def test_context_cues_match_whole_words_and_plurals() -> None:
    cues = load_cues()
    context, phrases = next(iter(cues.context_cues.items()))
    phrase = phrases[0]
    doc = parse(f"They discussed {phrase}s today.")
    assert context in contexts_for((), list(doc), [], cues)
    glued = parse(f"They discussed x{phrase.replace(' ', '')}y today.")
    assert context not in contexts_for((), list(glued), [], cues)


def test_deterring_someone_from_attacking_reports_no_attack(coder: EventCoder) -> None:
    events = code(coder, "France will send ships to deter Iran from attacking the tankers.")
    assert not [e for e in events if e.event == "ASSAULT" and codes(e.actor) == {"IRN"}]


def test_what_a_described_suspect_allegedly_did_is_not_reported(coder: EventCoder) -> None:
    text = "Peru offered to hand over to Chile three officers suspected by Kenya of bombing an embassy."
    events = code(coder, text)
    assert [e.event for e in events] == ["AGREE"], "the bombing is the suspicion's content"


def test_rubber_bullets_fired_are_crowd_control(coder: EventCoder) -> None:
    events = code(coder, "Kenyan police fired rubber bullets and tear gas at the crowd on Tuesday.")
    (attack,) = of_type(events, "ASSAULT")
    assert attack.mode == "crowd-control"


def test_suppressing_a_protest_is_repression(coder: EventCoder) -> None:
    events = code(coder, "The Kenyan authorities suppressed the protest on Friday.")
    (crackdown,) = of_type(events, "COERCE")
    assert crackdown.rule == "COERCE.suppress_protest" and "repression" in crackdown.context
