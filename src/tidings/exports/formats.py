"""Row builders: one stored :class:`~tidings.records.Event` (plus its document) -> one row of a format.

Each builder fills the target format's columns (listed in ``exports/data/<format>.json``) from the
event record and leaves a column empty where tidings does not know the value -- Goldstein scores, COW
codes, tone, actor geography -- rather than inventing one.  Conventions:

* ids: GDELT and ICEWS expect integer event ids; tidings' hex ids are turned into integers by reading
  their first 15 hex digits (deterministic, < 2**60).  POLECAT and JSON keep the hex id.
* dates: the first day the event's (possibly partial) date covers; an event without one leaves GDELT's
  date columns empty.
* countries: actor country columns carry ISO alpha-3 (what GDELT's CAMEO country codes and POLECAT use);
  geography country columns in GDELT carry FIPS 10-4 (``iso_fips.tsv``), in ICEWS/POLECAT the name.
* several actors: the first is the primary actor; POLECAT's sector list covers all of them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tidings.dates import first_day
from tidings.exports.codes import alpha3, cameo_code, cameo_root_labels, country_name, fips
from tidings.records import QUAD_CODES, Actor, Event, Place

Row = list[Any]


@dataclass
class DocInfo:
    """What the row builders need to know about an event's document."""

    id: str
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    ingested_at: dt.datetime | None = None
    lead_end: int | None = None
    """Offset where the first paragraph ends (``None``: the text is one paragraph)."""
    sentence_starts: list[int] = field(default_factory=list)
    place_names: list[str] = field(default_factory=list)

    def sentence_number(self, offset: int) -> int | None:
        """1-based number of the sentence holding ``offset``."""
        if not self.sentence_starts:
            return None
        return max(1, bisect_right(self.sentence_starts, offset))


def int_id(hex_id: str) -> int | None:
    """A deterministic integer for a hex id (GDELT and ICEWS load ids as integers)."""
    try:
        return int(hex_id[:15], 16)
    except ValueError:
        return None


def fraction_date(day: dt.date) -> float:
    """GDELT's ``FractionDate``: the year plus the fraction of it completed before that day, in [0, 1)."""
    days = 366 if dt.date(day.year, 12, 31).timetuple().tm_yday == 366 else 365
    return round(day.year + (day.timetuple().tm_yday - 1) / days, 4)


def _primary(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


def _code(a: Actor | None) -> str:
    return a.code if a is not None and a.code and a.code != "UNK" else ""


def _name(a: Actor | None) -> str:
    return (a.name or a.text) if a is not None else ""


def _is_city(p: Place) -> bool:
    return bool(p.feature and p.feature.startswith("PPL"))


def _cameo(e: Event) -> str:
    return cameo_code(e.event, e.mode, e.cameo)


def cameo_event_code(code: str) -> str:
    """A CAMEO code as GDELT and ICEWS write event codes: a bare root ``14`` is CAMEO's "not specified
    below" code ``140``; longer codes are kept."""
    return code + "0" if len(code) == 2 else code


# -- GDELT 2.0 events ------------------------------------------------------------------------------


def _gdelt_actor(a: Actor | None) -> Row:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1-3Code."""
    if a is None:
        return [""] * 10
    code = _code(a) + (a.sector or "")
    return [code, _name(a).upper(), alpha3(a.code), "", "", "", "", a.sector or "", "", ""]


def _gdelt_geo_type(p: Place) -> int | str:
    """GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    us = alpha3(p.country) == "USA"
    if p.feature and p.feature.startswith("PCL"):
        return 1
    if p.feature == "ADM1":
        return 2 if us else 5
    if p.lat is not None and p.lon is not None:
        return 3 if us else 4
    return ""


def _gdelt_geo(p: Place | None) -> Row:
    """Type, FullName, CountryCode (FIPS), ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    if p is None:
        return [""] * 8
    name = p.name or p.text
    full = ", ".join(x for x in (name, p.admin1 if _is_city(p) else None, country_name(p.country)) if x)
    cc = fips(p.country)
    adm1 = cc if p.feature and p.feature.startswith("PCL") else ""
    return [_gdelt_geo_type(p), full, cc, adm1, "", p.lat, p.lon, ""]


def gdelt_row(e: Event, doc: DocInfo) -> Row:
    day = first_day(e.date)
    code = cameo_event_code(_cameo(e))
    added = doc.ingested_at or (dt.datetime.combine(doc.date, dt.time()) if doc.date else None)
    row: Row = [
        int_id(e.id),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        fraction_date(day) if day else "",
        *_gdelt_actor(_primary(e.actor)),
        *_gdelt_actor(_primary(e.recipient)),
        int(doc.lead_end is None or e.start < doc.lead_end),
        code,
        code[:3],
        code[:2],
        QUAD_CODES.get(e.quad, ""),
        "",  # GoldsteinScale: not coded
        1,  # NumMentions / NumSources / NumArticles: one record is one mention (see tidings.merge)
        1,
        1,
        "",  # AvgTone
        *([""] * 8),  # Actor1Geo_*: tidings locates events, not actors
        *([""] * 8),  # Actor2Geo_*
        *_gdelt_geo(e.location),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        doc.url or "",
    ]
    return row


# -- ICEWS ------------------------------------------------------------------------------------------


def icews_row(e: Event, doc: DocInfo) -> Row:
    a, r, p = _primary(e.actor), _primary(e.recipient), e.location
    code = cameo_event_code(_cameo(e))
    return [
        int_id(e.id),
        first_day(e.date) or "",
        _name(a),
        ",".join(x.sector for x in e.actor if x.sector),
        country_name(a.code) if a else "",
        cameo_root_labels().get(code[:2], ""),
        code,
        "",  # Intensity (a Goldstein-like score): not coded
        _name(r),
        ",".join(x.sector for x in e.recipient if x.sector),
        country_name(r.code) if r else "",
        e.doc_id,
        doc.sentence_number(e.start) or "",
        doc.source or "",
        (p.name or p.text) if p and _is_city(p) else "",
        "",
        (p.admin1 or "") if p else "",
        country_name(p.country) if p else "",
        p.lat if p else "",
        p.lon if p else "",
    ]


# -- POLECAT ----------------------------------------------------------------------------------------


def _polecat_actor(actors: list[Actor]) -> Row:
    """Name, Country, COW, Primary Sector, Sectors, Title, Name Raw, Wikipedia ID."""
    a = _primary(actors)
    if a is None:
        return [""] * 8
    return [
        a.name or "",
        _code(a),
        "",  # COW code: not held
        a.sector or "",
        ";".join(x.sector for x in actors if x.sector),
        a.office or "",
        a.text,
        "",  # POLECAT's Wikipedia id: tidings holds Wikidata QIDs, a different identifier
    ]


def polecat_row(e: Event, doc: DocInfo, version: str = "") -> Row:
    p = e.location
    return [
        e.id,
        first_day(e.date) or "",
        e.event,
        e.mode or "",
        "",  # Intensity: not coded
        QUAD_CODES.get(e.quad, ""),
        ";".join(e.context),
        *_polecat_actor(e.actor),
        *_polecat_actor(e.recipient),
        (p.name or "") if p else "",
        (p.name or p.text) if p and _is_city(p) else "",
        "",
        (p.admin1 or "") if p else "",
        country_name(p.country) if p else "",
        p.lat if p else "",
        p.lon if p else "",
        p.geonameid if p and p.geonameid is not None else "",
        p.text if p else "",
        (p.feature or "") if p else "",
        doc.source or "",
        doc.date or "",
        "",  # Story People / Organizations: tidings does not type actors by kind
        "",
        ";".join(dict.fromkeys(doc.place_names)),
        "en",
        version,
    ]


# -- flat CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "date", "date_precision", "event", "mode", "quad", "context", "modality",
    "actor_codes", "actor_sectors", "actor_names", "recipient_codes", "recipient_sectors",
    "recipient_names", "location", "location_country", "lat", "lon", "geonameid", "trigger", "sentence",
    "start", "end", "confidence", "rule", "cameo", "quote_id", "lexicon_version", "url", "source",
)
"""The flat CSV: one row per event, lists joined with ``;``, the document's URL and source appended."""


def csv_row(e: Event, doc: DocInfo) -> Row:
    p = e.location

    def join(actors: list[Actor], attr: str) -> str:
        return ";".join(str(getattr(a, attr) or "") for a in actors)

    return [
        e.id, e.doc_id, e.date, e.date_precision, e.event, e.mode or "", e.quad, ";".join(e.context),
        e.modality, join(e.actor, "code"), join(e.actor, "sector"), join(e.actor, "name"),
        join(e.recipient, "code"), join(e.recipient, "sector"), join(e.recipient, "name"),
        (p.name or p.text) if p else "", (p.country or "") if p else "", p.lat if p else "",
        p.lon if p else "", p.geonameid if p and p.geonameid is not None else "", e.trigger.text,
        e.sentence, e.start, e.end, e.confidence, e.rule, _cameo(e), e.quote_id or "",
        e.lexicon_version or "", doc.url or "", doc.source or "",
    ]


RowBuilder = Callable[[Event, DocInfo], Row]
