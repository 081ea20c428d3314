"""The event coder's data files: the trigger lexicon, the cue tables and the CAMEO map."""

from __future__ import annotations

import pytest

from tidings.events.cameo import load_cameo_map, parse_cameo_map
from tidings.events.lexicon import (
    LEXICON_VERSION,
    LexiconError,
    load_cues,
    load_lexicon,
    parse_lexicon,
)
from tidings.records import EVENT_TYPES


def test_lexicon_covers_all_sixteen_plover_types() -> None:
    assert {e.event for e in load_lexicon().entries} == set(EVENT_TYPES)


def test_lexicon_is_versioned_and_every_entry_cites_the_manual() -> None:
    lex = load_lexicon()
    assert lex.version == LEXICON_VERSION and lex.version
    assert all(e.id and e.manual for e in lex.entries)


def test_multiword_expressions_are_entries() -> None:
    lex = load_lexicon()
    assert lex.get("REJECT.rule_out").particle == "out"
    assert lex.get("CONSULT.reach_out").particle == "out"
    assert lex.get("REQUEST.appeal").frame == "demand"
    assert lex.get("REQUEST.press_on").prep == "on"


def test_most_specific_entry_comes_first() -> None:
    ids = [e.id for e in load_lexicon().candidates("seize", "VERB")]
    assert ids[-1] == "COERCE.seize" and "ASSAULT.seize_territory" in ids[:-1]


def test_unknown_event_type_is_refused_by_name() -> None:
    bad = {"version": "t", "entries": [{"id": "X.y", "lemma": "y", "pos": "VERB", "event": "YIELD"}]}
    with pytest.raises(LexiconError, match=r"X\.y.*YIELD"):
        parse_lexicon(bad)


def test_duplicate_entry_id_is_refused() -> None:
    entry = {"id": "ASSAULT.a", "lemma": "a", "pos": "VERB", "event": "ASSAULT"}
    with pytest.raises(LexiconError, match="duplicate"):
        parse_lexicon({"version": "t", "entries": [entry, entry]})


def test_missing_version_is_refused() -> None:
    with pytest.raises(LexiconError, match="version"):
        parse_lexicon({"entries": []})


def test_cues_follow_the_manual_on_future_acts() -> None:
    cues = load_cues()
    assert cues.future_shift["CONSULT"] == "AGREE"
    assert cues.future_shift["RETREAT"] == "CONCEDE"
    assert "CONCEDE" not in cues.future_shift


def test_cameo_code_maps_through_its_longest_prefix() -> None:
    cmap = load_cameo_map()
    assert cmap.to_plover("0841") == ("RETREAT", None)
    assert cmap.to_plover("081") == ("CONCEDE", None)
    assert cmap.to_plover("1712") == ("ASSAULT", "destroy")
    assert cmap.to_plover("021") == (None, None)
    assert cmap.to_plover("99") is None


def test_event_types_have_a_cameo_root() -> None:
    cmap = load_cameo_map()
    assert {t: cmap.root_for(t) for t in ("AGREE", "RETREAT", "ASSAULT")} == {
        "AGREE": "03",
        "RETREAT": "08",
        "ASSAULT": "18",
    }
    assert cmap.root_for("ACCUSE", "investigate") == "09"
    assert all(cmap.root_for(t) for t in EVENT_TYPES)


def test_cameo_map_requires_a_version() -> None:
    with pytest.raises(ValueError, match="version"):
        parse_cameo_map("cameo\tevent\tmode\troot\n03\tAGREE\t\tyes\n")
