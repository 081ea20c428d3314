"""Merge reports of the same real-world event, across sentences and articles, into clusters.

One strike reported by four outlets, or syndicated four times, is one event with four mentions, not
four events (the GDELT duplication problem).  :func:`cluster_events` groups events that agree on

* the **type** (and the modality: "X attacked" and "X did not attack" are not the same report),
* the **actors**: their known actor codes overlap (``UNK`` says nothing, so it never matches),
* the **recipients**: their known codes overlap, or neither side names one,
* the **date**: the days each date covers start and end within ``max_days`` (one) of each other, so a
  day matches the next day and a month matches the same month, but a day never matches a whole month,
* the **place**: within ``max_km`` (50 km) when both have coordinates; otherwise the same GeoNames id,
  or at least not two different countries.  An event with no place matches any place.

Matching is transitive (single linkage, through a union-find), so the result does not depend on the
order of the input; each cluster's id is derived from its members' ids, so it is stable across runs
and engines.  Comparisons are only made inside a (type, modality) block and a sliding window of dates,
so the work grows with the number of events per day, not with the square of all events.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from tidings.dates import date_span
from tidings.records import Event, Place, stable_id

if TYPE_CHECKING:
    from tidings.store import EventFilter, Store

UNKNOWN = "UNK"


class EventCluster(BaseModel):
    """One real-world event and every event record (mention) that reports it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    event: str
    mode: str | None = None
    quad: str
    modality: str
    actor_codes: list[str]
    recipient_codes: list[str] = Field(default_factory=list)
    date_start: str
    date_end: str
    location: Place | None = None
    mentions: list[str]
    """Ids of the member events, in (date, document, position) order."""
    mention_count: int
    sources: list[str]
    """Ids of the documents the mentions come from, each once."""
    source_urls: list[str] = Field(default_factory=list)
    """URLs of those documents, where known (``urls`` argument of :func:`cluster_events`)."""
    representative: Event
    """The member that best stands for the cluster: highest confidence, then the most precise date."""

    def to_json(self) -> str:
        return self.model_dump_json()


@dataclass(frozen=True)
class MergeRules:
    """The thresholds of :func:`cluster_events`; the defaults follow issue 9."""

    max_days: int = 1
    max_km: float = 50.0
    same_modality: bool = True


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 4, "range": 5, "year": 6,
                   "decade": 7, "document": 8}
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _known(codes: Iterable[str | None]) -> frozenset[str]:
    return frozenset(c for c in codes if c and c != UNKNOWN)


def same_place(a: Place | None, b: Place | None, max_km: float) -> bool:
    """Whether two event locations can be the same place (an unknown place matches anything)."""
    if a is None or b is None:
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return haversine_km(a.lat, a.lon, b.lat, b.lon) < max_km  # type: ignore[arg-type]
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return not (a.country and b.country and a.country != b.country)


@dataclass
class _Item:
    event: Event
    span: tuple[dt.date, dt.date] | None
    actors: frozenset[str]
    recipients: frozenset[str]


def _match(x: _Item, y: _Item, rules: MergeRules) -> bool:
    assert x.span is not None and y.span is not None
    if any(abs((a - b).days) > rules.max_days for a, b in zip(x.span, y.span, strict=True)):
        return False
    if not (x.actors & y.actors):
        return False
    if (x.recipients or y.recipients) and not (x.recipients & y.recipients):
        return False
    return same_place(x.event.location, y.event.location, rules.max_km)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _representative(events: Sequence[Event]) -> Event:
    return min(
        events,
        key=lambda e: (-e.confidence, _PRECISION_RANK.get(e.date_precision, 9), *_order(e)),
    )


def _first(item: _Item) -> dt.date:
    assert item.span is not None
    return item.span[0]


def _order(e: Event) -> tuple[str, str, int, str]:
    return (e.date, e.doc_id, e.start, e.id)


def _cluster(members: list[_Item], urls: Mapping[str, str]) -> EventCluster:
    events = sorted((m.event for m in members), key=_order)
    rep = _representative(events)
    modes = Counter(e.mode for e in events if e.mode)
    mode = min(modes, key=lambda m: (-modes[m], m)) if modes else None
    actors = sorted(set().union(*(m.actors for m in members)))
    recipients = sorted(set().union(*(m.recipients for m in members)))
    sources = list(dict.fromkeys(e.doc_id for e in events))
    located = [e for e in events if e.location is not None]
    location = rep.location if rep.location is not None else (located[0].location if located else None)
    spans = [m.span for m in members if m.span is not None]
    return EventCluster(
        id=stable_id("cluster", *sorted(e.id for e in events)),
        event=rep.event,
        mode=mode,
        quad=rep.quad,
        modality=rep.modality,
        actor_codes=actors,
        recipient_codes=recipients,
        date_start=min(s[0] for s in spans).isoformat() if spans else rep.date,
        date_end=max(s[1] for s in spans).isoformat() if spans else rep.date,
        location=location,
        mentions=[e.id for e in events],
        mention_count=len(events),
        sources=sources,
        source_urls=[urls[s] for s in sources if urls.get(s)],
        representative=rep,
    )


def cluster_events(
    events: Iterable[Event],
    urls: Mapping[str, str] | None = None,
    rules: MergeRules | None = None,
) -> list[EventCluster]:
    """Group events reporting the same real-world event; every event ends up in exactly one cluster.

    ``urls`` maps document ids to URLs for the clusters' ``source_urls``.  Events whose date cannot be
    read become clusters of their own.  Clusters come back ordered by first date, then id.  The same
    event id given twice counts once.
    """
    rules = rules or MergeRules()
    urls = urls or {}
    unique = {e.id: e for e in events}
    items: list[_Item] = []
    loners: list[_Item] = []
    for e in unique.values():
        span = date_span(e.date)
        item = _Item(
            e,
            span,
            _known(a.code for a in e.actor),
            _known(r.code for r in e.recipient),
        )
        (items if span is not None and item.actors else loners).append(item)

    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        blocks[(item.event.event, item.event.modality if rules.same_modality else "")].append(i)
    uf = _UnionFind(len(items))
    for idx in blocks.values():
        idx.sort(key=lambda i: (_first(items[i]), items[i].event.id))
        for pos, i in enumerate(idx):
            for j in idx[pos + 1 :]:
                if (_first(items[j]) - _first(items[i])).days > rules.max_days:
                    break
                if _match(items[i], items[j], rules):
                    uf.union(i, j)

    groups: dict[int, list[_Item]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[uf.find(i)].append(item)
    clusters = [_cluster(members, urls) for members in groups.values()]
    clusters += [_cluster([item], urls) for item in loners]
    clusters.sort(key=lambda c: (c.date_start, c.id))
    return clusters


def clusters_from_store(store: Store, flt: EventFilter | None = None) -> list[EventCluster]:
    """Cluster the stored events matching ``flt``, with their documents' URLs as sources.

    What ``tidings events --merged`` prints and what ``/api/clusters`` can return.
    """
    events = store.events(flt)
    doc_ids = sorted({e.doc_id for e in events})
    urls: dict[str, str] = {}
    if doc_ids:
        rows = store.con.execute(
            "SELECT id, url FROM documents WHERE list_contains(?, id) AND url IS NOT NULL", [doc_ids]
        ).fetchall()
        urls = {r[0]: r[1] for r in rows}
    return cluster_events(events, urls=urls)
