"""Actor resolution: one behaviour per test, on sentences written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.actors import resolve_token
from tidings.records import Actor


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors"))


def parse(nlp, text: str, date: dt.date | None = dt.date(2025, 3, 1)):  # type: ignore[no-untyped-def]
    return parse_text(nlp, text, "t", date)  # type: ignore[arg-type]


def actors(
    nlp,
    text: str,
    word: str,
    date: dt.date | None = dt.date(2025, 3, 1),
    nth: int = 0,  # type: ignore[no-untyped-def]
    venues: bool = False,
) -> list[Actor]:
    doc = parse(nlp, text, date)
    tokens = [t for t in doc if t.text == word]
    assert len(tokens) > nth, f"{word!r} not in {[t.text for t in doc]}"
    return resolve_token(doc, tokens[nth], venues=venues)


def codes(found: list[Actor]) -> list[tuple[str, str | None]]:
    return [(a.code, a.sector) for a in found]


# -- states, capitals, metonyms ---------------------------------------------------------------------------


def test_country_name_codes_the_state_without_sector(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Ukraine rejected the proposal on Monday.", "Ukraine")
    assert codes(found) == [("UKR", None)]
    assert found[0].rule == "country"
    assert found[0].wikidata == "Q212"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Moscow rejected the offer from the European leaders.", "Moscow", ("RUS", "GOV")),
        ("Kyiv accused the occupying troops of new strikes.", "Kyiv", ("UKR", "GOV")),
        ("Beijing protested against the new tariffs.", "Beijing", ("CHN", "GOV")),
    ],
)
def test_capital_as_subject_is_its_government(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The Kremlin dismissed the report as fiction.", "Kremlin", ("RUS", "GOV")),
        ("The White House announced new sanctions.", "House", ("USA", "GOV")),
        ("The Pentagon ordered two more destroyers to the region.", "Pentagon", ("USA", "MIL")),
        ("Downing Street declined to comment.", "Street", ("GBR", "GOV")),
        ("The Elysee said the summit would go ahead.", "Elysee", ("FRA", "GOV")),
    ],
)
def test_government_metonyms(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


def test_venue_is_never_an_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Delegations from both countries met in Istanbul on Monday."
    assert actors(nlp, text, "Istanbul") == []


def test_venue_that_a_caller_says_acts_is_its_population(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rockets fell in Kharkiv overnight."
    assert actors(nlp, text, "Kharkiv") == []
    assert codes(actors(nlp, text, "Kharkiv", venues=True)) == [("UKR", "CVL")]


def test_city_acting_is_its_population(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Kharkiv came under heavy fire again.", "Kharkiv")) == [("UKR", "CVL")]


def test_disputed_entity_is_the_claimant_with_sector_pre(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Donetsk People's Republic announced a curfew."
    assert codes(actors(nlp, text, "Republic")) == [("UKR", "PRE")]


# -- roles -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Russian forces shelled the village overnight.", "forces", ("RUS", "MIL")),
        ("US officials said the deal was close.", "officials", ("USA", "GOV")),
        ("Turkish police detained twelve people.", "police", ("TUR", "COP")),
        ("Sudanese rebels seized the airport.", "rebels", ("SDN", "REB")),
        ("Israeli lawmakers approved the budget.", "lawmakers", ("ISR", "LEG")),
        ("Kenyan journalists staged a walkout.", "journalists", ("KEN", "JRN")),
        ("The Palestinians marched to the checkpoint.", "Palestinians", ("PSE", "CVL")),
    ],
)
def test_adjective_and_role_noun(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


def test_possessive_gives_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Poland's defence ministry confirmed the purchase.", "ministry")
    assert codes(found) == [("POL", "GOV")]


def test_of_phrase_gives_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "The president of Armenia flew to Paris.", "president")
    assert codes(found) == [("ARM", "GOV")]


def test_generic_role_takes_the_sector_of_its_body(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "A Nigerian army spokesman denied the claim.", "spokesman")) == [("NGA", "MIL")]
    assert codes(actors(nlp, "Hamas fighters fired rockets at the town.", "fighters")) == [("PSE", "REB")]


def test_modifier_former_makes_an_elite(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "A former Kenyan minister was arrested on Friday.", "minister")
    assert codes(found) == [("KEN", "ELI")]


def test_role_without_country_is_unk(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Protesters blocked the road for hours.", "Protesters")
    assert codes(found) == [("UNK", "CVL")]


def test_global_construct_is_not_coded(nlp) -> None:  # type: ignore[no-untyped-def]
    assert actors(nlp, "International observers criticised the vote.", "observers") == []


def test_non_actor_nouns_resolve_to_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The negotiators said talks on the disputed land would resume."
    assert actors(nlp, text, "talks") == []
    assert actors(nlp, text, "land") == []


def test_anti_prefix_does_not_give_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "An anti-Iran blogger was detained in Kuwait City.", "blogger")
    assert found and found[0].code != "IRN"


# -- coordination ------------------------------------------------------------------------------------


def test_coordinated_adjectives_give_one_actor_each(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Chinese and Indian officials held talks on the border.", "officials")
    assert codes(found) == [("CHN", "GOV"), ("IND", "GOV")]


def test_coordinated_heads_are_expanded(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Brazil and Argentina signed the accord.", "Brazil")
    assert codes(found) == [("BRA", None), ("ARG", None)]


def test_coordination_with_a_global_construct_keeps_the_state(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Moldova and most international observers rejected the referendum.", "Moldova")
    assert codes(found) == [("MDA", None)]


# -- international organisations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("NATO will hold exercises in the Baltic.", "NATO", ("IGO", "MIL")),
        ("The UN Security Council condemned the attack.", "Council", ("UNO", "GOV")),
        ("The IAEA said inspectors had been expelled.", "IAEA", ("UNO", None)),
        ("The European Commission proposed new tariffs.", "Commission", ("EUR", "GOV")),
        ("The International Criminal Court issued a warrant.", "Court", ("IGO", "JUD")),
        ("The IMF approved a new loan.", "IMF", ("IGO", "BUS")),
        ("UN peacekeepers withdrew from the buffer zone.", "peacekeepers", ("UNO", "MIL")),
        ("Amnesty International condemned the executions.", "International", ("NGO", "SOC")),
    ],
)
def test_international_organisations(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, text, word)) == [expected]


def test_acronyms_are_case_sensitive(nlp) -> None:  # type: ignore[no-untyped-def]
    assert actors(nlp, "The minister told us nothing.", "us") == []


# -- people ------------------------------------------------------------------------------------------


def test_known_person_with_title(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Speaking on Monday, Kremlin spokesman Dmitry Peskov dismissed the report.", "Peskov")
    assert codes(found) == [("RUS", "GOV")]
    assert found[0].name == "Dmitry Peskov"
    assert found[0].text == "Kremlin spokesman Dmitry Peskov"


def test_unknown_person_takes_country_and_sector_from_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Polish foreign ministry spokesman Jan Kowalczyk said the ambassador had been summoned."
    found = actors(nlp, text, "Kowalczyk")
    assert codes(found) == [("POL", "GOV")]
    assert found[0].name == "Jan Kowalczyk"


def test_unknown_person_from_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Anna Petrova, a spokeswoman for the Bulgarian defence ministry, denied the report."
    found = actors(nlp, text, "Petrova")
    assert codes(found) == [("BGR", "GOV")]


def test_unknown_person_without_context_is_unk(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Marcus Oldfield said the plan would fail.", "Oldfield")
    assert found and found[0].code == "UNK"
    assert found[0].text == "Marcus Oldfield"


@pytest.mark.parametrize(
    ("date", "expected", "office"),
    [
        (dt.date(2019, 5, 1), ("USA", "GOV"), "President of the United States"),
        (dt.date(2023, 5, 1), ("USA", "ELI"), "former President of the United States"),
        (dt.date(2025, 3, 1), ("USA", "GOV"), "President of the United States"),
    ],
)
def test_officeholder_is_coded_by_the_office_held_on_the_date(nlp, date, expected, office) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Trump criticised the court ruling.", "Trump", date)
    assert codes(found) == [expected]
    assert found[0].office == office
    assert found[0].wikidata == "Q22686"


def test_officeholder_before_and_after_a_change_of_office(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Shoigu inspected the troops near the border."
    before = actors(nlp, text, "Shoigu", dt.date(2023, 1, 10))
    after = actors(nlp, text, "Shoigu", dt.date(2024, 9, 1))
    assert codes(before) == codes(after) == [("RUS", "GOV")]
    assert before[0].office == "Minister of Defence"
    assert after[0].office == "Secretary of the Security Council"


def test_shared_surname_picks_the_person_in_office(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Bush telephoned the Saudi king."
    assert actors(nlp, text, "Bush", dt.date(1990, 8, 10))[0].name == "George H. W. Bush"
    assert actors(nlp, text, "Bush", dt.date(2003, 3, 1))[0].name == "George W. Bush"


def test_explicit_title_in_text_wins_over_tables(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Former president Joe Biden spoke at the rally.", "Biden", dt.date(2022, 6, 1))
    assert codes(found) == [("USA", "ELI")]


def test_undated_text_uses_the_most_recent_office(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Lavrov met his counterpart.", "Lavrov", None)
    assert codes(found) == [("RUS", "GOV")]


def test_organisation_whose_role_changed_is_coded_by_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Taliban announced a new decree."
    assert codes(actors(nlp, text, "Taliban", dt.date(2019, 1, 1))) == [("AFG", "REB")]
    assert codes(actors(nlp, text, "Taliban", dt.date(2023, 1, 1))) == [("AFG", "GOV")]


def test_person_possessor_gives_country_not_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Erdogan's spokesman rejected the claim."
    found = actors(nlp, text, "spokesman")
    assert codes(found) == [("TUR", "GOV")]
    assert found[0].name is None
    assert actors(nlp, "Erdogan's remarks angered the opposition.", "remarks") == []


# -- coreference ---------------------------------------------------------------------------------------


def test_surname_after_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Czech foreign minister Tomas Halek arrived on Monday. Halek said the talks were useful."
    found = actors(nlp, text, "Halek", nth=1)
    assert codes(found) == [("CZE", "GOV")]
    assert found[0].rule == "surname_coref"


def test_pronoun_refers_to_the_last_person_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Macron will meet Scholz on Friday in Berlin. He said the meeting was overdue."
    found = actors(nlp, text, "He", dt.date(2024, 3, 1))
    assert found[0].name == "Emmanuel Macron"
    assert found[0].rule == "pronoun_coref"


def test_pronoun_in_the_same_sentence_prefers_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Macron is due to meet Scholz on Friday, when he hopes to agree a plan."
    assert actors(nlp, text, "he", dt.date(2024, 3, 1))[0].name == "Emmanuel Macron"


def test_his_spokesman_is_the_spokesman_of_the_last_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Erdogan spoke by phone on Monday, but his spokesman later denied any deal."
    found = actors(nlp, text, "spokesman")
    assert codes(found) == [("TUR", "GOV")]
    assert found[0].rule == "possessive_coref"


def test_the_president_refers_back(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "French President Emmanuel Macron arrived in Rome on Sunday. The president said Europe must act."
    found = actors(nlp, text, "president")
    assert found[0].name == "Emmanuel Macron"
    assert found[0].rule == "title_coref"


def test_offsets_point_at_the_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On Monday, Russian forces entered the town."
    doc = parse(nlp, text)
    a = resolve_token(doc, next(t for t in doc if t.text == "forces"))[0]
    assert text[a.start : a.end] == a.text == "Russian forces"


# -- context ---------------------------------------------------------------------------------------------


def test_flat_noun_phrase_modifier_applies_to_inner_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Greek police officers cleared the square.", "police")) == [("GRC", "COP")]


def test_bare_conjunct_shares_the_first_conjuncts_modifiers(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Turkish jets and drones struck the depot.", "drones")) == [("TUR", "MIL")]


def test_ethnic_group_is_coded_by_where_it_lives(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Serbs of northern Kosovo boycotted the election.", "Serbs")
    assert codes(found) == [("KOS", "CVL")]
    found = actors(nlp, "Ethnic Hungarians rallied in Romania against the new law.", "Hungarians")
    assert codes(found) == [("ROU", "CVL")]


def test_role_without_country_takes_the_only_state_the_sentence_names(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Rebels seized two villages, the Malian army said.", "Rebels")
    assert codes(found) == [("MLI", "REB")]
    assert found[0].rule.endswith("+context")


def test_sentence_context_never_chooses_between_two_states(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Rebels crossed from Chad into Sudan overnight.", "Rebels")
    assert codes(found) == [("UNK", "REB")]


def test_reporters_do_not_take_the_country_of_the_story(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "The Iranian minister told reporters the talks were over.", "reporters")
    assert codes(found) == [("UNK", "JRN")]


def test_nominal_coreference_respects_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Modi met Albanese in Delhi. The Indian leader said trade would double."
    found = actors(nlp, text, "leader", dt.date(2024, 1, 10))
    assert found[0].name == "Narendra Modi"


def test_conjunct_that_starts_the_next_clause_is_not_coordinated(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ethiopian troops shelled the Eritrean army and Abiy has vowed to continue the offensive."
    assert codes(actors(nlp, text, "army")) == [("ERI", "MIL")]


def test_generic_body_name_owned_by_a_state(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Russia's Security Council warned of retaliation.", "Council")) == [
        ("RUS", "GOV")
    ]


def test_city_the_model_mistakes_for_a_person_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    assert codes(actors(nlp, "Astrakhan was hit by drones overnight.", "Astrakhan")) == [("RUS", "CVL")]


def test_phrase_naming_an_organisation_gives_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    found = actors(nlp, "Officials close to Hezbollah denied the report.", "Officials")
    assert codes(found) == [("LBN", "GOV")]


def test_place_modifying_an_event_noun_is_a_venue(nlp) -> None:  # type: ignore[no-untyped-def]
    assert actors(nlp, "The Geneva talks ended without a deal.", "Geneva") == []


def test_part_of_a_longer_name_resolves_as_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Envoys held a meeting in Saudi Arabia last week."
    assert actors(nlp, text, "Saudi") == []
    assert codes(actors(nlp, "Saudi Arabia cut its oil output.", "Saudi")) == [("SAU", None)]
