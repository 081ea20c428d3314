"""The geoparser component, event placement and the ``tidings geoparse`` command, on text written here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from fixtures.geo import geo_pipeline, parse, place
from tidings.geo import place_for


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Language]:
    yield from geo_pipeline(tmp_path_factory)


def trigger(doc: Doc, word: str) -> object:
    return next(t for t in doc if t.text == word)


def test_city_resolves_with_coordinates_and_country(nlp: Language) -> None:
    doc = parse(nlp, "Negotiators from both sides gathered in Istanbul on Tuesday.")
    p = place(doc, "Istanbul")
    assert p.country == "TUR" and p.feature == "PPL"
    assert p.lat == pytest.approx(41.0, abs=0.3) and p.lon == pytest.approx(29.0, abs=0.3)
    assert doc.text[p.start : p.end] == "Istanbul"


def test_old_transliteration_resolves_to_the_current_name(nlp: Language) -> None:
    doc = parse(nlp, "Air raid sirens sounded in Kiev and Kharkov overnight, officials in Ukraine said.")
    assert place(doc, "Kiev").name == "Kyiv"
    assert place(doc, "Kharkov").country == "UKR"


def test_place_the_model_calls_a_person_is_still_found(nlp: Language) -> None:
    doc = parse(nlp, "Ukrainian troops withdrew from Kherson and Zaporizhzhia after weeks of fighting.")
    assert place(doc, "Kherson").country == "UKR"
    assert place(doc, "Zaporizhzhia").country == "UKR"


def test_region_word_makes_a_first_level_region(nlp: Language) -> None:
    doc = parse(
        nlp, "Shelling continued in the Kharkiv region, and drones struck the Kursk region of Russia."
    )
    kharkiv = place(doc, "Kharkiv region")
    kursk = place(doc, "Kursk region")
    assert (kharkiv.feature, kharkiv.country) == ("ADM1", "UKR")
    assert (kursk.feature, kursk.country) == ("ADM1", "RUS")


def test_capital_as_subject_is_a_metonymic_toponym_but_never_a_venue(nlp: Language) -> None:
    doc = parse(nlp, "Moscow said on Monday that talks would resume in Geneva.")
    assert [p.text for p in doc._.places] == ["Moscow", "Geneva"]
    assert place_for(doc, trigger(doc, "said")) is None
    assert place_for(doc, trigger(doc, "resume")).text == "Geneva"  # type: ignore[union-attr]


def test_actor_subjects_option_leaves_metonymic_subjects_out(nlp: Language) -> None:
    from tidings.geo.component import GeoParser

    doc = parse(nlp, "Moscow said on Monday that talks would resume in Geneva.")
    assert [p.text for p in GeoParser(actor_subjects=True)(doc)._.places] == ["Geneva"]


def test_misspelling_is_repaired_towards_the_document_country(nlp: Language) -> None:
    doc = parse(nlp, "Russian officials said shells fell on the town of Sudhza, close to the border.")
    p = place(doc, "Sudhza")
    assert p.name == "Sudzha" and p.country == "RUS"


def test_unknown_village_near_a_town_is_left_unresolved(nlp: Language) -> None:
    doc = parse(nlp, "Russian troops entered the village of Zvezdnikovo near the town of Sudzha.")
    village = place(doc, "Zvezdnikovo")
    assert village.geonameid is None and village.lat is None
    assert place(doc, "Sudzha").country == "RUS"


def test_town_state_pattern_picks_the_town_in_that_state(nlp: Language) -> None:
    doc = parse(nlp, "The fire started in a warehouse in Alexandria, La., on Sunday night.")
    p = place(doc, "Alexandria")
    assert p.country == "USA" and p.admin1 == "Louisiana"


def test_country_mentions_in_the_text_decide_ambiguous_towns(nlp: Language) -> None:
    doc = parse(nlp, "Police in Texas said the crash happened on a highway outside Paris, Texas.")
    assert place(doc, "Paris").country == "USA"


def test_nationality_adjective_is_a_mention_of_its_country(nlp: Language) -> None:
    doc = parse(nlp, "Georgian officials rejected the proposal.")
    assert place(doc, "Georgian").country == "GEO"


def test_place_for_follows_a_locative_preposition(nlp: Language) -> None:
    doc = parse(nlp, "Diplomats from France and Brazil met in Nairobi on Friday.")
    p = place_for(doc, trigger(doc, "met"))
    assert p is not None and p.text == "Nairobi" and p.country == "KEN"


def test_place_for_takes_the_object_of_a_capture_verb(nlp: Language) -> None:
    doc = parse(nlp, "Ukrainian forces captured the town of Vovchansk near Kharkiv on Sunday.")
    p = place_for(doc, trigger(doc, "captured"))
    assert p is not None and p.text in ("Vovchansk", "Kharkiv") and p.country == "UKR"


def test_place_for_falls_back_to_the_resolved_town_when_the_village_is_unknown(nlp: Language) -> None:
    doc = parse(nlp, "Russian troops entered the village of Zvezdnikovo near the town of Sudzha.")
    p = place_for(doc, trigger(doc, "entered"))
    assert p is not None and p.name == "Sudzha"


def test_place_for_prefers_the_most_specific_place(nlp: Language) -> None:
    doc = parse(nlp, "Protesters rallied in Tbilisi, Georgia, on Saturday.")
    p = place_for(doc, trigger(doc, "rallied"))
    assert p is not None and p.text == "Tbilisi"


def test_place_for_never_returns_the_subject(nlp: Language) -> None:
    doc = parse(nlp, "Kyiv has rejected the offer.")
    assert place_for(doc, trigger(doc, "rejected")) is None


def test_place_for_without_attachment_is_none(nlp: Language) -> None:
    doc = parse(nlp, "The minister praised the agreement reached with Egypt.")
    assert place_for(doc, trigger(doc, "praised")) is None


def test_component_is_fast_enough_per_document(nlp: Language) -> None:
    import time

    text = "Officials in Washington and Berlin discussed the situation in Syria and Iraq. " * 10
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "tidings_geo":
            doc = proc(doc)
    geo = nlp.get_pipe("tidings_geo")
    geo(doc)
    t0 = time.perf_counter()
    geo(doc)
    assert time.perf_counter() - t0 < 0.5


def test_geoparse_command_prints_one_json_line_per_toponym(
    nlp: Language, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tidings.cli import main

    article = tmp_path / "a.txt"
    article.write_text(" date 2025-03-01 Talks between the delegations opened in Riyadh.\n", encoding="utf-8")
    assert main(["geoparse", str(article)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == ["Riyadh"]
    assert list(rows[0]) == [
        "doc_id",
        "start",
        "end",
        "text",
        "name",
        "geonameid",
        "lat",
        "lon",
        "country",
        "admin1",
        "feature",
    ]
    assert rows[0]["country"] == "SAU"


def test_geoparse_without_paths_is_a_usage_error(nlp: Language) -> None:
    from tidings.cli import main

    assert main(["geoparse"]) == 2


def test_coordinated_names_before_a_region_word_are_both_regions(nlp: Language) -> None:
    doc = parse(nlp, "Troops hold most of the Donetsk and Luhansk regions in the east.")
    donetsk = place(doc, "Donetsk")
    assert (donetsk.feature, donetsk.country) == ("ADM1", "UKR")


def test_regional_adjective_is_not_the_country_adjective(nlp: Language) -> None:
    doc = parse(nlp, "Central American migrants waited at the border crossing in Tijuana.")
    assert all(p.country != "USA" or p.text != "American" for p in doc._.places)
    assert place(doc, "Tijuana").country == "MEX"


def test_plural_nationality_noun_is_not_a_place(nlp: Language) -> None:
    doc = parse(nlp, "Thousands of Ukrainians crossed into Poland last week.")
    assert [p.text for p in doc._.places] == ["Poland"]


def test_county_named_in_an_organisation_is_found(nlp: Language) -> None:
    doc = parse(nlp, "A spokesman for the Laurel County Sheriff's Office confirmed the arrest.")
    p = place(doc, "Laurel County")
    assert (p.country, p.admin1, p.feature) == ("USA", "Kentucky", "ADM2")


def test_town_and_region_of_the_same_name_share_a_country(nlp: Language) -> None:
    doc = parse(nlp, "Shells hit Donetsk again as Russian troops advanced across the Donetsk region.")
    towns = [p for p in doc._.places if p.text == "Donetsk"]
    assert towns and all(p.country == "UKR" for p in towns)


def test_currency_names_its_country(nlp: Language) -> None:
    doc = parse(nlp, "The pipeline contract is worth 11 billion US dollars, the ministry said.")
    assert place(doc, "US").country == "USA"


def test_place_inside_an_organisation_name_after_a_direction_word(nlp: Language) -> None:
    doc = parse(nlp, "She graduated from Eastern Kentucky University last spring.")
    p = place(doc, "Kentucky")
    assert (p.country, p.feature) == ("USA", "ADM1")


def test_place_after_of_in_a_longer_organisation_name(nlp: Language) -> None:
    doc = parse(nlp, "He is a student at the University of Kentucky College of Law.")
    assert place(doc, "Kentucky").country == "USA"


def test_region_the_sources_lack_resolves_to_the_country_it_lies_in(nlp: Language) -> None:
    doc = parse(nlp, "Aid convoys reached camps in Darfur after weeks of delay.")
    p = place(doc, "Darfur")
    assert (p.country, p.feature, p.geonameid) == ("SDN", "RGN", None)


def test_name_a_word_is_glued_to_is_found_at_its_end(nlp: Language) -> None:
    doc = parse(nlp, "Speakers in parliament compared the regime to Nazi Germany on Tuesday.")
    assert any(p.country == "DEU" and p.text.endswith("Germany") for p in doc._.places)


def test_person_named_like_a_small_town_is_not_a_place(nlp: Language) -> None:
    doc = parse(
        nlp, "The crew that night was small -- Marshall, his cousin Pete Varga, 41, and a trainee."
    )
    assert "Marshall" not in [p.text for p in doc._.places]


def test_party_word_is_not_a_town(nlp: Language) -> None:
    doc = parse(nlp, "The Liberal government tabled its budget in Toronto on Thursday.")
    assert [p.text for p in doc._.places] == ["Toronto"]


def test_near_on_the_verb_says_nothing_about_the_subject(nlp: Language) -> None:
    doc = parse(nlp, "Kyiv has seized two tankers near Odesa.")
    assert place(doc, "Kyiv").country == "UKR"
    assert place_for(doc, trigger(doc, "seized")).text == "Odesa"  # type: ignore[union-attr]


def test_a_name_used_as_a_place_is_a_place_where_it_recurs(nlp: Language) -> None:
    doc = parse(
        nlp,
        "The fire broke out at a home in Grovetown on Friday. Grovetown police said nobody was hurt.",
    )
    found = [p for p in doc._.places if p.text == "Grovetown"]
    assert len(found) == 2 and found[0].geonameid == found[1].geonameid is not None


def test_country_name_joined_by_and_is_one_place(nlp: Language) -> None:
    doc = parse(nlp, "The minister said Trinidad and Tobago would not attend the summit.")
    p = place(doc, "Trinidad and Tobago")
    assert (p.country, p.feature) == ("TTO", "PCLI")


def test_direction_word_that_is_part_of_the_name_is_kept(nlp: Language) -> None:
    doc = parse(nlp, "She teaches chemistry at West Virginia University.")
    assert any(p.admin1 == "West Virginia" for p in doc._.places)


def test_street_named_after_a_town_lies_in_the_town_the_story_is_about(nlp: Language) -> None:
    doc = parse(
        nlp, "Residents of Springfield, Illinois, asked the council to repave Topeka Street before winter."
    )
    street = place(doc, "Topeka Street")
    assert (street.country, street.admin1) == ("USA", "Illinois")


def test_building_named_after_a_foreign_city_lies_where_the_story_is(nlp: Language) -> None:
    doc = parse(
        nlp, "Girls practise at the Manchester Academy in Lagos, where Nigerian coaches scout for new talent."
    )
    assert place(doc, "Manchester Academy").country == "NGA"


def test_prices_in_dollars_favour_the_american_namesake(nlp: Language) -> None:
    doc = parse(
        nlp, "MANSFIELD — The City Council approved $400,000 for repairs to the Mansfield police station."
    )
    assert {p.country for p in doc._.places if p.text.lower() == "mansfield"} == {"USA"}


def test_country_name_is_the_country_not_a_hamlet_in_the_story_s_state(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Port officials in Houston, Texas, said imports from China fell. Dallas and Austin traders agreed, "
        "and San Antonio buyers said prices in Texas rose.",
    )
    assert place(doc, "China").feature == "PCLI"


def test_place_in_a_news_outlet_s_name_is_reported_but_flagged(nlp: Language) -> None:
    from tidings.geo.component import GeoParser

    doc = parse(nlp, "The New York Times reported the story first.")
    geo = nlp.get_pipe("tidings_geo")
    assert isinstance(geo, GeoParser)
    [m] = [m for m in geo.detect(doc) if m.text == "New York"]
    assert m.outlet
    assert place(doc, "New York").country == "USA"


def test_name_the_model_cut_in_two_is_joined(nlp: Language) -> None:
    doc = parse(
        nlp, "Thousands of Venezuelans now live in Boa Vista, the capital of Roraima state in Brazil."
    )
    assert place(doc, "Boa Vista").country == "BRA"


def test_unknown_township_after_a_locative_lies_in_the_story_s_town(nlp: Language) -> None:
    doc = parse(
        nlp, "He grew up in Mbonteni, a village outside Durban in South Africa, and returned there in May."
    )
    assert place(doc, "Mbonteni").country == "ZAF"


def test_town_the_model_tags_loc_is_still_a_town(nlp: Language) -> None:
    doc = parse(nlp, "Firefighters were called to a burning barn in the Moncton area on Tuesday night.")
    assert place(doc, "Moncton").country == "CAN"


def test_a_capital_s_namesake_lies_where_the_story_s_other_towns_are(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Berlin residents packed the town hall on Monday. Officials from New Britain and Hartford said "
        "the plan would be copied in Bristol.",
    )
    assert place(doc, "Berlin").country == "USA"


def test_local_press_conventions_put_a_hometown_in_the_united_states(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Paris firefighters put out a kitchen blaze on Tuesday night. The Paris Police Department said "
        "nobody was hurt.",
    )
    assert place(doc, "Paris").country == "USA"


def test_without_such_conventions_paris_is_the_french_capital(nlp: Language) -> None:
    doc = parse(nlp, "Firefighters in Paris put out a blaze near the Seine on Tuesday night.")
    assert place(doc, "Paris").country == "FRA"


def test_country_focus_alone_does_not_make_a_capital_a_village(nlp: Language) -> None:
    doc = parse(
        nlp,
        "Senators in Washington and officials in New York and Chicago said the deal struck in London "
        "would help American exporters.",
    )
    assert place(doc, "London").country == "GBR"


def test_x_city_is_the_town_x_when_its_own_readings_lie_elsewhere(nlp: Language) -> None:
    doc = parse(nlp, "DUBLIN, Ohio - The Dublin City Council voted 5-2 on Monday to widen a road.")
    council = place(doc, "Dublin City")
    assert (council.country, council.admin1, council.feature) == ("USA", "Ohio", "PPL")


def test_an_embassy_is_not_in_the_country_it_represents(nlp: Language) -> None:
    doc = parse(nlp, "Officials at the Russian Embassy in Washington denied the report on Friday.")
    assert place(doc, "Russian Embassy").country == "USA"


def test_an_office_named_after_its_town_lies_in_that_town(nlp: Language) -> None:
    doc = parse(
        nlp, "A spokesman for the West Valley City Police Department said the suspect, a Utah man, was held."
    )
    office = place(doc, "West Valley City Police Department")
    assert (office.name, office.country) == ("West Valley City", "USA")


def test_a_street_with_a_direction_word_lies_in_the_story_s_town(nlp: Language) -> None:
    doc = parse(nlp, "Police in Des Moines, Iowa, closed South Ninth Street after the crash.")
    assert place(doc, "South Ninth Street").country == "USA"


def test_x_city_keeps_its_own_reading_in_x_s_country(nlp: Language) -> None:
    doc = parse(
        nlp, "Dublin City Council said the new tram line would cut traffic in Dublin, Ireland's capital."
    )
    assert place(doc, "Dublin City").country == "IRL"
    assert place(doc, "Dublin").country == "IRL"
