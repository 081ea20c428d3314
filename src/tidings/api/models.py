"""Response models of the HTTP API.

Records travel as the codebook's own models (:mod:`tidings.records`), so an event from ``/api/events`` has
exactly the bytes ``tidings events --format jsonl`` prints; the models here only wrap them (pages, the
event view) or describe aggregates that have no record of their own.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from tidings.records import Document, Event, Quote, TextSpan


class Health(BaseModel):
    """What the server is serving: enough for a user to tell which store and which run they look at."""

    status: Literal["ok"] = "ok"
    version: str
    store: str = Field(description="file name of the store")
    schema_version: int
    documents: int
    events: int
    latest_run: dict[str, Any] | None = None
    explorer: bool = Field(description="whether the page's JavaScript dependencies are installed")


class EventPage(BaseModel):
    """One page of events matching the filters; ``total`` counts all matches."""

    total: int
    limit: int
    offset: int
    items: list[Event]


class QuotePage(BaseModel):
    """One page of quotes matching the filters; ``total`` counts all matches."""

    total: int
    limit: int
    offset: int
    items: list[Quote]


class EventDetail(BaseModel):
    """An event with its evidence: the document, and the spans of it to highlight.

    ``sentence`` is the stored sentence containing the event (offsets into ``document.text``), falling back
    to the event's own span; ``trigger`` is the word that coded it; ``quote`` is the reported speech the
    event was coded from, when it was.
    """

    event: Event
    document: Document
    sentence: TextSpan
    trigger: TextSpan
    quote: Quote | None = None


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude]")


class EventFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Point
    properties: dict[str, Any] = Field(
        description="event_id, doc_id, event, quad, date, modality, place, country"
    )


class EventFeatureCollection(BaseModel):
    """Located events as GeoJSON; ``total`` is a foreign member counting matches before the limit."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    total: int
    features: list[EventFeature]


class DateSpan(BaseModel):
    first: str | None
    last: str | None
