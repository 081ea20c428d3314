"""tidings: dated news articles in, PLOVER-coded political event data out.

The public Python API::

    import tidings
    events = tidings.extract("Russian forces shelled Kharkiv on Monday.", date="2025-03-05")
    results = tidings.extract_documents(docs)        # DocumentResult per document
    with tidings.open("tidings.duckdb") as store:
        df = store.events_frame()

Everything the CLI, the HTTP API and the exports show is built from these same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tidings.records import Document, DocumentResult, Event
    from tidings.store import Store


def extract(text: str, date: dt.date | str, id: str | None = None) -> list[Event]:
    """Code one article's text, dated ``date``, and return its events."""
    from tidings.documents import make_document
    from tidings.pipeline import process

    doc = make_document(text, date, id=id)
    return next(iter(process([doc]))).events


def extract_documents(docs: Iterable[Document | dict[str, object]]) -> list[DocumentResult]:
    """Code many documents (records or ``{date, text, id?, ...}`` dicts) in one batched pass."""
    from tidings.documents import make_document
    from tidings.pipeline import process
    from tidings.records import Document

    def coerce(d: Document | dict[str, object]) -> Document:
        if isinstance(d, Document):
            return d
        return make_document(**d)  # type: ignore[arg-type]

    return list(process(coerce(d) for d in docs))


def open(db: str | None = None, read_only: bool = True) -> Store:
    """Open a store for querying (read-only unless asked otherwise)."""
    from tidings.store import Store

    return Store(db, read_only=read_only)


__all__ = ["__version__", "extract", "extract_documents", "open"]
