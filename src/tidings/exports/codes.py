"""The code tables exports translate through, read from the versioned files in ``exports/data``.

* ``<format>.json``: each target format's column list (``columns``), separator and header flag.  Column
  names are facts of the target format (its codebook); their order is the order written.
* ``iso_fips.tsv``: ISO 3166-1 alpha-2 -> FIPS 10-4 country codes, for GDELT's geography fields.  Only
  countries we are sure of are listed; others export an empty code.
* ``cameo_roots.tsv``: CAMEO root codes and their names.

Country names and alpha-2 <-> alpha-3 come from ``pycountry`` (ISO 3166 itself).  The PLOVER -> CAMEO
direction is the events stage's map, so the exports and the coder can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.data import parse_tsv

DATA = "tidings.exports.data"


@dataclass(frozen=True)
class ColumnSpec:
    """A target format's columns and file layout, as its data file declares them."""

    name: str
    version: str
    columns: tuple[str, ...]
    separator: str
    header: bool
    description: str


@lru_cache(maxsize=8)
def column_spec(name: str) -> ColumnSpec:
    """The column list of ``gdelt2_events``, ``polecat`` or ``icews``."""
    raw = json.loads(resources.files(DATA).joinpath(f"{name}.json").read_text(encoding="utf-8"))
    return ColumnSpec(
        name=raw["format"],
        version=str(raw["version"]),
        columns=tuple(raw["columns"]),
        separator=raw["separator"],
        header=bool(raw["header"]),
        description=raw.get("description", ""),
    )


def read_table(filename: str) -> tuple[str, list[list[str]]]:
    """One of our versioned TSV data files: its version and rows (header dropped)."""
    text = resources.files(DATA).joinpath(filename).read_text(encoding="utf-8")
    version, _header, rows = parse_tsv(text, filename)
    return version, rows


@lru_cache(maxsize=1)
def iso_to_fips() -> dict[str, str]:
    """ISO alpha-2 -> FIPS 10-4 for the countries the data file lists."""
    return {r[0]: r[1] for r in read_table("iso_fips.tsv")[1] if len(r) >= 2 and r[1]}


@lru_cache(maxsize=1)
def cameo_root_labels() -> dict[str, str]:
    return {r[0]: r[1] for r in read_table("cameo_roots.tsv")[1] if len(r) >= 2}


@lru_cache(maxsize=512)
def country(code: str | None) -> tuple[str, str, str] | None:
    """(alpha-2, alpha-3, name) for an ISO alpha-2 or alpha-3 code (or an exact ISO name); ``None`` for
    special codes (IGO, UNO, UNK, ...) and anything ISO does not know."""
    if not code:
        return None
    import pycountry

    rec = None
    upper = code.strip().upper()
    if len(upper) == 2:
        rec = pycountry.countries.get(alpha_2=upper)
    elif len(upper) == 3:
        rec = pycountry.countries.get(alpha_3=upper)
    else:  # a gazetteer that records the country's name
        rec = pycountry.countries.get(name=code.strip())
    if rec is None:
        return None
    return rec.alpha_2, rec.alpha_3, getattr(rec, "common_name", None) or rec.name


def fips(code: str | None) -> str:
    """FIPS 10-4 country code for an ISO code, or ``""`` where we do not hold one."""
    c = country(code)
    return iso_to_fips().get(c[0], "") if c else ""


def alpha3(code: str | None) -> str:
    c = country(code)
    return c[1] if c else ""


def country_name(code: str | None) -> str:
    c = country(code)
    return c[2] if c else ""


def cameo_code(event: str, mode: str | None, cameo: str | None) -> str:
    """The event's CAMEO code: the one the coder recorded, else the root the CAMEO map gives its type."""
    if cameo:
        return cameo
    from tidings.events.cameo import load_cameo_map

    return load_cameo_map().root_for(event, mode) or ""
