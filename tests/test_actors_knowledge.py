"""The actor knowledge files, lookup, the components, the CLI and the scorer's plumbing."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.actors import knowledge, lookup
from tidings.cli import main
from tidings.evaluate import actors as actors_eval

G20 = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "DEU",
    "FRA",
    "GBR",
    "IDN",
    "IND",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "TUR",
    "USA",
    "ZAF",
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors"))


def test_every_file_has_a_version() -> None:
    kb = knowledge()
    files = {"countries", "organizations", "disputed", "places", "ethnic", "roles", "people"}
    assert set(kb.versions) == files
    assert all(v and v != "unknown" for v in kb.versions.values())


def test_g20_states_have_names_demonyms_and_capitals() -> None:
    kb = knowledge()
    for code in G20:
        state = kb.country(code)
        assert state is not None, code
        assert any(e.kind == "adjective" and e.code == code for es in kb.entities.values() for e in es), code
        assert any(e.kind == "capital" and e.code == code for es in kb.entities.values() for e in es), code


def test_country_codes_are_iso3_or_kosovo() -> None:
    kb = knowledge()
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in kb.countries)
    assert "KOS" in kb.countries


def test_people_offices_are_well_formed() -> None:
    kb = knowledge()
    sectors = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "PRM", "PTY", "OPP", "ELI"}
    for people in kb.people.values():
        for p in people:
            assert p.wikidata is None or re.fullmatch(r"Q\d+", p.wikidata)
            for o in p.offices:
                assert o.sector in sectors, (p.name, o)
                assert o.code in kb.countries or o.code in ("UNO", "EUR", "IGO"), (p.name, o)
                if o.start and o.end:
                    assert o.start < o.end, (p.name, o)


def test_people_cover_both_sides_of_current_wars() -> None:
    kb = knowledge()
    for name in (
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "Benjamin Netanyahu",
        "Sergei Lavrov",
        "Andrii Sybiha",
    ):
        assert kb.person(name), name


def test_lookup_says_why_with_a_date() -> None:
    found = lookup("Putin", dt.date(2010, 1, 1))
    assert found[0].actor.code == "RUS"
    assert found[0].actor.office == "Prime Minister of Russia"
    assert "2008-05-08" in found[0].reason


def test_lookup_former_officeholder_is_elite() -> None:
    found = lookup("Boris Johnson", dt.date(2024, 1, 1))
    assert (found[0].actor.code, found[0].actor.sector) == ("GBR", "ELI")


def test_lookup_entities_and_roles() -> None:
    assert lookup("the Pentagon")[0].actor.sector == "MIL"
    assert lookup("Kyiv")[0].source == "countries.json"
    assert lookup("troops")[0].actor.sector == "MIL"
    assert lookup("Zzyzx Qwerty") == []


def test_entity_ruler_labels_known_places(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        nlp_mod.make_doc(nlp, "Kyiv and Kherson came under attack, officials said.", "t", dt.date(2025, 1, 1))
    )
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Kyiv") == "GPE"
    assert labels.get("Kherson") == "GPE"


def test_entity_ruler_leaves_longer_names_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text(nlp, "A statue of George Washington was unveiled.", "t", dt.date(2025, 1, 1))
    assert all(not (e.text == "Washington" and e.label_ == "GPE") for e in doc.ents)


def test_component_leaves_actor_mentions_with_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian troops crossed the river. Later, the Kremlin said they had withdrawn."
    doc = parse_text(nlp, text, "t", dt.date(2025, 1, 1))
    mentions = doc._.actor_mentions
    assert [(m.code, m.sector) for m in mentions][:2] == [("RUS", "MIL"), ("RUS", "GOV")]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_cli_lookup(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["actors", "lookup", "Trump", "--date", "2023-06-01"]) == 0
    out = capsys.readouterr().out
    assert "USA/ELI" in out and "why:" in out
    assert main(["actors", "lookup", "Zzyzx Qwerty"]) == 1


def test_cli_parse(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["actors", "parse", "Egyptian police arrested two men.", "--date", "2024-01-01"]) == 0
    assert "EGY/COP" in capsys.readouterr().out


def test_scorer_normalises_old_codes() -> None:
    assert actors_eval.norm_code("JAP") == "JPN"
    assert actors_eval.norm_code("UNO") == actors_eval.norm_code("IGO")
    assert actors_eval.norm_sector("REBkur") == "REB"
    assert actors_eval.norm_sector("***") is None
    assert actors_eval.norm_sector("CIV") == "CVL"


def test_scorer_runs_on_a_small_gold_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "T-1",
            "text": "Greek police dispersed the protesters in central Athens.",
            "actor": [{"text": "Greek police", "code": "GRC", "sector": "COP"}],
            "recipient": [{"text": "protesters", "code": "GRC", "sector": "CVL"}],
        },
        {
            "id": "T-2",
            "text": "Japan and Italy signed a trade pact.",
            "actor": [
                {"text": "Japan", "code": "JAP", "sector": None},
                {"text": "Italy", "code": "ITL", "sector": None},
            ],
            "recipient": [],
        },
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    cases = actors_eval.score(gold)
    assert [(c.code, c.sector) for c in cases] == [
        ("GRC", "COP"),
        ("GRC", "CVL"),
        ("JPN", None),
        ("ITA", None),
    ]
    assert all(c.country_ok for c in cases)
    assert main(["eval", "actors", "--gold", str(gold)]) == 0
    assert "country accuracy:       4/4" in capsys.readouterr().out
