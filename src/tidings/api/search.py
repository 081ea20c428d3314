"""Full-text search over the store's sentences, event sentences and quotes (SQLite FTS5).

DuckDB's ``fts`` extension is not bundled in its wheel and ``INSTALL fts`` needs the network, so the index
lives in a small SQLite file beside the store (``tidings.duckdb`` -> ``tidings.duckdb.fts.sqlite``), built
with the standard library.  It is derived data: built lazily on the first search and rebuilt whenever the
store's :func:`~tidings.store.queries.fingerprint` changes (a new run, new documents), so it never needs
to be managed by hand and can be deleted at any time.

Users type words, not FTS5 syntax: :func:`match_expression` turns any text into a query of quoted
prefix terms, so ``"`` or ``AND`` or ``NEAR(`` in the search box can never raise a syntax error.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from pydantic import BaseModel

from tidings.records import Quote
from tidings.store import Store
from tidings.store.queries import fingerprint

INDEX_FORMAT = "1"
"""Bumped when the index layout changes, which forces a rebuild of existing index files."""

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


class SearchSyntaxError(ValueError):
    """The search text has no word to look for."""


def match_expression(text: str) -> str:
    """FTS5 MATCH expression for what a user typed: every word must occur, as a word or a prefix.

    ``sanction Russia`` -> ``"sanction"* AND "russia"*``.  Only runs of word characters survive, each
    quoted, so the expression is always valid FTS5 whatever the input.
    """
    words = [w.lower() for w in _WORD.findall(text)][:MAX_TERMS]
    if not words:
        raise SearchSyntaxError(f"no word to search for in {text!r}")
    return " AND ".join(f'"{w}"*' for w in words)


class SentenceHit(BaseModel):
    """A stored sentence that matches a search, best first."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


class SearchIndex:
    """The FTS5 index of one store, rebuilt when the store changes.

    One instance per app (kept on ``app.state``); each search opens its own SQLite connection, so the
    object is safe to share between the server's worker threads.  A lock makes concurrent first requests
    build the index once.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def beside(cls, store_path: str | os.PathLike[str]) -> SearchIndex:
        """The index for a store file: next to it when that folder is writable, else in the temp folder."""
        store_path = Path(store_path).resolve()
        if os.access(store_path.parent, os.W_OK):
            return cls(store_path.with_name(store_path.name + ".fts.sqlite"))
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", str(store_path))
        return cls(Path(tempfile.gettempdir()) / "tidings-fts" / (safe + ".fts.sqlite"))

    # -- building --------------------------------------------------------------------------------

    def _stamp(self, store: Store) -> str:
        return f"{INDEX_FORMAT}|{fingerprint(store)}"

    def _current_stamp(self) -> str | None:
        if not self.path.exists():
            return None
        try:
            with closing(sqlite3.connect(self.path)) as con:
                row = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        except sqlite3.DatabaseError:
            return None  # a damaged or foreign file: rebuild over it
        return row[0] if row else None

    def ensure(self, store: Store) -> bool:
        """Build or refresh the index for ``store``; return True when it was (re)built."""
        stamp = self._stamp(store)
        if self._current_stamp() == stamp:
            return False
        with self._lock:
            if self._current_stamp() == stamp:
                return False
            self._build(store, stamp)
            return True

    def _build(self, store: Store, stamp: str) -> None:
        """Write a fresh index to a temporary file and move it into place in one step.

        Searches running meanwhile keep reading the old file; nobody ever sees a half-built index.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with closing(sqlite3.connect(tmp)) as con:
                tok = "tokenize = 'unicode61 remove_diacritics 2'"
                con.executescript(
                    f"""
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                    CREATE VIRTUAL TABLE sentences_fts USING fts5(
                        text, doc_id UNINDEXED, idx UNINDEXED, start UNINDEXED, "end" UNINDEXED, {tok});
                    CREATE VIRTUAL TABLE events_fts USING fts5(sentence, quote, id UNINDEXED, {tok});
                    CREATE VIRTUAL TABLE quotes_fts USING fts5(
                        content, speaker, id UNINDEXED, doc_id UNINDEXED, {tok});
                    """
                )
                cur = store.con.execute('SELECT text, doc_id, idx, start, "end" FROM sentences')
                while batch := cur.fetchmany(5000):
                    con.executemany("INSERT INTO sentences_fts VALUES (?, ?, ?, ?, ?)", batch)
                cur = store.con.execute(
                    "SELECT e.sentence, q.content, e.id FROM events e LEFT JOIN quotes q ON e.quote_id = q.id"
                )
                while batch := cur.fetchmany(5000):
                    con.executemany("INSERT INTO events_fts VALUES (?, ?, ?)", batch)
                cur = store.con.execute(
                    "SELECT content, concat_ws(' ', speaker_text, speaker_name), id, doc_id FROM quotes"
                )
                while batch := cur.fetchmany(5000):
                    con.executemany("INSERT INTO quotes_fts VALUES (?, ?, ?, ?)", batch)
                con.execute("INSERT INTO meta VALUES ('stamp', ?)", [stamp])
                con.commit()
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)

    # -- searching -------------------------------------------------------------------------------

    @contextmanager
    def _connect(self, store: Store) -> Iterator[sqlite3.Connection]:
        self.ensure(store)
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield con
        finally:
            con.close()

    def event_ids(self, store: Store, text: str) -> list[str]:
        """Ids of events whose sentence, or whose quote, matches ``text``."""
        expr = match_expression(text)
        with self._connect(store) as con:
            rows = con.execute("SELECT id FROM events_fts WHERE events_fts MATCH ?", [expr]).fetchall()
        return [r[0] for r in rows]

    def quote_ids(self, store: Store, text: str) -> list[str]:
        """Ids of quotes whose content or speaker matches ``text``, best first."""
        expr = match_expression(text)
        with self._connect(store) as con:
            rows = con.execute(
                "SELECT id FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rank", [expr]
            ).fetchall()
        return [r[0] for r in rows]

    def sentences(self, store: Store, text: str, limit: int = 50) -> list[SentenceHit]:
        """Stored sentences matching ``text``, best (BM25) first."""
        expr = match_expression(text)
        with self._connect(store) as con:
            rows = con.execute(
                'SELECT doc_id, idx, start, "end", text FROM sentences_fts WHERE sentences_fts MATCH ? '
                "ORDER BY rank LIMIT ?",
                [expr, int(limit)],
            ).fetchall()
        return [SentenceHit(doc_id=r[0], index=r[1], start=r[2], end=r[3], text=r[4]) for r in rows]

    def quotes(self, store: Store, text: str, limit: int = 50) -> list[Quote]:
        """Quotes matching ``text``, best first, as records."""
        ids = self.quote_ids(store, text)[: int(limit)]
        if not ids:
            return []
        rows = store.con.execute("SELECT id, record FROM quotes WHERE list_contains(?, id)", [ids]).fetchall()
        by_id = {r[0]: Quote.model_validate_json(r[1]) for r in rows}
        return [by_id[i] for i in ids if i in by_id]
