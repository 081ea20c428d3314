"""Exports: each format reads back with pandas, with the columns its codebook lists."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from fixtures.records import (
    ARTICLE_STRIKE,
    RUSSIA_MIL,
    UKRAINE_CVL,
    aid_result,
    make_doc,
    make_event,
    make_place,
    make_sentences,
    talks_result,
)
from tidings.cli import main
from tidings.exports import FORMATS, export, table_formats
from tidings.exports.analytics import dyad_by_month, type_by_week
from tidings.exports.codes import alpha3, cameo_code, column_spec, country_name, fips, iso_to_fips
from tidings.exports.formats import fraction_date, int_id
from tidings.records import DocumentResult, Event, Place
from tidings.store import EventFilter, Store

KHARKIV = Place(text="Kharkiv", name="Kharkiv", lat=49.99, lon=36.23, country="UA", admin1="Kharkivska",
                feature="PPLA", geonameid=706483)


def strike_in_kharkiv() -> DocumentResult:
    doc = make_doc(ARTICLE_STRIKE, "2024-11-21", url="https://news.example/strike", source="Example Wire")
    event = make_event(doc, "ASSAULT", "shelled", [RUSSIA_MIL], [UKRAINE_CVL], mode="heavy-weapons",
                       location=make_place(doc, KHARKIV), cameo="190", date="2024-11-20")
    return DocumentResult(document=doc, sentences=make_sentences(doc), events=[event],
                          places=[make_place(doc, KHARKIV)])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "export.duckdb"
    with Store(path) as store:
        store.write_batch([talks_result(), strike_in_kharkiv(), aid_result()], run_id="t")
    return path


@pytest.fixture
def store(db: Path) -> Any:
    with Store(db, read_only=True) as s:
        yield s


def _read_tsv(path: Path, fmt: str) -> pd.DataFrame:
    spec = table_formats()[fmt]
    if spec.header:
        return pd.read_csv(path, sep=spec.separator, dtype=str, keep_default_na=False)
    return pd.read_csv(path, sep=spec.separator, header=None, names=list(spec.columns), dtype=str,
                       keep_default_na=False)


# -- the column lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "n"), [("gdelt2_events", 61), ("polecat", 40), ("icews", 20)])
def test_column_lists_have_the_codebook_length(name: str, n: int) -> None:
    spec = column_spec(name)
    assert len(spec.columns) == n and len(set(spec.columns)) == n and spec.version


# -- round trips ------------------------------------------------------------------------------------------


def test_gdelt_reads_back_with_61_columns_and_gdelt_codes(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.export.CSV"
    assert export(store, "gdelt", out) == 4
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert not first.startswith("GLOBALEVENTID")  # GDELT files carry no header row
    df = _read_tsv(out, "gdelt")
    assert list(df.columns) == list(column_spec("gdelt2_events").columns) and len(df) == 4
    row = df[df["EventCode"] == "190"].iloc[0]
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20241120", "202411", "2024")
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("190", "19", "4")
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("RUSMIL", "RUS", "MIL")
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("UKRCVL", "UKR")
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_Type"]) == ("UP", "4")  # FIPS, world city
    assert float(row["ActionGeo_Lat"]) == pytest.approx(49.99)
    assert row["SOURCEURL"] == "https://news.example/strike"
    assert row["IsRootEvent"] == "1"
    assert df["GLOBALEVENTID"].map(int).is_unique
    consult = df[df["EventRootCode"] == "04"].iloc[0]
    assert (consult["EventCode"], consult["EventBaseCode"]) == ("040", "040")


def test_polecat_reads_back_with_40_named_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "polecat.tsv"
    export(store, "polecat", out)
    df = _read_tsv(out, "polecat")
    assert list(df.columns) == list(column_spec("polecat").columns) and len(df) == 4
    row = df[df["Event Type"] == "ASSAULT"].iloc[0]
    assert (row["Event Mode"], row["Quad Code"], row["Actor Country"]) == ("heavy-weapons", "4", "RUS")
    assert (row["Primary Actor Sector"], row["Recipient Country"]) == ("MIL", "UKR")
    assert (row["City"], row["Country"], row["GeoNames ID"]) == ("Kharkiv", "Ukraine", "706483")
    assert row["Story Locations"] == "Kharkiv" and row["Language"] == "en"
    assert row["Publication Date"] == "2024-11-21" and row["Source"] == "Example Wire"


def test_icews_reads_back_with_20_named_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "icews.tab"
    export(store, "icews", out)
    df = _read_tsv(out, "icews")
    assert list(df.columns) == list(column_spec("icews").columns) and len(df) == 4
    row = df[df["CAMEO Code"] == "190"].iloc[0]
    assert (row["Event Date"], row["Source Country"], row["Target Country"]) == (
        "2024-11-20", "Russian Federation", "Ukraine")
    assert row["Event Text"] == "Fight" and row["Sentence Number"] == "1"
    assert (row["Publisher"], row["City"], row["Province"]) == ("Example Wire", "Kharkiv", "Kharkivska")
    second = df[df["CAMEO Code"] == "120"].iloc[0]  # the root 12 as CAMEO's "not specified" code
    assert second["Sentence Number"] == "2"


def test_csv_reads_back_with_one_row_per_event(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export(store, "csv", out)
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(df.columns) == list(table_formats()["csv"].columns) and len(df) == 4
    consult = df[df["event"] == "CONSULT"].iloc[0]
    assert consult["actor_codes"] == "ARM;AZE" and consult["location"] == "Geneva"


def test_plover_jsonl_reads_back_as_the_stored_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export(store, "plover-jsonl", out)
    df = pd.read_json(out, lines=True, dtype=False)
    assert len(df) == 4 and {"id", "event", "actor", "recipient", "date", "trigger"} <= set(df.columns)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [Event.model_validate_json(x) for x in lines] == store.events()


def test_parquet_is_partitioned_by_month_and_reads_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    assert export(store, "parquet", out) == 4
    months = sorted(p.name for p in out.iterdir())
    assert months == ["month=2024-11", "month=2024-12", "month=2025-03"]
    df = pd.read_parquet(out)
    assert len(df) == 4 and {"id", "event", "actor_codes", "day", "record", "month"} <= set(df.columns)
    assert sorted(df["month"].astype(str)) == ["2024-11", "2024-12", "2025-03", "2025-03"]
    again = pd.read_parquet(out / "month=2025-03")
    assert sorted(again["event"]) == ["CONSULT", "REJECT"]


def test_parquet_rewrite_replaces_the_partitions_it_writes(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    export(store, "parquet", out)
    export(store, "parquet", out)
    assert len(pd.read_parquet(out)) == 4


def test_filters_select_what_is_exported(store: Store) -> None:
    buf = io.StringIO()
    assert export(store, "plover-jsonl", buf, EventFilter(type="REJECT")) == 1
    assert all('"event":"REJECT"' in line for line in buf.getvalue().splitlines())


def test_every_format_is_listed_and_an_unknown_one_refused(store: Store, tmp_path: Path) -> None:
    assert set(FORMATS) == {"plover-jsonl", "polecat", "gdelt", "icews", "csv", "parquet"}
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "acled", tmp_path / "x")


def test_cli_export_writes_the_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.tsv"
    assert main(["export", "--format", "icews", str(out), "--db", str(db), "--since", "2025-01-01"]) == 0
    assert len(_read_tsv(out, "icews")) == 2
    assert "exported 2 events" in capsys.readouterr().err


def test_cli_export_to_stdout(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "plover-jsonl", "-", "--db", str(db)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_cli_refuses_parquet_on_stdout(db: Path) -> None:
    assert main(["export", "--format", "parquet", "-", "--db", str(db)]) == 2


# -- code tables ---------------------------------------------------------------------------------------


def test_country_codes_translate_between_iso_and_fips() -> None:
    assert fips("UKR") == "UP" and fips("UA") == "UP" and fips("GBR") == "UK" and fips("DEU") == "GM"
    assert fips("UNK") == "" and fips("IGO") == "" and fips(None) == ""
    assert alpha3("ua") == "UKR" and country_name("CHE") == "Switzerland"
    assert all(len(k) == 2 and len(v) == 2 for k, v in iso_to_fips().items())


def test_cameo_code_prefers_the_coder_and_falls_back_to_the_map() -> None:
    assert cameo_code("ASSAULT", None, "1951") == "1951"
    cameo = pytest.importorskip("tidings.events.cameo")
    assert cameo_code("ASSAULT", None, None) == (cameo.load_cameo_map().root_for("ASSAULT", None) or "")


def test_integer_ids_and_fraction_dates_are_deterministic() -> None:
    assert int_id("00000000000000ff") == 15 and int_id("0000000000000ff0") == 255
    assert int_id("not hex") is None
    assert fraction_date(dt.date(2025, 1, 1)) == 2025.0
    assert 2024.99 < fraction_date(dt.date(2024, 12, 31)) < 2025.0


# -- analytics ---------------------------------------------------------------------------------------


def test_dyad_by_month_counts_every_actor_recipient_pair(store: Store) -> None:
    rows = dyad_by_month(store, detail="event").to_pylist()
    consult = [r for r in rows if r["event"] == "CONSULT"]
    assert consult == []  # the CONSULT event names no recipient: no dyad
    reject = [r for r in rows if r["event"] == "REJECT"]
    assert [(r["month"].isoformat(), r["actor"], r["recipient"], r["events"]) for r in reject] == [
        ("2025-03-01", "AZE", "ARM", 1)
    ]


def test_type_by_week_counts_events_per_monday(store: Store) -> None:
    rows = type_by_week(store, EventFilter(type="ASSAULT")).to_pylist()
    assert [(r["week"].isoformat(), r["event"], r["events"]) for r in rows] == [("2024-11-18", "ASSAULT", 1)]


def test_dyad_by_month_groups_by_quad_by_default_and_refuses_other_columns(store: Store) -> None:
    rows = dyad_by_month(store, EventFilter(type="REJECT")).to_pylist()
    assert [(r["actor"], r["recipient"], r["quad"], r["events"]) for r in rows] == [
        ("AZE", "ARM", "verbal_conflict", 1)
    ]
    with pytest.raises(ValueError, match="detail"):
        dyad_by_month(store, detail="sentence; DROP TABLE events")
