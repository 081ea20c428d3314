"""DuckDB-backed store.

One :class:`Store` wraps one DuckDB connection, passed around explicitly.  Writes go through
:meth:`Store.write_batch`, which replaces every record of the batch's documents inside one transaction:
re-ingesting a document never duplicates it, and a batch that fails midway leaves the store as it was.
Queries bind their parameters; nothing a user types is formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tidings.dates import first_day
from tidings.records import Document, DocumentResult, Event, Place, Quote, Timex, stable_id
from tidings.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "tidings.duckdb"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which file and why."""


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """``--db`` if given, else ``$TIDINGS_DB``, else ``./tidings.duckdb``."""
    return Path(db or os.environ.get("TIDINGS_DB") or DEFAULT_DB)


@dataclass
class EventFilter:
    """Filters shared by ``tidings events``, the Python API and the HTTP API."""

    type: str | None = None
    quad: str | None = None
    actor: str | None = None
    recipient: str | None = None
    country: str | None = None
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    modality: str | None = None
    doc_id: str | None = None
    text: str | None = None
    ids: Sequence[str] | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.type:
            clauses.append("event = ?")
            params.append(self.type.upper())
        if self.quad:
            clauses.append("quad = ?")
            params.append(self.quad)
        if self.actor:
            clauses.append("(list_contains(actor_codes, ?) OR list_contains(actor_names, ?))")
            params += [self.actor.upper(), self.actor]
        if self.recipient:
            clauses.append("(list_contains(recipient_codes, ?) OR list_contains(recipient_names, ?))")
            params += [self.recipient.upper(), self.recipient]
        if self.country:
            clauses.append(
                "(list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?) OR place_country = ?)"
            )
            params += [self.country.upper()] * 3
        if self.place:
            clauses.append("lower(place_name) = lower(?)")
            params.append(self.place)
        if self.since:
            clauses.append("day >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("day <= ?")
            params.append(self.until)
        if self.modality:
            clauses.append("modality = ?")
            params.append(self.modality)
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        if self.text:
            # DuckDB's LIKE has no default escape character: name one, or "100%" never matches.
            clauses.append("sentence ILIKE ? ESCAPE '\\'")
            escaped = self.text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
            params.append("%" + escaped + "%")
        if self.ids is not None:
            clauses.append("list_contains(?, id)")
            params.append(list(self.ids))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class Store:
    """An open tidings store.  Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False) -> None:
        self.path = resolve_db_path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `tidings ingest` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc
        if not read_only:
            self.migrate()

    # -- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP)"
        )
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, dt.datetime.now()]
                )
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- runs ------------------------------------------------------------------------------------

    def begin_run(self, engine: str, lexicon_version: str | None, model: str) -> str:
        from tidings import __version__

        started = dt.datetime.now()
        run_id = stable_id(started.isoformat(), os.getpid())
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, ?, 0, 0, 'running')",
            [run_id, started, __version__, lexicon_version, model, engine],
        )
        return run_id

    def finish_run(self, run_id: str, n_documents: int, n_events: int, status: str = "done") -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, n_documents = ?, n_events = ?, status = ? WHERE id = ?",
            [dt.datetime.now(), n_documents, n_events, status, run_id],
        )

    def runs(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM runs ORDER BY started_at")

    # -- writes ----------------------------------------------------------------------------------

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def write_batch(self, results: Sequence[DocumentResult], run_id: str | None = None) -> int:
        """Store a batch atomically, replacing earlier records of the same documents.

        Returns the number of events written.  On any error the transaction is rolled back and the
        store holds exactly what it held before the call.
        """
        if not results:
            return 0
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        # A document appearing twice in one batch keeps its last version.
        by_id = {r.document.id: r for r in results}
        results = list(by_id.values())
        ids = list(by_id)
        tables = _batch_tables(results, run_id)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("events", "sentences", "timexes", "places", "quotes", "documents"):
                key = "id" if table == "documents" else "doc_id"
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, {key})", [ids])
            for table, arrow in tables.items():
                if arrow.num_rows:
                    con.register("_batch", arrow)
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
                    con.unregister("_batch")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return tables["events"].num_rows

    # -- reads -----------------------------------------------------------------------------------

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = (flt or EventFilter()).where()
        row = self.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()
        return int(row[0]) if row else 0

    def events(
        self, flt: EventFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Event]:
        """Events matching ``flt`` in a stable order (date, document, position)."""
        where, params = (flt or EventFilter()).where()
        sql = f'SELECT record FROM events{where} ORDER BY day NULLS LAST, doc_id, start, id'
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, int(limit), int(offset)]
        return [Event.model_validate_json(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def events_frame(self, flt: EventFilter | None = None) -> Any:
        """The events' flat columns as a pandas DataFrame (for notebooks)."""
        where, params = (flt or EventFilter()).where()
        return self.con.execute(
            f"SELECT * EXCLUDE (record) FROM events{where} ORDER BY day, doc_id, start", params
        ).df()

    def document(self, doc_id: str) -> Document | None:
        rows = self._dicts(
            "SELECT id, date, title, url, source, origin, text FROM documents WHERE id = ?", [doc_id]
        )
        return Document.model_validate(rows[0]) if rows else None

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]

    def count_documents(self) -> int:
        row = self.con.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def quotes(
        self, speaker: str | None = None, doc_id: str | None = None, limit: int | None = None
    ) -> list[Quote]:
        clauses, params = [], []
        if speaker:
            clauses.append("(speaker_name ILIKE ? OR speaker_text ILIKE ?)")
            params += [f"%{speaker}%", f"%{speaker}%"]
        if doc_id:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT record FROM quotes{where} ORDER BY doc_id, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [Quote.model_validate_json(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def places(self, doc_id: str | None = None) -> list[Place]:
        sql, params = "SELECT record FROM places", []
        if doc_id:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id, start"
        return [Place.model_validate_json(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def timexes(self, doc_id: str | None = None) -> list[Timex]:
        sql, params = "SELECT record FROM timexes", []
        if doc_id:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id, start"
        return [Timex.model_validate_json(r[0]) for r in self.con.execute(sql, params).fetchall()]


def _codes(actors: Sequence[Any], attr: str) -> list[str]:
    return [getattr(a, attr) or "" for a in actors]


def _batch_tables(results: Sequence[DocumentResult], run_id: str | None) -> dict[str, pa.Table]:
    now = dt.datetime.now()
    docs: dict[str, list[Any]] = {
        k: [] for k in ("id", "date", "title", "url", "source", "origin", "text", "run_id", "ingested_at")
    }
    sents: dict[str, list[Any]] = {k: [] for k in ("doc_id", "idx", "start", "end", "text")}
    events: dict[str, list[Any]] = {
        k: []
        for k in (
            "id", "doc_id", "event", "mode", "context", "quad", "actor_codes", "actor_sectors",
            "actor_names", "recipient_codes", "recipient_sectors", "recipient_names", "date",
            "date_precision", "day", "modality", "place_name", "place_country", "lat", "lon",
            "sentence", "start", "end", "confidence", "rule", "cameo", "quote_id", "lexicon_version",
            "record",
        )
    }
    timexes: dict[str, list[Any]] = {
        k: [] for k in ("doc_id", "start", "end", "text", "type", "value", "mod", "record")
    }
    places: dict[str, list[Any]] = {
        k: []
        for k in (
            "doc_id", "start", "end", "text", "name", "geonameid", "lat", "lon", "country", "admin1",
            "feature", "record",
        )
    }
    quotes: dict[str, list[Any]] = {
        k: []
        for k in (
            "id", "doc_id", "speaker_text", "speaker_name", "speaker_code", "speaker_sector", "content",
            "direct", "record",
        )
    }
    for res in results:
        d = res.document
        for k, v in (
            ("id", d.id), ("date", d.date), ("title", d.title), ("url", d.url), ("source", d.source),
            ("origin", d.origin), ("text", d.text), ("run_id", run_id), ("ingested_at", now),
        ):
            docs[k].append(v)
        for s in res.sentences:
            for k, v in (("doc_id", d.id), ("idx", s.index), ("start", s.start), ("end", s.end),
                         ("text", s.text)):
                sents[k].append(v)
        for e in res.events:
            loc = e.location
            row = {
                "id": e.id, "doc_id": e.doc_id, "event": e.event, "mode": e.mode, "context": e.context,
                "quad": e.quad, "actor_codes": _codes(e.actor, "code"),
                "actor_sectors": _codes(e.actor, "sector"), "actor_names": _codes(e.actor, "name"),
                "recipient_codes": _codes(e.recipient, "code"),
                "recipient_sectors": _codes(e.recipient, "sector"),
                "recipient_names": _codes(e.recipient, "name"), "date": e.date,
                "date_precision": e.date_precision, "day": first_day(e.date), "modality": e.modality,
                "place_name": loc.name if loc else None, "place_country": loc.country if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None, "sentence": e.sentence,
                "start": e.start, "end": e.end, "confidence": e.confidence, "rule": e.rule,
                "cameo": e.cameo, "quote_id": e.quote_id, "lexicon_version": e.lexicon_version,
                "record": e.to_json(),
            }
            for k, v in row.items():
                events[k].append(v)
        for t in res.timexes:
            for k, v in (("doc_id", d.id), ("start", t.start), ("end", t.end), ("text", t.text),
                         ("type", t.type), ("value", t.value), ("mod", t.mod), ("record", t.to_json())):
                timexes[k].append(v)
        for p in res.places:
            for k, v in (("doc_id", d.id), ("start", p.start), ("end", p.end), ("text", p.text),
                         ("name", p.name), ("geonameid", p.geonameid), ("lat", p.lat), ("lon", p.lon),
                         ("country", p.country), ("admin1", p.admin1), ("feature", p.feature),
                         ("record", p.to_json())):
                places[k].append(v)
        for q in res.quotes:
            sp = q.speaker
            for k, v in (("id", q.id), ("doc_id", d.id), ("speaker_text", sp.text if sp else None),
                         ("speaker_name", sp.name if sp else None),
                         ("speaker_code", sp.code if sp else None),
                         ("speaker_sector", sp.sector if sp else None), ("content", q.content.text),
                         ("direct", q.direct), ("record", q.to_json())):
                quotes[k].append(v)
    list_str = pa.list_(pa.string())
    event_schema = {
        "context": list_str, "actor_codes": list_str, "actor_sectors": list_str, "actor_names": list_str,
        "recipient_codes": list_str, "recipient_sectors": list_str, "recipient_names": list_str,
        "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(), "day": pa.date32(),
        "start": pa.int32(), "end": pa.int32(),
    }
    return {
        "documents": _table(docs, {"date": pa.date32(), "ingested_at": pa.timestamp("us")}),
        "sentences": _table(sents, {}),
        "events": _table(events, event_schema),
        "timexes": _table(timexes, {}),
        "places": _table(places, {"geonameid": pa.int64(), "lat": pa.float64(), "lon": pa.float64()}),
        "quotes": _table(quotes, {"direct": pa.bool_()}),
    }


def _table(columns: dict[str, list[Any]], types: dict[str, pa.DataType]) -> pa.Table:
    arrays = {}
    for name, values in columns.items():
        typ = types.get(name)
        if typ is None:
            typ = pa.int64() if name in ("start", "end", "idx") else pa.string()
        arrays[name] = pa.array(values, type=typ)
    return pa.table(arrays)

