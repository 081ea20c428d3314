"""Actor coverage rules (document context, ethnic groups, armed groups, parties, media) and the phrase
matcher's speed-ups, on text written for the tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.actors import cities as cities_mod
from tidings.actors import knowledge, lookup, resolve_token
from tidings.actors.phrases import Match, _lookup, match_tokens
from tidings.actors.resolve import document_country
from tidings.records import Actor

DATE = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors"))


def parse(nlp, text: str):  # type: ignore[no-untyped-def]
    return parse_text(nlp, text, "t", DATE)  # type: ignore[arg-type]


def actors(nlp, text: str, word: str, nth: int = 0) -> list[Actor]:  # type: ignore[no-untyped-def]
    doc = parse(nlp, text)
    tokens = [t for t in doc if t.text == word]
    assert len(tokens) > nth, f"{word!r} not in {[t.text for t in doc]}"
    return resolve_token(doc, tokens[nth])


def codes(found: list[Actor]) -> list[tuple[str, str | None]]:
    return [(a.code, a.sector) for a in found]


# -- document context -------------------------------------------------------------------------------------


def test_generic_group_takes_the_state_the_document_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kenyan police dispersed a march in Nairobi on Friday. "
        "Residents said the officers beat several students."
    )
    found = actors(nlp, text, "Residents")
    assert codes(found) == [("KEN", "CVL")]
    assert found[0].rule is not None and found[0].rule.endswith("+document")
    assert codes(actors(nlp, text, "students")) == [("KEN", "EDU")]


def test_no_document_state_when_two_states_share_the_story(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chile and Peru signed a fisheries accord in Lima. "
        "Chilean and Peruvian envoys praised it. Villagers cheered the news."
    )
    assert codes(actors(nlp, text, "Villagers")) == [("UNK", "CVL")]


def test_sentence_naming_two_states_is_not_overridden_by_the_document(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Officials in Ghana announced new border rules. Ghana closed two crossings. "
        "Soldiers from Togo and Benin patrolled the area."
    )
    found = actors(nlp, text, "Soldiers")
    assert all(a.code != "GHA" for a in found)


def test_unknown_origin_word_blocks_the_document_guess(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Georgian police detained dozens in Tbilisi. European leaders condemned the arrests."
    assert codes(actors(nlp, text, "leaders")) == [("UNK", "GOV")]


def test_titled_unknown_person_takes_the_document_state(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Malawi's parliament approved the budget on Tuesday. "
        "Later, President Chikondi Banda welcomed the vote."
    )
    found = actors(nlp, text, "Banda")
    assert codes(found) == [("MWI", "GOV")]
    assert found[0].name == "Chikondi Banda"


def test_titled_unknown_person_without_context_is_unk_gov(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "President Chikondi Banda welcomed the vote.", "Banda")
    assert codes(found) == [("UNK", "GOV")]


def test_document_country_counts_place_mentions(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, "Police in Peru arrested five men near Lima. Peruvian prosecutors charged them.")
    assert document_country(doc) == "PER"
    assert document_country(parse(nlp, "The committee met on Monday.")) is None


# -- ethnic groups ----------------------------------------------------------------------------------------


def test_single_home_ethnic_group_codes_its_state(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Chechen rebels ambushed a convoy on Sunday.", "rebels")
    assert codes(found) == [("RUS", "REB")]
    assert found[0].rule is not None and "ethnic_group" in found[0].rule


def test_ethnic_group_is_coded_where_the_phrase_places_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Iraqi Kurds rallied on Saturday.", "Kurds")) == [("IRQ", "CVL")]
    assert codes(actors(nlp, "Kurds in Syria rallied on Saturday.", "Kurds")) == [("SYR", "CVL")]


def test_multi_state_ethnic_group_without_context_is_unk(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "The Kurds demanded more autonomy.", "Kurds")) == [("UNK", "CVL")]


def test_ethnic_name_that_begins_a_personal_name_is_not_the_group(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Karen Whitfield, a nurse, said the clinic had closed.", "Whitfield")
    assert all(a.code != "MMR" for a in found)


def test_lookup_explains_an_ethnic_group() -> None:
    found = [r for r in lookup("Chechens") if r.actor.rule == "ethnic"]
    assert found and found[0].source == "ethnic.json"
    assert found[0].actor.code == "RUS"


# -- armed groups, parties, media -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Abu Sayyaf militants seized two fishermen.", "militants", ("PHL", "REB")),
        ("The Arakan Army captured a border post.", "Army", ("MMR", "REB")),
        ("The Sinaloa Cartel smuggled the drugs.", "Cartel", ("MEX", "CRM")),
        ("The Awami League won the vote.", "League", ("BGD", "PTY")),
        ("Yonhap reported the launch on Monday.", "Yonhap", ("KOR", "JRN")),
        ("Peshmerga fighters repelled the attack.", "fighters", ("IRQ", "MIL")),
    ],
)
def test_named_groups_from_the_organisation_file(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Armed bandits raided a market in Zamfara, Nigeria.", "bandits", ("NGA", "CRM")),
        ("Police forces in Peru cleared the road.", "forces", ("PER", "COP")),
        ("Herdsmen in Chad blocked the road.", "Herdsmen", ("TCD", "AGR")),
    ],
)
def test_generic_group_words(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


def test_every_organisation_has_a_valid_code_and_sector() -> None:
    kb = knowledge()
    special = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
    sectors = {
        "GOV", "MIL", "COP", "JUD", "LEG", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
        "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
    }  # fmt: skip
    for entries in kb.entities.values():
        for e in entries:
            if e.kind in ("org", "metonym"):
                assert e.code in special or kb.country(e.code) is not None, e
                assert e.sector is None or e.sector in sectors, e


# -- the phrase matcher's speed-ups change nothing --------------------------------------------------------


def _reference_matches(doc, kb) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The plain algorithm: at every token try every length up to the table's longest phrase."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        found: Match | None = None
        if kb.may_start(doc[i].text):
            for j in range(min(n, i + kb.max_words), i, -1):
                named = any(t.pos_ == "PROPN" or t.is_title for t in doc[i:j])
                found = _lookup(doc, i, j, doc[i:j].text, kb, named)
                if found is not None:
                    break
        if found is None:
            i += 1
            continue
        out.append((found.start, found.end))
        i = found.end
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Kremlin spokesman Dmitry Peskov said the U.N. Security Council would meet.",
        "The Liberation Tigers of Tamil Eelam and the Kurdistan Workers' Party were named, "
        "as were Lt. Gen. officers of the People's Liberation Army.",
        "Ukrainian foreign ministry spokesman Georgiy Tykhy and the ex-president met Abu Sayyaf envoys.",
    ],
)
def test_memoised_matching_equals_the_plain_scan(nlp, text) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, text)
    kb = knowledge()
    got = [(m.start, m.end) for m in match_tokens(doc, list(doc), kb)]
    assert got == _reference_matches(doc, kb)
    # a sub-range is matched within its bounds, from the same memo
    inner = [(m.start, m.end) for m in match_tokens(doc, list(doc[2:6]), kb)]
    assert all(s >= 2 and e <= 6 for s, e in inner)


def test_phrase_memo_does_not_keep_documents_alive(nlp) -> None:  # type: ignore[no-untyped-def]
    import gc

    from tidings.actors import phrases

    doc = parse(nlp, "Kremlin spokesman Dmitry Peskov spoke.")
    match_tokens(doc, list(doc), knowledge())
    assert doc in phrases._PHRASES
    before = len(phrases._PHRASES)
    del doc
    gc.collect()
    assert len(phrases._PHRASES) == before - 1


def test_reach_never_undercuts_a_phrase_of_the_tables(nlp) -> None:  # type: ignore[no-untyped-def]
    kb = knowledge()
    for name in ("Kurdistan Workers' Party", "People's Liberation Army", "al-Qaeda in the Arabian Peninsula"):
        doc = nlp.make_doc(name)
        assert kb.reach(doc[0].text) >= len(doc), name


# -- the city table cache ---------------------------------------------------------------------------------


def test_city_table_cache_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    path = cities_mod.cache_path()
    assert path.parent == tmp_path and f"s{cities_mod.SCHEMA}" in path.name
    table = {"springfield": (167_000, "USA"), "kharkiv": (1_430_000, "UKR")}
    cities_mod._write(path, table)
    assert cities_mod._read(path) == table


def test_corrupt_city_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"cities": {"x": "not a pair"}})[:-3], encoding="utf-8")
    assert cities_mod._read(path) is None
