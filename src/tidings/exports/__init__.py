"""Exports: the stored events in the formats event-data users already load.

=================  ==================================================================================
``plover-jsonl``   the canonical event records, one JSON object per line (what ``tidings extract`` prints)
``polecat``        POLECAT's 40 tab-separated columns, with a header row
``gdelt``          GDELT 2.0's 61-column event table: tab-separated, no header, as GDELT ships it
``icews``          ICEWS's 20 tab-separated columns, with a header row
``csv``            one flat row per event (:data:`~tidings.exports.formats.CSV_COLUMNS`)
``parquet``        a folder of Parquet files partitioned by month (``month=YYYY-MM/``), every flat column
                   of the store's ``events`` table plus the canonical record, for R (arrow) and Python
=================  ==================================================================================

Every format is a view of the same stored records; the column lists are data files
(``exports/data/<format>.json``).  Events stream out of the store page by page, so an export does not
hold the store in memory.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tidings.exports.codes import column_spec
from tidings.exports.formats import (
    CSV_COLUMNS,
    DocInfo,
    RowBuilder,
    csv_row,
    gdelt_row,
    icews_row,
    polecat_row,
)
from tidings.records import Event

if TYPE_CHECKING:
    from tidings.store import EventFilter, Store

PAGE = 5_000


@dataclass(frozen=True)
class TableFormat:
    """A delimited format: its columns, separator, header row and row builder."""

    name: str
    columns: tuple[str, ...]
    separator: str
    header: bool
    row: RowBuilder


def table_formats() -> dict[str, TableFormat]:
    """The delimited formats by CLI name (column lists read from the data files)."""
    from tidings import __version__
    from tidings.pipeline import lexicon_version

    lex = lexicon_version()
    version = f"tidings {__version__}" + (f"; lexicon {lex}" if lex else "")
    out: dict[str, TableFormat] = {}
    for name, spec_name, builder in (
        ("gdelt", "gdelt2_events", gdelt_row),
        ("icews", "icews", icews_row),
        ("polecat", "polecat", lambda e, d: polecat_row(e, d, version)),
    ):
        spec = column_spec(spec_name)
        out[name] = TableFormat(name, spec.columns, spec.separator, spec.header, builder)
    out["csv"] = TableFormat("csv", CSV_COLUMNS, ",", True, csv_row)
    return out


FORMATS: tuple[str, ...] = ("plover-jsonl", "polecat", "gdelt", "icews", "csv", "parquet")


# -- reading the store ------------------------------------------------------------------------------


def event_pages(store: Store, flt: EventFilter | None = None, page: int = PAGE) -> Iterator[list[Event]]:
    """The matching events in the store's stable order, ``page`` at a time.

    A separate cursor streams the events so that the document look-ups between pages can use the main
    connection without cancelling the stream.
    """
    from tidings.store import EventFilter

    where, params = (flt or EventFilter()).where()
    cur = store.con.cursor()
    try:
        cur.execute(f"SELECT record FROM events{where} ORDER BY day NULLS LAST, doc_id, start, id", params)
        while rows := cur.fetchmany(page):
            yield [Event.model_validate_json(r[0]) for r in rows]
    finally:
        cur.close()


def doc_infos(store: Store, doc_ids: list[str]) -> dict[str, DocInfo]:
    """Document facts the row builders need (URL, source, lead paragraph, sentence starts, places)."""
    if not doc_ids:
        return {}
    con = store.con
    infos: dict[str, DocInfo] = {}
    rows = con.execute(
        "SELECT id, date, url, source, title, ingested_at, strpos(text, chr(10) || chr(10)) "
        "FROM documents WHERE list_contains(?, id)",
        [doc_ids],
    ).fetchall()
    for did, date, url, source, title, added, lead in rows:
        infos[did] = DocInfo(did, date, url, source, title, added, (lead - 1) if lead else None)
    for did, start in con.execute(
        "SELECT doc_id, start FROM sentences WHERE list_contains(?, doc_id) ORDER BY doc_id, idx", [doc_ids]
    ).fetchall():
        infos.setdefault(did, DocInfo(did)).sentence_starts.append(start)
    for did, name in con.execute(
        "SELECT doc_id, coalesce(name, text) FROM places WHERE list_contains(?, doc_id) "
        "ORDER BY doc_id, start",
        [doc_ids],
    ).fetchall():
        if name:
            infos.setdefault(did, DocInfo(did)).place_names.append(name)
    return infos


def _with_docs(store: Store, flt: EventFilter | None) -> Iterator[tuple[Event, DocInfo]]:
    for events in event_pages(store, flt):
        infos = doc_infos(store, sorted({e.doc_id for e in events}))
        for e in events:
            yield e, infos.get(e.doc_id) or DocInfo(e.doc_id)


# -- writers ------------------------------------------------------------------------------------------


def write_jsonl(store: Store, out: TextIO, flt: EventFilter | None = None) -> int:
    """Canonical event records, one per line."""
    n = 0
    for events in event_pages(store, flt):
        for e in events:
            out.write(e.to_json() + "\n")
            n += 1
    return n


def write_table(store: Store, fmt: TableFormat, out: TextIO, flt: EventFilter | None = None) -> int:
    """One delimited row per event; returns the number of rows (header not counted)."""
    writer = csv.writer(out, delimiter=fmt.separator, lineterminator="\n")
    if fmt.header:
        writer.writerow(fmt.columns)
    n = 0
    for e, doc in _with_docs(store, flt):
        row = fmt.row(e, doc)
        if len(row) != len(fmt.columns):  # a builder out of step with its column list is a bug
            raise AssertionError(f"{fmt.name}: row has {len(row)} values for {len(fmt.columns)} columns")
        writer.writerow("" if v is None else v for v in row)
        n += 1
    return n


def write_parquet(store: Store, out: str | os.PathLike[str], flt: EventFilter | None = None) -> int:
    """A month-partitioned Parquet dataset (``OUT/month=YYYY-MM/*.parquet``; undated events under
    ``month=undated``).  Streams in Arrow record batches; returns the number of events written."""
    import pyarrow.dataset as ds

    from tidings.store import EventFilter

    where, params = (flt or EventFilter()).where()
    sql = (
        "SELECT *, coalesce(strftime(day, '%Y-%m'), 'undated') AS month FROM events"
        f"{where} ORDER BY day NULLS LAST, doc_id, start, id"
    )
    cur = store.con.cursor()  # its own connection: the stream must not collide with other queries
    try:
        row = cur.execute(f"SELECT count(*) FROM events{where}", params).fetchall()
        count = int(row[0][0]) if row else 0
        reader = cur.sql(sql, params=params).to_arrow_reader(100_000)
        ds.write_dataset(
            reader,
            str(out),
            format="parquet",
            partitioning=["month"],
            partitioning_flavor="hive",
            existing_data_behavior="delete_matching",
            basename_template="events-{i}.parquet",
        )
    finally:
        cur.close()
    return count


def export(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str] | TextIO,
    flt: EventFilter | None = None,
) -> int:
    """Write the events matching ``flt`` to ``out`` (a path, or an open text stream for the row
    formats; a folder for ``parquet``) in format ``fmt``; return the number of events written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "parquet":
        if not isinstance(out, (str, os.PathLike)):
            raise ValueError("parquet writes a folder: give a path")
        return write_parquet(store, out, flt)

    def write(stream: TextIO) -> int:
        if fmt == "plover-jsonl":
            return write_jsonl(store, stream, flt)
        return write_table(store, table_formats()[fmt], stream, flt)

    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            return write(fh)
    return write(out)

__all__ = ["CSV_COLUMNS", "FORMATS", "DocInfo", "TableFormat", "doc_infos", "event_pages", "export",
           "table_formats", "write_jsonl", "write_parquet", "write_table"]
