"""The embedded DuckDB store: schema migrations, atomic per-batch writes, parameterised queries."""

from tidings.store.db import DEFAULT_DB, EventFilter, Store, StoreError, resolve_db_path

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "StoreError", "resolve_db_path"]
