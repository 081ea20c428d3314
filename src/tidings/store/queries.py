"""Read-only aggregations over a :class:`~tidings.store.Store`: what the explorer's charts count.

Each function takes an open store and an :class:`~tidings.store.EventFilter`, so the charts, the event
table and ``tidings events`` always count the same events.  Parameters are bound, never formatted into
SQL; the only fragments built in code come from fixed tables below (never from user input).

An actor is identified by its resolved name where the resolver found one, else by its code: that is the
value ``EventFilter.actor`` accepts, so a click on a node of the network filters on exactly that actor.
An actor the text does not name (code ``UNK``, no name) is nobody in particular: the aggregates leave it
out rather than draw every unnamed actor as one hub.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from tidings.records import QUAD_CODES, DocumentResult, Quote, Sentence
from tidings.store.db import EventFilter, Store

Interval = Literal["day", "week", "month"]

UNKNOWN = "UNK"

_TRUNC: dict[str, str] = {
    "day": "date_trunc('day', day)",
    "week": "date_trunc('week', day)",  # ISO weeks: Monday first
    "month": "date_trunc('month', day)",
}
"""Interval -> SQL expression; looked up from a closed set, so no user text reaches the query."""


class ActorCount(BaseModel):
    """How often an actor appears, as the one acting and as the one acted upon."""

    key: str = Field(description="the value to pass as `actor=`/`recipient=`: resolved name, else code")
    name: str | None = None
    code: str
    as_actor: int
    as_recipient: int
    total: int
    mean_quad: float | None = Field(
        None, description="mean quad code (1 verbal coop .. 4 material conflict) of its events"
    )


class DyadCount(BaseModel):
    """Events from one actor to one recipient in one month."""

    month: str = Field(description="YYYY-MM")
    actor: str
    actor_code: str
    recipient: str
    recipient_code: str
    count: int
    mean_quad: float


class TimelineBucket(BaseModel):
    """Events of one quad in one period; ``period`` is the period's first day (ISO date)."""

    period: str
    quad: str
    count: int


def _where(flt: EventFilter | None, *extra: str) -> tuple[str, list[Any]]:
    """The filter's WHERE clause, with fixed extra conditions ANDed in."""
    where, params = (flt or EventFilter()).where()
    clauses = [where.removeprefix(" WHERE ")] if where else []
    clauses += list(extra)
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


def _quad_code_sql() -> tuple[str, list[Any]]:
    """``CASE quad WHEN ? THEN ? ... END`` with the quad codes bound as parameters."""
    whens = " ".join("WHEN ? THEN ?" for _ in QUAD_CODES)
    params: list[Any] = []
    for quad, code in QUAD_CODES.items():
        params += [quad, code]
    return f"CASE quad {whens} END", params


def _rows(store: Store, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return store.con.execute(sql, params).fetchall()


def actor_counts(store: Store, flt: EventFilter | None = None, limit: int = 100) -> list[ActorCount]:
    """Actors of the filtered events, most frequent first."""
    where, wparams = _where(flt)
    quad_sql, qparams = _quad_code_sql()
    sql = f"""
        WITH f AS (
            SELECT id, {quad_sql} AS q, actor_codes, actor_names, recipient_codes, recipient_names
            FROM events{where}
        ),
        roles AS (
            SELECT unnest(actor_codes) AS code, unnest(actor_names) AS name, q, 1 AS a, 0 AS r FROM f
            UNION ALL
            SELECT unnest(recipient_codes), unnest(recipient_names), q, 0, 1 FROM f
        )
        SELECT coalesce(nullif(name, ''), code) AS key, any_value(nullif(name, '')) AS name,
               any_value(code) AS code, sum(a) AS as_actor, sum(r) AS as_recipient, count(*) AS total,
               avg(q) AS mean_quad
        FROM roles
        WHERE coalesce(nullif(name, ''), code) NOT IN ('', ?)
        GROUP BY key
        ORDER BY total DESC, key
        LIMIT ?
    """
    rows = _rows(store, sql, [*qparams, *wparams, UNKNOWN, int(limit)])
    return [
        ActorCount(
            key=r[0], name=r[1], code=r[2] or "UNK", as_actor=int(r[3]), as_recipient=int(r[4]),
            total=int(r[5]), mean_quad=float(r[6]) if r[6] is not None else None,
        )
        for r in rows
    ]


def dyad_counts(store: Store, flt: EventFilter | None = None, limit: int = 5000) -> list[DyadCount]:
    """Actor -> recipient pairs of the filtered events, counted by month.

    An event with two actors and one recipient counts once for each pair; events without a usable date
    (``day`` null) are left out, because they belong to no month.
    """
    where, wparams = _where(flt, "day IS NOT NULL")
    quad_sql, qparams = _quad_code_sql()
    sql = f"""
        WITH f AS (
            SELECT id, day, {quad_sql} AS q, actor_codes, actor_names, recipient_codes, recipient_names
            FROM events{where}
        ),
        a AS (SELECT id, day, q, unnest(actor_codes) AS code, unnest(actor_names) AS name FROM f),
        r AS (SELECT id, unnest(recipient_codes) AS code, unnest(recipient_names) AS name FROM f)
        SELECT strftime(date_trunc('month', a.day), '%Y-%m') AS month,
               coalesce(nullif(a.name, ''), a.code) AS actor, any_value(a.code) AS actor_code,
               coalesce(nullif(r.name, ''), r.code) AS recipient, any_value(r.code) AS recipient_code,
               count(*) AS n, avg(a.q) AS mean_quad
        FROM a JOIN r ON a.id = r.id
        WHERE coalesce(nullif(a.name, ''), a.code) NOT IN ('', ?)
          AND coalesce(nullif(r.name, ''), r.code) NOT IN ('', ?)
        GROUP BY month, actor, recipient
        ORDER BY month, n DESC, actor, recipient
        LIMIT ?
    """
    rows = _rows(store, sql, [*qparams, *wparams, UNKNOWN, UNKNOWN, int(limit)])
    return [
        DyadCount(
            month=r[0], actor=r[1], actor_code=r[2] or "UNK", recipient=r[3],
            recipient_code=r[4] or "UNK", count=int(r[5]), mean_quad=float(r[6]),
        )
        for r in rows
    ]


def timeline(
    store: Store, flt: EventFilter | None = None, interval: Interval = "month"
) -> list[TimelineBucket]:
    """Event counts per period and quad, oldest first; undated events are left out."""
    trunc = _TRUNC[interval]
    where, params = _where(flt, "day IS NOT NULL")
    sql = f"""
        SELECT strftime(CAST({trunc} AS DATE), '%Y-%m-%d') AS period, quad, count(*) AS n
        FROM events{where}
        GROUP BY period, quad
        ORDER BY period, quad
    """
    return [TimelineBucket(period=r[0], quad=r[1], count=int(r[2])) for r in _rows(store, sql, params)]


def date_span(store: Store, flt: EventFilter | None = None) -> tuple[str | None, str | None]:
    """First and last event day of the filtered events (ISO dates), or ``(None, None)``."""
    where, params = _where(flt, "day IS NOT NULL")
    row = store.con.execute(f"SELECT min(day), max(day) FROM events{where}", params).fetchone()
    if not row or row[0] is None:
        return None, None
    return row[0].isoformat(), row[1].isoformat()


def places_geojson(store: Store, flt: EventFilter | None = None, limit: int = 5000) -> dict[str, Any]:
    """The filtered events that have coordinates, as a GeoJSON FeatureCollection of points.

    One feature per event (not per place) so that the map can cluster and colour them by quad; the
    ``total`` foreign member says how many located events matched before ``limit`` cut the list.
    """
    where, params = _where(flt, "lat IS NOT NULL", "lon IS NOT NULL")
    total_row = store.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()
    sql = f"""
        SELECT id, doc_id, event, quad, date, modality, place_name, place_country, lat, lon
        FROM events{where}
        ORDER BY day NULLS LAST, doc_id, start, id
        LIMIT ?
    """
    features = []
    for r in _rows(store, sql, [*params, int(limit)]):
        features.append(
            {
                "type": "Feature",
                "id": r[0],
                "geometry": {"type": "Point", "coordinates": [r[9], r[8]]},
                "properties": {
                    "event_id": r[0], "doc_id": r[1], "event": r[2], "quad": r[3], "date": r[4],
                    "modality": r[5], "place": r[6], "country": r[7],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "total": int(total_row[0]) if total_row else 0,
        "features": features,
    }


def sentence_of(store: Store, doc_id: str, start: int) -> tuple[int, int] | None:
    """The span of the stored sentence containing character ``start`` of a document, if any."""
    row = store.con.execute(
        'SELECT start, "end" FROM sentences WHERE doc_id = ? AND start <= ? AND "end" > ? '
        "ORDER BY start DESC LIMIT 1",
        [doc_id, int(start), int(start)],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def latest_run(store: Store) -> dict[str, Any] | None:
    """The most recently started run, or None for a store written without runs."""
    rows = store._dicts("SELECT * FROM runs ORDER BY started_at DESC LIMIT 1")
    return rows[0] if rows else None


def fingerprint(store: Store) -> str:
    """A string that changes whenever the store's content may have changed.

    Derived indexes (the full-text index) compare it to decide whether to rebuild.  It combines the latest
    run with row counts and the newest ingest time, because stores written straight through
    ``write_batch`` (tests, notebooks) have no run.
    """
    row = store.con.execute(
        """
        SELECT (SELECT count(*) FROM documents), (SELECT max(ingested_at) FROM documents),
               (SELECT count(*) FROM events), (SELECT count(*) FROM quotes),
               (SELECT count(*) FROM sentences),
               (SELECT max(started_at) FROM runs), (SELECT max(finished_at) FROM runs),
               (SELECT count(*) FROM runs)
        """
    ).fetchone()
    return "|".join("" if v is None else str(v) for v in (row or ()))


def document_result(store: Store, doc_id: str) -> DocumentResult | None:
    """Everything stored for one document, as the pipeline's :class:`DocumentResult`."""
    document = store.document(doc_id)
    if document is None:
        return None
    sentences = [
        Sentence(doc_id=doc_id, index=r[0], start=r[1], end=r[2], text=r[3])
        for r in _rows(
            store, 'SELECT idx, start, "end", text FROM sentences WHERE doc_id = ? ORDER BY idx', [doc_id]
        )
    ]
    return DocumentResult(
        document=document,
        sentences=sentences,
        events=store.events(EventFilter(doc_id=doc_id)),
        timexes=store.timexes(doc_id),
        places=store.places(doc_id),
        quotes=store.quotes(doc_id=doc_id),
    )


def quote(store: Store, quote_id: str) -> Quote | None:
    """One quote by id."""
    row = store.con.execute("SELECT record FROM quotes WHERE id = ?", [quote_id]).fetchone()
    return Quote.model_validate_json(row[0]) if row else None


def quotes_page(
    store: Store,
    speaker: str | None = None,
    doc_id: str | None = None,
    ids: Sequence[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Quote]]:
    """Quotes matching the filters, with their total before paging.

    ``speaker`` matches the speaker's words or resolved name (case-insensitive substring); ``ids``
    restricts to the given quotes and keeps their order (the full-text search's ranking).
    """
    clauses: list[str] = []
    params: list[Any] = []
    if speaker:
        pattern = "%" + speaker.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        clauses.append(r"(speaker_name ILIKE ? ESCAPE '\' OR speaker_text ILIKE ? ESCAPE '\')")
        params += [pattern, pattern]
    if doc_id:
        clauses.append("doc_id = ?")
        params.append(doc_id)
    order = "doc_id, id"
    if ids is not None:
        clauses.append("list_contains(?, id)")
        params.append(list(ids))
        order = "list_position(?, id), id"
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    total_row = store.con.execute(f"SELECT count(*) FROM quotes{where}", params).fetchone()
    order_params = [list(ids)] if ids is not None else []
    rows = _rows(
        store,
        f"SELECT record FROM quotes{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, *order_params, int(limit), int(offset)],
    )
    return (int(total_row[0]) if total_row else 0), [Quote.model_validate_json(r[0]) for r in rows]


def document_urls(store: Store, doc_ids: Iterable[str]) -> dict[str, str]:
    """Document id -> URL for the given documents that have one."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    rows = _rows(store, "SELECT id, url FROM documents WHERE list_contains(?, id) AND url IS NOT NULL", [ids])
    return {r[0]: r[1] for r in rows}
