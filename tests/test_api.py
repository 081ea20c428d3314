"""The HTTP API over a store of hand-coded articles (no NLP involved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from browser.explorer_corpus import Article, actor, corpus, fill_store
from tidings.api import MAX_PAGE, create_app
from tidings.api.app import get_store
from tidings.api.search import SearchIndex, match_expression
from tidings.records import DocumentResult, Event, Place
from tidings.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "api.duckdb"
    fill_store(path)
    return path


@pytest.fixture
def client(db: Path, tmp_path: Path) -> Iterator[TestClient]:
    empty = tmp_path / "no_node_modules"
    empty.mkdir()
    with TestClient(create_app(db, node_modules=empty)) as c:
        yield c


def all_events() -> list[Event]:
    return [e for r in corpus() for e in r.events]


# -- health and events -------------------------------------------------------------------------------


def test_health_counts_the_store(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == 5
    assert body["events"] == len(all_events())
    assert body["store"] == "api.duckdb"


def test_events_are_the_codebook_records_with_a_total(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 4}).json()
    assert body["total"] == len(all_events())
    assert len(body["items"]) == 4
    by_id = {e.id: e for e in all_events()}
    for item in body["items"]:
        assert Event.model_validate(item) == by_id[item["id"]]


def test_paging_walks_every_event_once(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 20, 4):
        page = client.get("/api/events", params={"limit": 4, "offset": offset}).json()
        seen += [e["id"] for e in page["items"]]
    assert sorted(seen) == sorted(e.id for e in all_events())


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "not-a-date"}, "since"),
        ({"until": "2025-13-40"}, "until"),
        ({"limit": MAX_PAGE + 1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
        ({"type": "SHELLING"}, "type"),
        ({"quad": "conflict"}, "quad"),
        ({"modality": "maybe"}, "modality"),
        ({"country": "RUSSIA"}, "country"),
        ({"since": "2025-03-01", "until": "2025-01-01"}, "until"),
        ({"q": '"()*'}, "q"),
    ],
)
def test_malformed_parameters_are_422_naming_the_field(
    client: TestClient, params: dict[str, object], field: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["detail"]] == [field]


def test_bad_parameters_are_422_on_aggregates_too(client: TestClient) -> None:
    for path in ("/api/actors", "/api/dyads", "/api/timeline", "/api/places"):
        response = client.get(path, params={"since": "yesterday"})
        assert response.status_code == 422, path
        assert response.json()["detail"][0]["loc"] == ["query", "since"]
    assert client.get("/api/timeline", params={"interval": "fortnight"}).status_code == 422


def test_type_filter_ignores_case(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "assault"}).json()
    assert body["total"] == 2
    assert {e["event"] for e in body["items"]} == {"ASSAULT"}


def test_filters_combine(client: TestClient) -> None:
    body = client.get(
        "/api/events", params={"quad": "material_conflict", "since": "2025-03-01", "until": "2025-03-31"}
    ).json()
    assert sorted(e["event"] for e in body["items"]) == ["COERCE", "PROTEST", "SANCTION"]


def test_actor_filter_takes_a_code_or_a_resolved_name(client: TestClient) -> None:
    by_code = client.get("/api/events", params={"actor": "aze"}).json()
    by_name = client.get("/api/events", params={"actor": "Azerbaijan"}).json()
    assert by_code["total"] == by_name["total"] == 2
    assert client.get("/api/events", params={"recipient": "UKR"}).json()["total"] == 2


def test_country_filter_matches_actors_recipients_and_places(client: TestClient) -> None:
    items = client.get("/api/events", params={"country": "che"}).json()["items"]
    assert {e["event"] for e in items} == {"CONSULT", "AGREE"}  # located in Geneva, actors elsewhere


def test_place_and_modality_filters(client: TestClient) -> None:
    assert client.get("/api/events", params={"place": "tbilisi"}).json()["total"] == 3
    future = client.get("/api/events", params={"modality": "future"}).json()["items"]
    assert [e["event"] for e in future] == ["REQUEST"]


def test_hostile_text_is_data_not_sql(client: TestClient) -> None:
    for value in ("x' OR '1'='1", "RUS'); DROP TABLE events; --", "%", "_"):
        response = client.get("/api/events", params={"actor": value, "place": value})
        assert response.status_code == 200
        assert response.json()["total"] == 0
    assert client.get("/api/health").json()["events"] == len(all_events())


# -- full-text search ------------------------------------------------------------------------------


def test_text_search_finds_words_in_the_sentence(client: TestClient) -> None:
    items = client.get("/api/events", params={"q": "water cannon"}).json()["items"]
    assert [e["event"] for e in items] == ["COERCE"]


def test_text_search_matches_prefixes_and_ignores_case(client: TestClient) -> None:
    items = client.get("/api/events", params={"q": "SANCTION"}).json()["items"]
    assert {e["event"] for e in items} == {"SANCTION", "THREATEN"}  # "sanctions" in both


def test_text_search_reaches_the_events_quote(client: TestClient) -> None:
    # "pressure" is only in the quote the AID event was coded from, not in its sentence.
    items = client.get("/api/events", params={"q": "pressure"}).json()["items"]
    assert [e["event"] for e in items] == ["AID"]


def test_text_search_with_fts_operators_is_plain_text(client: TestClient) -> None:
    for q in ('NEAR(camp', 'camp AND "', "camp*", "-camp", "camp OR"):
        response = client.get("/api/events", params={"q": q})
        assert response.status_code == 200, q
    assert match_expression('NEAR(camp "x') == '"near"* AND "camp"* AND "x"*'


def test_sentence_search_covers_sentences_without_events(client: TestClient) -> None:
    hits = client.get("/api/sentences", params={"q": "reporters"}).json()
    assert len(hits) == 1
    assert "war crime" in hits[0]["text"]
    assert client.get("/api/sentences").status_code == 422


def test_search_index_follows_the_store(db: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index.sqlite")
    with Store(db, read_only=True) as store:
        assert index.ensure(store) is True
        assert index.ensure(store) is False  # unchanged store: no rebuild
        assert index.event_ids(store, "ceasefire")
        assert not index.event_ids(store, "drones")
    article = Article(dt.date(2025, 5, 2), "Drone strike on a depot")
    article.sentences.append("A drone struck a fuel depot near the port, the navy said.")
    article.event(0, "struck", "ASSAULT", [actor("A drone", "UNK")], [])
    with Store(db) as store:
        store.write_batch([article.result()])
    with Store(db, read_only=True) as store:
        assert index.event_ids(store, "drone") == [article.events[0].id]


def test_index_is_written_beside_the_store(client: TestClient, db: Path) -> None:
    client.get("/api/events", params={"q": "talks"})
    assert (db.parent / (db.name + ".fts.sqlite")).is_file()


# -- one event, one document -----------------------------------------------------------------------


def test_event_view_carries_its_evidence(client: TestClient) -> None:
    accuse = next(e for e in all_events() if e.event == "ACCUSE")
    body = client.get(f"/api/events/{accuse.id}").json()
    text = body["document"]["text"]
    s, t = body["sentence"], body["trigger"]
    assert text[s["start"] : s["end"]] == s["text"] == accuse.sentence
    assert text[t["start"] : t["end"]] == "accused"
    assert s["start"] <= t["start"] < t["end"] <= s["end"]
    assert body["quote"]["content"]["text"] == "These strikes are a war crime"


def test_event_without_quote_has_none(client: TestClient) -> None:
    assault = next(e for e in all_events() if e.event == "ASSAULT")
    assert client.get(f"/api/events/{assault.id}").json()["quote"] is None


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/api/events/0000000000000000").status_code == 404
    assert client.get("/api/documents/0000000000000000").status_code == 404


def test_document_is_the_pipelines_result(client: TestClient) -> None:
    expected = corpus()[0]
    got = DocumentResult.model_validate(client.get(f"/api/documents/{expected.document.id}").json())
    assert got.document == expected.document
    assert got.sentences == expected.sentences
    assert sorted(e.id for e in got.events) == sorted(e.id for e in expected.events)
    assert got.quotes == expected.quotes


# -- aggregates ------------------------------------------------------------------------------------


def test_actors_count_both_roles(client: TestClient) -> None:
    actors = {a["key"]: a for a in client.get("/api/actors").json()}
    ukraine = actors["Ukraine"]
    assert (ukraine["as_actor"], ukraine["as_recipient"]) == (2, 2)
    assert actors["RUS"]["code"] == "RUS"  # no resolved name: keyed by code
    assert 1 <= ukraine["mean_quad"] <= 4


def test_unnamed_unknown_actors_are_not_counted(client: TestClient, db: Path) -> None:
    article = Article(dt.date(2025, 5, 2), "Gunmen attack a convoy")
    article.sentences.append("Unidentified gunmen attacked an aid convoy on the road south of the city.")
    article.event(0, "attacked", "ASSAULT", [actor("Unidentified gunmen", "UNK")],
                  [actor("an aid convoy", "UNK")])
    with Store(db) as store:
        store.write_batch([article.result()])
    assert "UNK" not in {a["key"] for a in client.get("/api/actors").json()}
    assert not [d for d in client.get("/api/dyads").json() if "UNK" in (d["actor"], d["recipient"])]
    assert client.get("/api/events", params={"actor": "UNK"}).json()["total"] == 1  # still listed


def test_actors_follow_the_filters(client: TestClient) -> None:
    keys = {a["key"] for a in client.get("/api/actors", params={"country": "GEO"}).json()}
    assert keys == {"Georgia", "GEO"}


def test_dyads_are_counted_by_month(client: TestClient) -> None:
    dyads = client.get("/api/dyads").json()
    arm_aze = [d for d in dyads if (d["actor"], d["recipient"]) == ("Armenia", "Azerbaijan")]
    assert arm_aze == [
        {"month": "2025-02", "actor": "Armenia", "actor_code": "ARM", "recipient": "Azerbaijan",
         "recipient_code": "AZE", "count": 2, "mean_quad": 1.0}
    ]
    january = client.get("/api/dyads", params={"until": "2025-01-31"}).json()
    assert january and all(d["month"] == "2025-01" for d in january)


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_timeline_counts_every_dated_event(client: TestClient, interval: str) -> None:
    body = client.get("/api/timeline", params={"interval": interval}).json()
    assert body["interval"] == interval
    assert sum(b["count"] for b in body["buckets"]) == len(all_events())
    assert {b["quad"] for b in body["buckets"]} == {
        "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"
    }


def test_timeline_buckets_start_their_period(client: TestClient) -> None:
    months = client.get("/api/timeline", params={"interval": "month"}).json()["buckets"]
    assert {b["period"] for b in months} == {"2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"}
    weeks = client.get("/api/timeline", params={"interval": "week"}).json()["buckets"]
    assert all(dt.date.fromisoformat(b["period"]).weekday() == 0 for b in weeks)
    auto = client.get("/api/timeline").json()
    assert auto["interval"] == "day"  # 13 January to 15 April: a little over three months
    assert (auto["first"], auto["last"]) == ("2025-01-13", "2025-04-15")


def test_places_is_geojson_of_located_events(client: TestClient) -> None:
    fc = client.get("/api/places").json()
    located = [e for e in all_events() if e.location is not None]
    assert fc["type"] == "FeatureCollection"
    assert fc["total"] == len(fc["features"]) == len(located)
    kharkiv = next(f for f in fc["features"] if f["properties"]["place"] == "Kharkiv")
    assert kharkiv["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}  # [lon, lat]
    assert kharkiv["properties"]["quad"] == "material_conflict"
    one = client.get("/api/places", params={"limit": 1}).json()
    assert (one["total"], len(one["features"])) == (len(located), 1)


def test_quotes_filter_by_speaker_words_and_document(client: TestClient) -> None:
    assert client.get("/api/quotes").json()["total"] == 2
    by_speaker = client.get("/api/quotes", params={"speaker": "foreign policy"}).json()["items"]
    assert [q["content"]["text"][:7] for q in by_speaker] == ["We will"]
    by_words = client.get("/api/quotes", params={"q": "war crime"}).json()["items"]
    assert [q["speaker"]["code"] for q in by_words] == ["UKR"]
    doc = corpus()[2].document.id
    assert client.get("/api/quotes", params={"doc_id": doc}).json()["total"] == 1


def test_clusters_merge_reports_of_one_event_across_articles(db: Path, client: TestClient) -> None:
    wire = Article(dt.date(2025, 1, 14), "Kharkiv hit by night-time shelling")
    wire.sentences.append("Russian troops shelled Kharkiv during the night, the city's mayor said.")
    wire.event(0, "shelled", "ASSAULT", [actor("Russian troops", "RUS", "MIL")],
               [actor("Kharkiv", "UKR", name="Ukraine")], date="2025-01-13", place=corpus_place("Kharkiv"))
    with Store(db) as store:
        store.write_batch([wire.result()])
    clusters = client.get("/api/clusters", params={"type": "ASSAULT"}).json()
    kharkiv = [c for c in clusters if c["location"] and c["location"]["name"] == "Kharkiv"]
    assert len(kharkiv) == 1
    assert kharkiv[0]["mention_count"] == 2
    assert len(kharkiv[0]["sources"]) == 2
    assert sum(c["mention_count"] for c in clusters) == 3  # the El Fasher attack stays on its own


def corpus_place(name: str) -> Place:
    return next(e.location for e in all_events() if e.location and e.location.name == name)


def test_codebook_lists_the_filters_values(client: TestClient) -> None:
    body = client.get("/api/codebook").json()
    assert body["event_types"]["ASSAULT"] == "material_conflict"
    assert body["quads"]["verbal_cooperation"] == 1


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/health", "/api/events", "/api/events/{event_id}", "/api/actors", "/api/dyads",
                 "/api/timeline", "/api/places", "/api/quotes", "/api/documents/{doc_id}"):
        assert set(paths[path]) == {"get"}, path


def test_the_store_is_an_injected_dependency(db: Path, tmp_path: Path) -> None:
    app = create_app(tmp_path / "elsewhere.duckdb")

    def the_test_store() -> Iterator[Store]:
        with Store(db, read_only=True) as store:
            yield store

    app.dependency_overrides[get_store] = the_test_store
    with TestClient(app) as c:
        assert c.get("/api/health").json()["events"] == len(all_events())


def test_missing_store_is_503_not_500(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "nothing.duckdb")) as c:
        response = c.get("/api/events")
    assert response.status_code == 503
    assert "tidings ingest" in response.json()["detail"]
