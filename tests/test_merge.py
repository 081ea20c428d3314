"""Event merging: reports of one real-world event across articles become one cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.records import make_doc, make_event, make_sentences
from tidings.cli import main
from tidings.merge import EventCluster, MergeRules, cluster_events, date_span, haversine_km
from tidings.records import Actor, DocumentResult, Event, Place
from tidings.store import Store

STRIKE = "Russian forces shelled the port of Odesa overnight, the regional governor said."
STRIKE_REWRITE = "Russian troops shelled Odesa's port during the night, according to local officials."
PROTEST = "Thousands of farmers protested outside parliament in Warsaw against grain imports."

RUSSIA_MIL = Actor(text="Russian forces", name="Russia", code="RUS", sector="MIL")
UKRAINE = Actor(text="Odesa", name="Ukraine", code="UKR", sector="CVL")
POLAND_CVL = Actor(text="farmers", name="Poland", code="POL", sector="AGR")
POLAND_GOV = Actor(text="parliament", name="Poland", code="POL", sector="GOV")
ODESA = Place(text="Odesa", name="Odesa", lat=46.48, lon=30.73, country="UA")
ODESA_SUBURB = Place(text="Chornomorsk", name="Chornomorsk", lat=46.30, lon=30.65, country="UA")
KHARKIV = Place(text="Kharkiv", name="Kharkiv", lat=49.99, lon=36.23, country="UA")


def strike(
    doc_id: str,
    day: str = "2025-04-02",
    text: str = STRIKE,
    location: Place | None = ODESA,
    actor: tuple[Actor, ...] = (RUSSIA_MIL,),
    recipient: tuple[Actor, ...] = (UKRAINE,),
    **kw: object,
) -> Event:
    doc = make_doc(text, day, id=doc_id)
    return make_event(doc, "ASSAULT", "shelled", list(actor), list(recipient), location=location, **kw)


def test_syndicated_copies_form_one_cluster_with_their_mentions_and_sources() -> None:
    events = [strike("wire-a"), strike("wire-b", text=STRIKE_REWRITE), strike("wire-c")]
    [cluster] = cluster_events(events, urls={"wire-a": "https://a.example/1", "wire-c": "https://c.example/9"})
    assert cluster.event == "ASSAULT" and cluster.mention_count == 3
    assert sorted(cluster.mentions) == sorted(e.id for e in events)
    assert sorted(cluster.sources) == ["wire-a", "wire-b", "wire-c"]
    assert sorted(cluster.source_urls) == ["https://a.example/1", "https://c.example/9"]
    assert cluster.actor_codes == ["RUS"] and cluster.recipient_codes == ["UKR"]
    assert (cluster.date_start, cluster.date_end) == ("2025-04-02", "2025-04-02")
    assert cluster.location is not None and cluster.location.name == "Odesa"


def test_reports_a_day_apart_merge_but_two_days_apart_do_not() -> None:
    assert len(cluster_events([strike("a", "2025-04-02"), strike("b", "2025-04-03")])) == 1
    assert len(cluster_events([strike("a", "2025-04-02"), strike("b", "2025-04-04")])) == 2


def test_a_day_never_merges_with_a_whole_month() -> None:
    month = strike("b", date="2025-04", date_precision="month")
    assert len(cluster_events([strike("a"), month])) == 2
    assert len(cluster_events([month, strike("c", date="2025-04", date_precision="month")])) == 1


def test_nearby_places_merge_and_distant_ones_do_not() -> None:
    assert haversine_km(ODESA.lat, ODESA.lon, ODESA_SUBURB.lat, ODESA_SUBURB.lon) < 50  # type: ignore[arg-type]
    assert len(cluster_events([strike("a"), strike("b", location=ODESA_SUBURB)])) == 1
    assert len(cluster_events([strike("a"), strike("b", location=KHARKIV)])) == 2


def test_an_unknown_place_matches_any_place() -> None:
    assert len(cluster_events([strike("a"), strike("b", location=None)])) == 1


def test_different_types_do_not_merge() -> None:
    doc = make_doc(PROTEST, "2025-04-02", id="p")
    protest = make_event(doc, "PROTEST", "protested", [POLAND_CVL], [POLAND_GOV])
    assert len(cluster_events([protest, strike("a")])) == 2


def test_disjoint_actors_or_recipients_do_not_merge() -> None:
    other_actor = strike("b", actor=(Actor(text="Belarusian troops", code="BLR", sector="MIL"),))
    other_recipient = strike("c", recipient=(Actor(text="Moldova", code="MDA"),))
    assert len(cluster_events([strike("a"), other_actor])) == 2
    assert len(cluster_events([strike("a"), other_recipient])) == 2


def test_unknown_actors_never_match() -> None:
    unknown = (Actor(text="gunmen"),)
    assert len(cluster_events([strike("a", actor=unknown), strike("b", actor=unknown)])) == 2


def test_a_denial_is_not_merged_with_the_report_it_denies() -> None:
    assert len(cluster_events([strike("a"), strike("b", modality="negated")])) == 2


def test_matching_is_transitive_and_order_free() -> None:
    events = [strike("a", "2025-04-01"), strike("b", "2025-04-02"), strike("c", "2025-04-03")]
    forward, backward = cluster_events(events), cluster_events(list(reversed(events)))
    assert len(forward) == 1 and forward[0].mention_count == 3
    assert forward[0].id == backward[0].id
    assert (forward[0].date_start, forward[0].date_end) == ("2025-04-01", "2025-04-03")


def test_the_representative_is_the_most_confident_mention() -> None:
    events = [strike("a", confidence=0.6), strike("b", confidence=0.9)]
    [cluster] = cluster_events(events)
    assert cluster.representative.doc_id == "b"


def test_the_same_event_given_twice_counts_once() -> None:
    e = strike("a")
    [cluster] = cluster_events([e, e])
    assert cluster.mention_count == 1


def test_rules_are_configurable() -> None:
    events = [strike("a", "2025-04-02"), strike("b", "2025-04-05")]
    assert len(cluster_events(events, rules=MergeRules(max_days=3))) == 1


@pytest.mark.parametrize(
    ("date", "span"),
    [("2025-04-02", ("2025-04-02", "2025-04-02")), ("2024-02", ("2024-02-01", "2024-02-29")),
     ("2025", ("2025-01-01", "2025-12-31")), ("2025-W14", ("2025-03-31", "2025-04-06"))],
)
def test_date_span_covers_partial_dates(date: str, span: tuple[str, str]) -> None:
    got = date_span(date)
    assert got is not None and (got[0].isoformat(), got[1].isoformat()) == span


def test_an_unreadable_date_is_a_cluster_of_its_own() -> None:
    clusters = cluster_events([strike("a", date="sometime"), strike("b", date="sometime")])
    assert len(clusters) == 2 and clusters[0].date_start == "sometime"


def test_events_merged_prints_clusters_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "merged.duckdb"
    results = []
    for doc_id, text in (("wire-a", STRIKE), ("wire-b", STRIKE_REWRITE)):
        doc = make_doc(text, "2025-04-02", id=doc_id, url=f"https://news.example/{doc_id}")
        event = make_event(doc, "ASSAULT", "shelled", [RUSSIA_MIL], [UKRAINE], location=ODESA)
        results.append(DocumentResult(document=doc, sentences=make_sentences(doc), events=[event]))
    with Store(db) as store:
        store.write_batch(results, run_id="t")
    assert main(["events", "--db", str(db), "--merged", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    cluster = EventCluster.model_validate(json.loads(lines[0]))
    assert cluster.mention_count == 2
    assert cluster.source_urls == ["https://news.example/wire-a", "https://news.example/wire-b"]
    assert main(["events", "--db", str(db), "--merged"]) == 0
    assert "2 mentions" in capsys.readouterr().out
