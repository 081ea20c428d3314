"""Aggregations over the stored events, computed in DuckDB and returned as Arrow tables.

These are the two views every event-data user asks for first -- who did what to whom, month by month
(a dyad series), and how much of each event type, week by week -- written so that DuckDB answers them
from the flat columns alone (no JSON parsing), which keeps them under a second on a million events
(``tidings bench`` measures it).  Filters are the same :class:`~tidings.store.EventFilter` as
``tidings events``; parameters are bound, never formatted into SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from tidings.store import EventFilter, Store

DYAD_BY_MONTH = """
SELECT date_trunc('month', e.day)::DATE AS month, a.actor, r.recipient, e.{detail}, count(*) AS events
FROM (SELECT day, {detail}, actor_codes, recipient_codes FROM events{where}) AS e,
     unnest(e.actor_codes) AS a(actor),
     unnest(e.recipient_codes) AS r(recipient)
WHERE e.day IS NOT NULL
GROUP BY ALL
ORDER BY month, actor, recipient, {detail}
"""
"""Events per (month, actor code, recipient code, quad or type): every actor-recipient pair counts.

``{detail}`` is one of :data:`DYAD_DETAIL` (a column name chosen from a fixed list, never user text).
"""

DYAD_DETAIL = ("quad", "event")

TYPE_BY_WEEK = """
SELECT date_trunc('week', day)::DATE AS week, event, quad, count(*) AS events
FROM events{where}
{and_} day IS NOT NULL
GROUP BY ALL
ORDER BY week, event
"""
"""Events per (ISO week starting Monday, type)."""


def _run(store: Store, sql: str, flt: EventFilter | None, **parts: str) -> pa.Table:
    from tidings.store import EventFilter

    where, params = (flt or EventFilter()).where()
    text = sql.format(where=where, and_="AND" if where else "WHERE", **parts)
    # a cursor of its own: another query on the store's connection may still have an open result
    cur = store.con.cursor()
    try:
        return cur.sql(text, params=params).to_arrow_table()
    finally:
        cur.close()


def dyad_by_month(store: Store, flt: EventFilter | None = None, detail: str = "quad") -> pa.Table:
    """Event counts by month, actor code, recipient code and quad (``detail="event"``: PLOVER type).

    Events without a day, or without a recipient, form no dyad and are left out.
    """
    if detail not in DYAD_DETAIL:
        raise ValueError(f"detail must be one of {', '.join(DYAD_DETAIL)}, got {detail!r}")
    return _run(store, DYAD_BY_MONTH, flt, detail=detail)


def type_by_week(store: Store, flt: EventFilter | None = None) -> pa.Table:
    """Event counts by week (Monday) and type."""
    return _run(store, TYPE_BY_WEEK, flt)
