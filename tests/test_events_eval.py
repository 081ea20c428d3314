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
