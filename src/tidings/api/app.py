"""The explorer's HTTP API: a read-only FastAPI app over one store.

``create_app(db_path)`` builds the app; nothing is global.  Each request gets its own read-only
:class:`~tidings.store.Store` through the :func:`get_store` dependency and closes it when the response is
sent, so the server holds no lock on the file between requests (``tidings ingest`` can write while the
explorer is open, and the next request sees the new data).  Tests swap the dependency with
``app.dependency_overrides``.

Every query parameter is declared with its type and bounds, so a malformed value is answered with 422 and
the offending field named in ``detail[].loc``, before any query runs; values reach DuckDB only as bound
parameters.

(No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations at run time.)
"""

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator

from tidings import __version__
from tidings.api.models import (
    EventDetail,
    EventFeatureCollection,
    EventPage,
    Health,
    QuotePage,
)
from tidings.api.search import SearchIndex, SearchSyntaxError, SentenceHit
from tidings.merge import EventCluster, cluster_events
from tidings.records import EVENT_TYPES, QUAD_CODES, QUADS, DocumentResult, Modality, TextSpan
from tidings.store import EventFilter, Store, StoreError, queries, resolve_db_path

MAX_PAGE = 500
"""The largest page ``/api/events`` and ``/api/quotes`` serve; ask for more pages, not bigger ones."""
MAX_POINTS = 20000
"""The most rows an aggregate answers with: located events on the map, dyads, events to cluster."""
MAX_OFFSET = 10_000_000

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
QuadName = Literal[tuple(QUAD_CODES)]  # type: ignore[valid-type]


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


@dataclass
class Settings:
    """What one app serves; kept on ``app.state.settings``."""

    db_path: Path
    search: SearchIndex
    node_modules: Path | None


def validation_error(field: str, message: str, value: object) -> RequestValidationError:
    """A 422 for a parameter that passed its type but not a rule spanning the request."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", field), "msg": message, "input": value}]
    )


# -- dependencies ----------------------------------------------------------------------------------


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_store(settings: Annotated[Settings, Depends(get_settings)]) -> Iterator[Store]:
    """A read-only store for the duration of one request."""
    try:
        store = Store(settings.db_path, read_only=True)
    except StoreError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def search_ids(settings: Settings, store: Store, q: str) -> list[str]:
    try:
        return settings.search.event_ids(store, q)
    except SearchSyntaxError as exc:
        raise validation_error("q", str(exc), q) from None


def event_filter(
    store: StoreDep,
    settings: SettingsDep,
    type: Annotated[
        EventType | None,
        BeforeValidator(_upper),
        Query(description="PLOVER event type, e.g. ASSAULT (case-insensitive)"),
    ] = None,
    quad: Annotated[QuadName | None, Query(description="quad of the event type")] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="actor code (RUS) or resolved name")
    ] = None,
    recipient: Annotated[
        str | None, Query(max_length=200, description="recipient code or resolved name")
    ] = None,
    country: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z]{3}$",
            description="ISO 3166-1 alpha-3 (or PLOVER) code of an actor, a recipient or the place",
        ),
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name (exact, any case)")] = None,
    since: Annotated[dt.date | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[dt.date | None, Query(description="last day, YYYY-MM-DD")] = None,
    modality: Annotated[Modality | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="words that must all occur in the sentence or its quote"),
    ] = None,
) -> EventFilter:
    """The event filters every event endpoint shares, validated once."""
    if since and until and since > until:
        raise validation_error("until", f"until ({until}) is before since ({since})", str(until))
    flt = EventFilter(
        type=type, quad=quad, actor=actor, recipient=recipient, country=country, place=place,
        since=since, until=until, modality=modality,
    )
    if q is not None and q.strip():
        flt.ids = search_ids(settings, store, q)
    return flt


FilterDep = Annotated[EventFilter, Depends(event_filter)]


# -- app -------------------------------------------------------------------------------------------


class Codebook(BaseModel):
    """Event type -> quad, and quad -> quad code (1 verbal cooperation .. 4 material conflict)."""

    event_types: dict[str, str]
    quads: dict[str, int]


class Timeline(BaseModel):
    """Event counts per period and quad; ``interval`` is the one used (``auto`` resolved)."""

    interval: Literal["day", "week", "month"]
    first: str | None
    last: str | None
    buckets: list[queries.TimelineBucket]


def _auto_interval(first: str | None, last: str | None) -> Literal["day", "week", "month"]:
    """Days for up to four months, weeks for up to two years, months beyond: 20-120 bars."""
    if not first or not last:
        return "month"
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    if days <= 120:
        return "day"
    if days <= 730:
        return "week"
    return "month"


def create_app(
    db_path: str | os.PathLike[str] | None = None,
    *,
    node_modules: str | os.PathLike[str] | None = None,
    search_index: SearchIndex | None = None,
) -> FastAPI:
    """The API and the explorer page over the store at ``db_path`` (``--db`` rules apply).

    ``node_modules`` is where ``npm ci`` put the page's JavaScript dependencies (default: found by
    :func:`tidings.web.find_node_modules`); ``search_index`` overrides where the full-text index lives.
    """
    from tidings import web

    path = resolve_db_path(db_path)
    modules = web.find_node_modules(node_modules)
    app = FastAPI(
        title="tidings explorer API",
        version=__version__,
        description="Read-only access to a tidings store: PLOVER events with the sentences they were "
        "coded from, their actors, places, dates and quotes.",
    )
    app.state.settings = Settings(
        db_path=path, search=search_index or SearchIndex.beside(path), node_modules=modules
    )

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.get("/api/health", response_model=Health, tags=["meta"])
    def health(store: StoreDep, settings: SettingsDep) -> Health:
        """Which store is served, how much it holds and which run last wrote it."""
        return Health(
            version=__version__,
            store=settings.db_path.name,
            schema_version=store.schema_version(),
            documents=store.count_documents(),
            events=store.count_events(),
            latest_run=queries.latest_run(store),
            explorer=settings.node_modules is not None,
        )

    @app.get("/api/codebook", response_model=Codebook, tags=["meta"])
    def codebook() -> Codebook:
        """The event types and quads the filters accept (from :mod:`tidings.records`)."""
        return Codebook(event_types=dict(QUADS), quads=dict(QUAD_CODES))

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def events(
        store: StoreDep,
        flt: FilterDep,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> EventPage:
        """Events matching the filters, in date order, with the total number of matches."""
        return EventPage(
            total=store.count_events(flt),
            limit=limit,
            offset=offset,
            items=store.events(flt, limit=limit, offset=offset),
        )

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"])
    def event_detail(
        store: StoreDep, event_id: Annotated[str, PathParam(max_length=64)]
    ) -> EventDetail:
        """One event with its document and the sentence and trigger spans to highlight."""
        found = store.events(EventFilter(ids=[event_id]), limit=1)
        if not found:
            raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
        event = found[0]
        document = store.document(event.doc_id)
        if document is None:  # pragma: no cover - write_batch stores both or neither
            raise HTTPException(status_code=404, detail=f"no document {event.doc_id!r}")
        span = queries.sentence_of(store, event.doc_id, event.start) or (event.start, event.end)
        sentence = TextSpan(text=document.text[span[0] : span[1]], start=span[0], end=span[1])
        quote = queries.quote(store, event.quote_id) if event.quote_id else None
        return EventDetail(
            event=event, document=document, sentence=sentence, trigger=event.trigger, quote=quote
        )

    @app.get("/api/actors", response_model=list[queries.ActorCount], tags=["aggregates"])
    def actors(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100
    ) -> list[queries.ActorCount]:
        """Actors and recipients of the matching events, most frequent first."""
        return queries.actor_counts(store, flt, limit=limit)

    @app.get("/api/dyads", response_model=list[queries.DyadCount], tags=["aggregates"])
    def dyads(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 5000
    ) -> list[queries.DyadCount]:
        """Actor -> recipient event counts by month, with the mean quad of each pair's events."""
        return queries.dyad_counts(store, flt, limit=limit)

    @app.get("/api/timeline", response_model=Timeline, tags=["aggregates"])
    def timeline_(
        store: StoreDep,
        flt: FilterDep,
        interval: Annotated[Literal["auto", "day", "week", "month"], Query()] = "auto",
    ) -> Timeline:
        """Event counts per day, week or month by quad (``auto`` picks from the date span)."""
        first, last = queries.date_span(store, flt)
        chosen = _auto_interval(first, last) if interval == "auto" else interval
        return Timeline(
            interval=chosen, first=first, last=last, buckets=queries.timeline(store, flt, chosen)
        )

    @app.get("/api/places", response_model=EventFeatureCollection, tags=["aggregates"])
    def places(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 5000
    ) -> dict[str, Any]:
        """Located events as a GeoJSON FeatureCollection of points ([lon, lat])."""
        return queries.places_geojson(store, flt, limit=limit)

    @app.get("/api/quotes", response_model=QuotePage, tags=["quotes"])
    def quotes(
        store: StoreDep,
        settings: SettingsDep,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        doc_id: Annotated[str | None, Query(max_length=64)] = None,
        q: Annotated[str | None, Query(max_length=200, description="words of the quote or speaker")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> QuotePage:
        """Reported speech, filtered by speaker, document or words (best matches first)."""
        ids = None
        if q is not None and q.strip():
            try:
                ids = settings.search.quote_ids(store, q)
            except SearchSyntaxError as exc:
                raise validation_error("q", str(exc), q) from None
        total, items = queries.quotes_page(
            store, speaker=speaker, doc_id=doc_id, ids=ids, limit=limit, offset=offset
        )
        return QuotePage(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/sentences", response_model=list[SentenceHit], tags=["search"])
    def sentences(
        store: StoreDep,
        settings: SettingsDep,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> list[SentenceHit]:
        """Full-text search over every stored sentence, event or not (BM25 ranking)."""
        try:
            return settings.search.sentences(store, q, limit=limit)
        except SearchSyntaxError as exc:
            raise validation_error("q", str(exc), q) from None

    @app.get("/api/documents/{doc_id}", response_model=DocumentResult, tags=["documents"])
    def document(store: StoreDep, doc_id: Annotated[str, PathParam(max_length=64)]) -> DocumentResult:
        """A document with everything coded from it: sentences, events, dates, places, quotes."""
        result = queries.document_result(store, doc_id)
        if result is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
        return result

    _add_clusters(app)
    web.mount_explorer(app, modules)
    return app


def _add_clusters(app: FastAPI) -> None:
    """``/api/clusters``: one real event reported by many articles, merged by :mod:`tidings.merge`."""

    @app.get("/api/clusters", response_model=list[EventCluster], tags=["events"])
    def clusters(
        store: StoreDep, flt: FilterDep, limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 5000
    ) -> list[EventCluster]:
        """The matching events (the first ``limit`` in date order) merged across articles.

        Merging is ``tidings.merge.cluster_events``, the same as ``tidings events --merged``; the
        clusters' ``source_urls`` come from the documents.
        """
        events = store.events(flt, limit=limit)
        urls = queries.document_urls(store, {e.doc_id for e in events})
        return cluster_events(events, urls=urls)
