"""Context rules of toponym resolution: informal regions, airports, names led by a nationality."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from fixtures.geo import geo_pipeline, parse, place


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Language]:
    yield from geo_pipeline(tmp_path_factory)


def test_direction_and_landform_name_stays_in_the_story_country(nlp: Language) -> None:
    doc = parse(
        nlp,
        "After talks in Denver and Phoenix, the governor of Texas flew to the West Coast on Monday "
        "to meet investors in the United States.",
    )
    assert place(doc, "West Coast").country == "USA"


def test_direction_and_landform_name_is_the_subdivision_in_a_story_about_its_country(
    nlp: Language,
) -> None:
    doc = parse(
        nlp,
        "Heavy rain closed roads around Greymouth and Westport, and New Zealand's civil defence "
        "said the West Coast would get more rain on Tuesday.",
    )
    assert place(doc, "West Coast").country == "NZL"


def test_well_known_region_of_direction_and_landform_is_kept(nlp: Language) -> None:
    doc = parse(nlp, "Settlers in the West Bank protested outside the parliament in Washington.")
    assert place(doc, "West Bank").country == "PSE"


def test_airport_inside_a_city_is_that_city(nlp: Language) -> None:
    doc = parse(nlp, "Two flights were cancelled at O'Hare on Sunday because of fog.")
    p = place(doc, "O'Hare")
    assert (p.country, p.admin1, p.name) == ("USA", "Illinois", "Chicago")


def test_unknown_name_led_by_a_nationality_adjective_is_its_country(nlp: Language) -> None:
    doc = parse(
        nlp,
        "The Fargo exhibit traces how painters moved through the Austrian Empire before settling in "
        "Fargo, North Dakota.",
    )
    assert place(doc, "Austrian Empire").country == "AUT"


def test_name_that_begins_a_local_institution_is_the_town_not_the_country(nlp: Language) -> None:
    doc = parse(nlp, "Voters approved a new levy for the Peru Public Schools on Tuesday, the clerk said.")
    p = place(doc, "Peru")
    assert p.country == "USA" and p.feature == "PPL"


def test_country_name_without_a_local_institution_is_the_country(nlp: Language) -> None:
    doc = parse(nlp, "Voters in Peru approved a new constitution on Tuesday, the electoral board said.")
    assert place(doc, "Peru").country == "PER"


def test_local_words_are_read_from_the_aliases_file() -> None:
    from tidings.geo.names import parse_aliases

    aliases = parse_aliases('version = "1"\n[local_words]\nwords = ["Township", "School District"]\n')
    assert aliases.local_words == ("Township", "School District")


def test_province_abbreviation_is_a_canadian_cue(nlp: Language) -> None:
    doc = parse(nlp, "The BC ferries union said flooding closed two schools in Richmond on Friday.")
    assert place(doc, "Richmond").country == "CAN"


def test_era_after_a_year_is_no_province_cue(nlp: Language) -> None:
    doc = parse(nlp, "Coins minted around 50 BC were found by a farmer near Richmond on Friday.")
    assert place(doc, "Richmond").country == "USA"


def test_era_abbreviation_after_a_year_is_not_a_place(nlp: Language) -> None:
    doc = parse(nlp, "The tomb was sealed in 300 B.C. near Luxor, officials in Egypt said.")
    assert "B.C." not in [p.text for p in doc._.places]
    assert place(doc, "Luxor").country == "EGY"


def test_province_abbreviation_alone_is_still_the_province(nlp: Language) -> None:
    doc = parse(nlp, "Wildfires forced evacuations across B.C. on Friday.")
    assert place(doc, "B.C.").country == "CAN"


def test_american_time_of_day_is_a_cue_for_an_american_town(nlp: Language) -> None:
    doc = parse(
        nlp, "A kitchen fire broke out at 10 p.m. Tuesday in an apartment in Oxford, firefighters said."
    )
    assert place(doc, "Oxford").country == "USA"


def test_without_cues_the_larger_namesake_wins(nlp: Language) -> None:
    doc = parse(nlp, "A kitchen fire broke out late on Tuesday in an apartment in Oxford, firefighters said.")
    assert place(doc, "Oxford").country == "GBR"


def test_eval_margins_count_wrong_answers_against_the_targets() -> None:
    from tidings.evaluate.geo import PRF, Score

    s = Score(PRF(0, 0, 0), 0.9, 1000, 0.98, 500, 0.8, 100, 0.0)
    assert s.margins() == "wrong: country 10 (target allows 15), acc@161 100 (target allows 150)"
