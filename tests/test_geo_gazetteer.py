"""The gazetteer index, the name normalisation and the aliases knowledge file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.geo import gazetteer as gz
from tidings.geo.names import load_aliases, norm, parse_aliases


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[gz.Gazetteer]:
    """One index per test session, built into pytest's temporary directory."""
    data = tmp_path_factory.getbasetemp() / "tidings-geo-data"
    old = os.environ.get("TIDINGS_DATA_DIR")
    os.environ["TIDINGS_DATA_DIR"] = str(data)
    try:
        yield gz.open_gazetteer()
    finally:
        if old is None:
            os.environ.pop("TIDINGS_DATA_DIR", None)
        else:
            os.environ["TIDINGS_DATA_DIR"] = old


def test_norm_folds_accents_case_apostrophes_and_hyphens() -> None:
    assert norm("Zaporizhzhia") == norm("ZAPORIZHZHIA")
    assert norm("Kurskaya oblast'") == "kurskaya oblast"
    assert norm("Ivano-Frankivsk") == "ivano frankivsk"
    assert norm("Sudža") == "sudza"


def test_norm_drops_leading_article_but_keeps_abbreviation_dots() -> None:
    assert norm("the Netherlands") == "netherlands"
    assert norm("La.") != norm("LA")


def test_packaged_aliases_have_a_version_and_the_core_variants() -> None:
    aliases = load_aliases()
    assert aliases.version
    assert aliases.names["Kiev"] == ("Kyiv", "UA")
    assert aliases.names["Lugansk"] == ("Luhansk", "UA")
    assert aliases.demonyms["Ukrainian"] == "UA"
    assert "oblast" in aliases.region_words
    assert "village" in aliases.feature_words


def test_aliases_without_version_are_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        parse_aliases('[names]\n"Kiev" = "Kyiv|UA"\n')


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TIDINGS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert gz.data_dir() == tmp_path / "xdg" / "tidings"
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "own"))
    assert gz.data_dir() == tmp_path / "own"


def test_index_is_named_after_its_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    assert gz.index_path("1.0") != gz.index_path("1.1")
    assert gz.index_path().name.startswith("gazetteer-")


def test_index_records_its_version(gaz: gz.Gazetteer) -> None:
    meta = gaz.meta()
    assert meta["version"] == gz.index_version()
    assert int(meta["places"]) > 100_000


def test_lookup_finds_city_region_and_country(gaz: gz.Gazetteer) -> None:
    kharkiv = gaz.lookup("kharkiv")
    assert any(c.feature == "PPL" and c.country == "UKR" and c.population > 1_000_000 for c in kharkiv)
    assert any(c.feature == "PCLI" and c.country == "UKR" for c in gaz.lookup("ukraine"))
    assert gaz.country("RU") is not None and gaz.country("RU").country == "RUS"


def test_transliteration_aliases_reach_the_same_place(gaz: gz.Gazetteer) -> None:
    def big(key: str) -> set[int]:
        return {c.id for c in gaz.lookup(key) if c.feature == "PPL" and c.population > 100_000}

    assert big("kiev") == big("kyiv") != set()
    assert big("lugansk") & big("luhansk")
    assert big("kharkov") & big("kharkiv")
    assert big("zaporozhye") & big("zaporizhzhia")


def test_short_country_names(gaz: gz.Gazetteer) -> None:
    assert any(c.feature == "PCLI" and c.country == "USA" for c in gaz.lookup(norm("the US")))
    assert any(c.feature == "PCLI" and c.country == "GBR" for c in gaz.lookup(norm("UK")))


def test_first_level_regions_carry_coordinates(gaz: gz.Gazetteer) -> None:
    kursk = next(c for c in gaz.lookup("kursk") if c.feature == "PPL")
    region = gaz.admin1(kursk.admin1_code or "")
    assert region is not None and region.feature == "ADM1"
    assert gz.haversine_km(region.lat, region.lon, kursk.lat, kursk.lon) < 200


def test_fuzzy_repairs_one_transposition_only(gaz: gz.Gazetteer) -> None:
    assert "sudzha" in gaz.fuzzy("sudhza")
    assert gaz.fuzzy("sudhzaxyz") == ()


def test_lookup_is_fast(gaz: gz.Gazetteer) -> None:
    import time

    gaz.lookup.cache_clear()
    t0 = time.perf_counter()
    for key in ("odesa", "lviv", "mariupol", "bakhmut", "donetsk"):
        gaz.lookup(key)
    assert (time.perf_counter() - t0) / 5 < 0.01


def test_haversine() -> None:
    assert gz.haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_json_entries_stream_across_chunk_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_text(
        '{"1": {"name": "Alpha", "alternatenames": ["A", "Alfa"]},\n "2" : {"name": "Beta {x}"}, "3": {}}',
        encoding="utf-8",
    )
    items = list(gz._json_object_items(path, chunk=7))
    assert items == [
        ("1", {"name": "Alpha", "alternatenames": ["A", "Alfa"]}),
        ("2", {"name": "Beta {x}"}),
        ("3", {}),
    ]


def test_truncated_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_text('{"1": {"name": "Alpha"}, "2": {"name": "Be', encoding="utf-8")
    with pytest.raises(ValueError, match="truncated"):
        list(gz._json_object_items(path, chunk=5))


def test_aliases_regions_table_is_parsed() -> None:
    aliases = parse_aliases('version = "t"\n[regions]\n"Upper Valley" = "Vermont|US"\n"Dry Plain" = "Chad"\n')
    assert aliases.regions == {"Upper Valley": ("Vermont", "US"), "Dry Plain": ("Chad", None)}


def test_curated_region_takes_its_containers_country_and_point(gaz: gz.Gazetteer) -> None:
    darfur = [c for c in gaz.lookup("darfur") if c.feature == "RGN"]
    assert len(darfur) == 1 and darfur[0].country == "SDN" and darfur[0].id < 0
    sudan = gaz.country("SD")
    assert sudan is not None and (darfur[0].lat, darfur[0].lon) == (sudan.lat, sudan.lon)
    ghouta = next(c for c in gaz.lookup("ghouta") if c.feature == "RGN")
    assert ghouta.country == "SYR" and ghouta.admin1_code is not None and ghouta.admin1_code.startswith("SY.")


def test_an_open_index_survives_its_file_being_deleted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another installation sharing the data directory may rebuild and clean up: this process keeps
    reading the index it has open instead of rebuilding and closing it under its users."""
    import sqlite3

    path = tmp_path / "gazetteer-test.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('version', 'x');"
    )
    con.commit()
    con.close()
    monkeypatch.setattr(gz, "index_path", lambda version=None: path)

    def no_build(*args: object, **kwargs: object) -> Path:
        raise AssertionError("an open index must not be rebuilt")

    monkeypatch.setattr(gz, "build", no_build)
    opened = gz.Gazetteer(path)
    monkeypatch.setitem(gz._instances, path, opened)
    path.unlink()
    assert gz.open_gazetteer() is opened
    assert opened.meta() == {"version": "x"}


def test_a_build_keeps_the_most_recently_used_other_versions(tmp_path: Path) -> None:
    """A release and a checkout sharing the data directory keep their own indexes; older ones go."""
    current = tmp_path / "gazetteer-new.sqlite"
    current.write_bytes(b"")
    others = [tmp_path / f"gazetteer-v{k}.sqlite" for k in range(4)]
    for k, p in enumerate(others):
        p.write_bytes(b"")
        os.utime(p, (1_000_000 + k, 1_000_000 + k))  # v3 used last, v0 first
    gz._prune_other_versions(current)
    kept = sorted(p.name for p in tmp_path.glob("gazetteer-*.sqlite"))
    assert kept == ["gazetteer-new.sqlite", "gazetteer-v2.sqlite", "gazetteer-v3.sqlite"]
    assert gz.KEEP_OTHER_VERSIONS == 2
