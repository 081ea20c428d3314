"""Name normalisation and the aliases knowledge file.

Every name that goes into the gazetteer index and every span looked up in it passes through
:func:`norm`, so "Zaporizhzhia", "ZAPORIZHZHIA" and "Zaporizhzhia's" neighbours compare equal regardless of
accents, case, apostrophes or hyphens.  The aliases file (``data/aliases.toml``) is user-editable
knowledge; its format is documented at the top of the file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

_DROP = re.compile(r"['’ʼ`´]")
_SPACE = re.compile(r"[\s\-‐‑–—/]+")
_LATIN = re.compile(r"^[A-Za-z0-9 '’\-.,()&]+$")


def fold(text: str) -> str:
    """Strip accents (NFKD, combining marks dropped): the ASCII skeleton of a Latin-script name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key of a name: accent-, case- and apostrophe-insensitive, no leading article.

    Cached: the detector and resolver normalise the same few thousand names over and over.

    Dots are kept, so that abbreviations stay apart from words: "La." (Louisiana) is not "LA", "Ill." is
    not "ill".
    """
    s = _DROP.sub("", fold(text).casefold())
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def is_latin(text: str) -> bool:
    """True for names written in (accent-stripped) Latin script: the only ones English text uses."""
    return bool(_LATIN.match(fold(text)))


@dataclass(frozen=True)
class Aliases:
    """The parsed aliases file (see ``data/aliases.toml`` for the format)."""

    version: str
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    region_words: frozenset[str] = frozenset()
    feature_words: frozenset[str] = frozenset()
    street_words: frozenset[str] = frozenset()
    """Capitalised words (as written) that make the name before them a street's: "Topeka *Street*"."""
    facility_words: frozenset[str] = frozenset()
    """Capitalised words (as written) that end a building's or ground's name: "Liverpool *Academy*"."""
    outlet_words: frozenset[str] = frozenset()
    """Capitalised words (as written) that end a news outlet's name: "The New York *Times*"."""
    mission_words: frozenset[str] = frozenset()
    """Facility words (as written) of a diplomatic mission: "the Russian *Embassy*" is not in Russia."""
    not_places: frozenset[str] = frozenset()
    local_words: tuple[str, ...] = ()
    """Words (as written) that, right after a name, make it a town's local institution: "Peru *Public
    Schools*", "Chile *Township*"; such a name is not the country."""
    regions: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Region name -> (the gazetteer name of the country or first-level region it lies in, its country)."""
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Token -> the countries (ISO alpha-2) whose money or institutions it names."""


def parse_aliases(text: str) -> Aliases:
    """Parse the TOML text of an aliases file; raise ``ValueError`` naming what is wrong."""
    data = tomllib.loads(text)
    if "version" not in data:
        raise ValueError("aliases file has no 'version'")
    names: dict[str, tuple[str, str | None]] = {}
    for alias, target in data.get("names", {}).items():
        name, _, cc = str(target).partition("|")
        names[alias] = (name.strip(), cc.strip().upper() or None)
    demonyms = {k: str(v).upper() for k, v in data.get("demonyms", {}).items()}
    regions: dict[str, tuple[str, str | None]] = {}
    for region, target in data.get("regions", {}).items():
        name, _, cc = str(target).partition("|")
        regions[region] = (name.strip(), cc.strip().upper() or None)
    cues = {str(k): tuple(str(v).upper().split()) for k, v in data.get("cues", {}).items()}
    return Aliases(
        version=str(data["version"]),
        names=names,
        demonyms=demonyms,
        region_words=frozenset(w.lower() for w in data.get("region_words", {}).get("words", [])),
        feature_words=frozenset(w.lower() for w in data.get("feature_words", {}).get("words", [])),
        street_words=frozenset(data.get("street_words", {}).get("words", [])),
        facility_words=frozenset(data.get("facility_words", {}).get("words", [])),
        outlet_words=frozenset(data.get("outlet_words", {}).get("words", [])),
        mission_words=frozenset(data.get("mission_words", {}).get("words", [])),
        not_places=frozenset(norm(w) for w in data.get("not_places", {}).get("words", [])),
        local_words=tuple(str(w) for w in data.get("local_words", {}).get("words", [])),
        regions=regions,
        cues=cues,
    )


@lru_cache(maxsize=1)
def load_aliases() -> Aliases:
    """The packaged aliases file, parsed once per process."""
    text = resources.files("tidings.geo").joinpath("data/aliases.toml").read_text(encoding="utf-8")
    return parse_aliases(text)
