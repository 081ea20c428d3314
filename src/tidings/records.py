"""The records tidings produces, in one canonical JSON form.

Every output -- ``tidings extract``, ``tidings events --format jsonl``, the HTTP API and the exports -- is a
view of these models.  They are pydantic models so that FastAPI can reuse them as response models and so
that ``model_dump(mode="json")`` is the one serialisation everybody shares.  Field-by-field documentation
lives in ``docs/codebook.md``; keep the two in step.

Character offsets (``start``/``end``) always refer to :attr:`Document.text` as stored, after NFC
normalisation and newline normalisation, never to the raw input bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "future", "hypothetical", "negated"]
DatePrecision = Literal["day", "week", "month", "season", "quarter", "year", "decade", "document", "range"]

QUADS: dict[str, str] = {
    "AGREE": "verbal_cooperation",
    "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation",
    "COOPERATE": "material_cooperation",
    "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict",
    "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict",
    "SANCTION": "material_conflict",
    "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}
"""PLOVER event type -> quad (manual, section "Quad categories").

SANCTION is listed under material conflict, following the manual's section heading for the event type.
"""

EVENT_TYPES: tuple[str, ...] = tuple(QUADS)

QUAD_CODES: dict[str, int] = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    def to_json(self) -> str:
        """The canonical JSON form: the same bytes from ``extract``, ``events`` and the API."""
        return self.model_dump_json()


class TextSpan(_Record):
    """A character span of the document text."""

    text: str
    start: int
    end: int


class Actor(_Record):
    """An actor or recipient: who the text names, and the entity it resolves to.

    ``code`` is an ISO 3166-1 alpha-3 country code or one of PLOVER's special codes (IGO, UNO, EUR, NGO,
    ISM, IMG, MNC); ``UNK`` where the text does not say.  ``sector`` is a PLOVER sector code (GOV, MIL,
    COP, REB, ...) or null.  ``wikidata`` is a QID only where the knowledge files hold one: never guessed.
    """

    text: str
    name: str | None = None
    code: str = "UNK"
    sector: str | None = None
    wikidata: str | None = None
    start: int | None = None
    end: int | None = None
    office: str | None = None
    rule: str | None = None


class Place(_Record):
    """A toponym resolved against the gazetteer."""

    text: str
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None
    start: int | None = None
    end: int | None = None


class Timex(_Record):
    """A TIMEX3 time expression normalised against the document date."""

    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    mod: str | None = None
    range_start: str | None = None
    range_end: str | None = None


class Quote(_Record):
    """Reported speech: who said what, with the cue that introduces it."""

    id: str
    doc_id: str
    speaker: Actor | None = None
    cue: TextSpan | None = None
    content: TextSpan
    direct: bool
    sentence_start: int | None = None
    rule: str | None = None


class Event(_Record):
    """One PLOVER event coded from one sentence.  See ``docs/codebook.md``."""

    id: str
    doc_id: str
    event: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    quad: str
    actor: list[Actor]
    recipient: list[Actor] = Field(default_factory=list)
    date: str
    date_precision: DatePrecision = "document"
    date_text: str | None = None
    modality: Modality = "asserted"
    location: Place | None = None
    sentence: str
    start: int
    end: int
    trigger: TextSpan
    confidence: float
    rule: str
    cameo: str | None = None
    quote_id: str | None = None
    lexicon_version: str | None = None


class Document(_Record):
    """A dated article.  ``text`` is NFC-normalised with ``\\n`` newlines; offsets refer to it."""

    id: str
    date: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None


class Sentence(_Record):
    doc_id: str
    index: int
    start: int
    end: int
    text: str


class DocumentResult(_Record):
    """Everything the pipeline found in one document."""

    document: Document
    sentences: list[Sentence] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id from its parts, so every engine and every rerun gives the same ids."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]
