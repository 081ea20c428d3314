"""The event scorer's bookkeeping and label mapping (the gold sets themselves are read only by the CLI)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tidings.evaluate import events as ev
from tidings.records import QUADS, Actor, Event, TextSpan


def make(
    event: str, mode: str | None = None, rule: str | None = None, sector: str | None = None
) -> Event:
    return Event(
        id="e",
        doc_id="d",
        event=event,
        mode=mode,
        context=[],
        quad=QUADS[event],
        actor=[Actor(text="x", code="AAA", sector=sector)],
        date="2024-01-01",
        sentence="s",
        start=0,
        end=1,
        trigger=TextSpan(text="s", start=0, end=1),
        confidence=0.8,
        rule=rule or f"{event}.test",
    )


def test_type_score_counts_extra_events_beyond_the_matched_type() -> None:
    score = ev.TypeScore()
    score.add("s1", "text", {"ASSAULT"}, [make("ASSAULT"), make("ACCUSE"), make("ASSAULT")])
    score.add("s2", "text", {"REJECT"}, [])
    total = score.total()
    assert (total.tp, total.fp, total.fn) == (1, 1, 1)
    assert score.extra == 2 and score.sentences == 2
    assert ("REJECT", ev.NONE) in score.pairs


def test_negated_events_are_not_scored() -> None:
    negated = make("ASSAULT").model_copy(update={"modality": "negated"})
    assert ev.scored([negated, make("AID")]) == [make("AID")]


def test_assault_modes_map_to_acled_sub_events() -> None:
    assert ev.acled_label(make("ASSAULT", "aerial"), [], "jets struck") == "AIR_STRIKE"
    assert ev.acled_label(make("ASSAULT", "explosives"), [], "a grenade blast") == "GRENADE"
    taken = make("ASSAULT", None, "ASSAULT.recapture", "MIL")
    assert ev.acled_label(taken, [], "took the town") == "GOV_REGAINS_TERIT"


def test_protest_with_intervention() -> None:
    protest, arrest = make("PROTEST", "demo"), make("COERCE", "arrest")
    assert ev.acled_label(protest, [protest, arrest], "police detained marchers") == "PROTEST_WITH_INTER"
    assert ev.acled_label(make("PROTEST", "riot"), [], "rioters") == "VIOL_DEMONSTR"


def test_snippet_label_falls_back_to_none() -> None:
    assert ev.snippet_label([], "nothing happened") == ev.NONE


def test_missing_gold_folder_is_a_usage_error(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    args = parser.parse_args(["--gold", str(tmp_path), "--set", "plover"])
    assert ev.run(args) == 2


def _with(event: Event, sentence: str, trigger: str, actor: str = "x") -> Event:
    start = sentence.index(trigger)
    return event.model_copy(
        update={
            "sentence": sentence,
            "end": len(sentence),
            "trigger": TextSpan(text=trigger, start=start, end=start + len(trigger)),
            "actor": [Actor(text=actor, code="AAA")],
        }
    )


def test_crowd_control_is_an_intervention_unless_someone_is_hurt() -> None:
    gas = make("ASSAULT", "crowd-control")
    calm = _with(gas, "Police fired tear gas at the marchers.", "fired")
    hurt = _with(gas, "Police fired tear gas and live rounds, and two marchers died.", "fired")
    assert ev.acled_label(calm, [calm], calm.sentence) == "PROTEST_WITH_INTER"
    assert ev.acled_label(hurt, [hurt], hurt.sentence) == "FORCE_AGAINST_PROTEST"


def test_demonstrators_who_attack_make_a_violent_demonstration() -> None:
    stones = _with(make("ASSAULT", "primitive"), "Protesters threw stones at police.", "threw", "Protesters")
    assert ev.acled_label(stones, [stones], stones.sentence) == "VIOL_DEMONSTR"


def test_attack_on_an_armed_post_is_a_clash() -> None:
    raid = _with(make("ASSAULT"), "Militants attacked an army checkpoint at dawn.", "attacked")
    shop = _with(make("ASSAULT"), "Militants attacked a crowded market at dawn.", "attacked")
    assert ev.acled_label(raid, [raid], raid.sentence) == "ARMED_CLASH"
    assert ev.acled_label(shop, [shop], shop.sentence) == "ATTACK"


def test_unknown_country_is_no_country_claim() -> None:
    prf = [0, 0, 0]
    ev.country_score(["IRQ"], {"UNK"}, prf)
    assert prf == [0, 0, 1]


def test_accusation_about_an_attack_is_an_attribution() -> None:
    blame = _with(make("ACCUSE", "allege"), "Chile accused Peru of bombing the depot.", "accused")
    spat = _with(make("ACCUSE", "allege"), "Chile accused Peru of lying about trade.", "accused")
    assert ev.acled_label(blame, [blame], blame.sentence) == "ATTRIB"
    assert ev.acled_label(spat, [spat], spat.sentence) == "DIPLO"


def test_protest_that_turns_violent_is_a_violent_demonstration() -> None:
    march = make("PROTEST", "demo")
    assert ev.acled_label(march, [march], "The march turned violent near the palace.") == "VIOL_DEMONSTR"
    assert ev.acled_label(march, [march], "Thousands marched peacefully.") == "PEACE_PROTEST"


def test_mob_attack_and_demonstrators_demands() -> None:
    mob = _with(make("ASSAULT"), "An angry mob killed two men in the market.", "killed", "angry mob")
    text = "Demonstrators gathered to urge an end to the war."
    demand = _with(make("REQUEST"), text, "urge", "Demonstrators")
    assert ev.acled_label(mob, [mob], mob.sentence) == "MOB_VIOL"
    assert ev.acled_label(demand, [demand], demand.sentence) == "PEACE_PROTEST"


def test_arrest_of_protesters_is_an_intervention() -> None:
    arrest = make("COERCE", "arrest").model_copy(update={"recipient": [Actor(text="protesters", code="UNK")]})
    assert ev.acled_label(arrest, [arrest], "Police detained protesters.") == "PROTEST_WITH_INTER"
    assert ev.acled_label(make("COERCE", "arrest"), [], "Police detained a suspect.") == "ARREST"
