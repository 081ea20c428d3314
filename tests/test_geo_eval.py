"""The geoparsing scorer, on tiny gold files written here (never the real gold sets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import geo as E

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Flooding closed roads in Springfield, officials said.]]></text>
    <toponyms>
      <toponym>
        <start>25</start><end>36</end><phrase>Springfield</phrase>
        <gaztag geonameid="4409896">
          <name>Springfield</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>37.2153</lat><lon>-93.2982</lon>
          <country geonameid="6252001">United States</country>
          <admin1 geonameid="4398678">Missouri</admin1>
        </gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>t</title>
    <text>Talks in Oslo ended; the Oslo Times reported it.</text>
    <toponyms>
      <toponym>
        <extractedName>Oslo</extractedName><type>Literal</type><nonLocational>No</nonLocational>
        <start>9</start><end>13</end><geonamesID>3143244</geonamesID>
        <latitude>59.91</latitude><longitude>10.75</longitude>
      </toponym>
      <toponym>
        <extractedName>Oslo</extractedName><type>Embedded_Literal</type><nonLocational>No</nonLocational>
        <start>26</start><end>30</end><geonamesID/>
        <latitude>59.91</latitude><longitude>10.75</longitude>
      </toponym>
      <toponym>
        <extractedName>Talks</extractedName><type>Non_Lit_Expression</type><nonLocational>Yes</nonLocational>
        <start>0</start><end>5</end>
      </toponym>
    </toponyms>
  </article>
</articles>
"""


def test_read_lgl_takes_coordinates_country_and_admin1(tmp_path: Path) -> None:
    f = tmp_path / "lgl.xml"
    f.write_text(LGL, encoding="utf-8")
    [article] = E.read_lgl(f)
    [g] = article.gold
    assert article.text[g.start : g.end] == "Springfield"
    assert (g.country, g.admin1, g.geonameid) == ("USA", "Missouri", 4409896)


def test_read_gwn_keeps_toponym_types_and_ignores_embedded(tmp_path: Path) -> None:
    f = tmp_path / "gwn.xml"
    f.write_text(GWN, encoding="utf-8")
    [article] = E.read_gwn(f)
    assert [(g.text, g.ignored) for g in article.gold] == [("Oslo", False), ("Oslo", True)]


def test_read_system_output_line_per_article(tmp_path: Path) -> None:
    f = tmp_path / "sys.txt"
    f.write_text("Springfield,,Springfield,,39.8,,-89.6,,24,,35||\n\nBad,,entry||\n", encoding="utf-8")
    out = E.read_system(f)
    assert [len(x) for x in out] == [1, 0, 0, 0]
    assert (out[0][0].start, out[0][0].end, out[0][0].lat) == (24, 35, 39.8)
    assert out[0][0].coordinates_only


def test_match_counts_overlaps_once_and_skips_ignored_gold() -> None:
    gold = [E.Toponym(0, 5, "Paris"), E.Toponym(10, 15, "Lyon"), E.Toponym(20, 25, "Oslo", ignored=True)]
    pred = [E.Toponym(0, 5, "Paris"), E.Toponym(1, 4, "ari"), E.Toponym(20, 25, "Oslo")]
    pairs, fp, fn = E.match(gold, pred)
    assert [g.text for g, _ in pairs] == ["Paris", "Oslo"]
    assert (fp, fn) == (1, 1)


class _FixedGeocoder(E.ReverseGeocoder):
    def __init__(self) -> None:  # no gazetteer needed for these tests
        pass

    def __call__(
        self, lat: float, lon: float, geonameid: int | None = None, max_km: float | None = None
    ) -> tuple[str | None, str | None]:
        if max_km is not None and lat < -50:
            return (None, None)  # "the Southern Ocean": no town within max_km
        return ("USA", "Missouri") if lon < 0 else ("NOR", "Oslo")


def test_score_accuracy_at_161km_country_and_admin1() -> None:
    article = E.Article(
        "a",
        "",
        [
            E.Toponym(0, 5, "Springfield", 37.2, -93.3, "USA", "Missouri", 1),
            E.Toponym(10, 15, "Oslo", 59.9, 10.75, None, None, 2),
        ],
    )
    near = E.Toponym(0, 5, "Springfield", 37.0, -93.0, "USA", "Missouri")
    wrong = E.Toponym(10, 15, "Oslo", 40.0, -100.0, "USA", "Kansas")
    s = E.score([article], [[near, wrong]], _FixedGeocoder(), E._same_admin1)
    assert s.detection.tp == 2 and s.detection.fp == 0
    assert s.accuracy == 0.5
    assert s.country == 0.5 and s.admin1 == 0.5


def test_same_geonames_entry_counts_as_placed_even_far_from_the_gold_point() -> None:
    article = E.Article("a", "", [E.Toponym(0, 2, "US", 39.8, -98.5, "USA", None, 6252001)])
    pred = E.Toponym(0, 2, "US", 38.0, -95.0, "USA", None, 6252001)
    assert E.score([article], [[pred]], _FixedGeocoder(), E._same_admin1).accuracy == 1.0


LGL_REGION = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="2">
    <text><![CDATA[Envoys toured the Middle East.]]></text>
    <toponyms>
      <toponym>
        <start>18</start><end>29</end><phrase>Middle East</phrase>
        <gaztag geonameid="1">
          <name>Middle East</name><fclass>L</fclass><fcode>RGN</fcode>
          <lat>30.0</lat><lon>40.0</lon>
        </gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""


def test_lgl_gold_that_names_no_country_is_left_out_of_country_accuracy(tmp_path: Path) -> None:
    f = tmp_path / "lgl.xml"
    f.write_text(LGL_REGION, encoding="utf-8")
    [article] = E.read_lgl(f)
    assert article.gold[0].countryless
    pred = E.Toponym(18, 29, "Middle East", 30.0, 40.0)
    s = E.score([article], [[pred]], _FixedGeocoder(), E._same_admin1)
    assert s.country_n == 0 and s.accuracy == 1.0


def test_gwn_point_far_from_any_town_has_no_gold_country() -> None:
    article = E.Article("a", "", [E.Toponym(0, 5, "Ocean", -60.0, 10.0, None, None, 99)])
    pred = E.Toponym(0, 5, "Ocean", -60.0, 10.0, None)
    s = E.score([article], [[pred]], _FixedGeocoder(), E._same_admin1)
    assert s.country_n == 0


def test_only_reference_systems_get_their_country_from_coordinates() -> None:
    gold = E.Toponym(0, 6, "Europe", 48.7, 9.1, "NOR", None, 5)
    ours = E.Toponym(0, 6, "Europe", 48.7, 9.1, None)  # a continent: tidings reports no country
    theirs = E.Toponym(0, 6, "Europe", 48.7, 9.1, None, coordinates_only=True)
    geocoder = _FixedGeocoder()
    assert E.score([E.Article("a", "", [gold])], [[ours]], geocoder, E._same_admin1).country == 0.0
    assert E.score([E.Article("a", "", [gold])], [[theirs]], geocoder, E._same_admin1).country == 1.0


def test_missing_gold_is_a_usage_error(tmp_path: Path) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    E.add_arguments(parser)
    args = parser.parse_args(["--gold", str(tmp_path)])
    assert E.run(args) == 2


GWN_REGION = """<?xml version="1.0" ?>
<articles>
  <article file="9">
    <text>Envoys toured the Middle East and North Africa before flying to South Africa.</text>
    <toponyms>
      <toponym><extractedName>Middle East</extractedName><normalisedName>Middle East</normalisedName>
        <type>Literal</type><start>18</start><end>29</end><geonamesID>1</geonamesID>
        <latitude>33.1</latitude><longitude>35.9</longitude></toponym>
      <toponym><extractedName>North Africa</extractedName><normalisedName>North Africa</normalisedName>
        <type>Literal</type><start>34</start><end>46</end><geonamesID>2</geonamesID>
        <latitude>33.0</latitude><longitude>10.0</longitude></toponym>
      <toponym><extractedName>South Africa</extractedName><normalisedName>South Africa</normalisedName>
        <type>Literal</type><start>65</start><end>77</end><geonamesID>3</geonamesID>
        <latitude>-29.0</latitude><longitude>24.0</longitude></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_gwn_region_of_several_countries_has_no_gold_country(tmp_path: Path) -> None:
    f = tmp_path / "gwn.xml"
    f.write_text(GWN_REGION, encoding="utf-8")
    [article] = E.read_gwn(f)
    assert [g.countryless for g in article.gold] == [True, True, False]
    preds = [E.Toponym(g.start, g.end, g.text, g.lat, g.lon) for g in article.gold]
    s = E.score([article], [preds], _FixedGeocoder(), E._same_admin1)
    assert s.country_n == 1  # only South Africa, a country, has one


@pytest.mark.parametrize(
    ("name", "several"),
    [
        ("Middle East", True),
        ("Southeast Asia", True),
        ("Western Europe", True),
        ("Korean Peninsula", True),
        ("South Africa", False),
        ("Central African Republic", False),
        ("North Korea", False),
        ("Ohio", False),
    ],
)
def test_multi_country_region_names(name: str, several: bool) -> None:
    assert E.multi_country_region(name) is several
