"""Run documents through the spaCy pipeline and collect their records.

This is the one place that turns :class:`~tidings.records.Document` s into
:class:`~tidings.records.DocumentResult` s.  The CLI, the Python API, every engine and the evaluations call
it, so they all produce identical records.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tidings import nlp as nlp_mod
from tidings.records import Document, DocumentResult, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_BATCH_SIZE = 32


def result_from_doc(document: Document, doc: Doc) -> DocumentResult:
    """Read the stages' results off a processed ``Doc``."""
    return DocumentResult(
        document=document,
        sentences=sentence_records(document.id, doc),
        events=list(doc._.events or []),
        timexes=list(doc._.timexes or []),
        places=list(doc._.places or []),
        quotes=list(doc._.quotes or []),
    )


def sentence_records(doc_id: str, doc: Doc) -> list[Sentence]:
    """One :class:`~tidings.records.Sentence` per sentence of ``doc.sents``, with the same offsets and text.

    Read off the cached sentence boundaries (:func:`tidings.nlp.sentences`), the token offsets
    (:func:`tidings.nlp.token_arrays`) and the cached text: ``doc.sents`` walks every token and
    ``Span.text`` joins its tokens again.  A span's characters run from its first token's offset to its
    last token's end.
    """
    bounds = nlp_mod.sentences(doc)
    if not bounds.starts:
        return []
    text = nlp_mod.doc_text(doc)
    arrays = nlp_mod.token_arrays(doc)
    out: list[Sentence] = []
    for i, (first, end) in enumerate(zip(bounds.starts, bounds.ends, strict=True)):
        start, stop = arrays.idx[first], arrays.end(end - 1)
        out.append(Sentence(doc_id=doc_id, index=i, start=start, end=stop, text=text[start:stop]))
    return out


def process(
    documents: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[DocumentResult]:
    """Process documents lazily, in order, batching them through ``nlp.pipe``."""
    nlp = nlp or nlp_mod.load()
    pending: deque[Document] = deque()

    def docs() -> Iterator[Doc]:
        for d in documents:
            pending.append(d)
            yield nlp_mod.make_doc(nlp, d.text, d.id, d.date)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        document = pending.popleft()
        yield result_from_doc(document, doc)


def lexicon_version() -> str:
    """The version of the trigger lexicon the events stage codes with (recorded with every run)."""
    from tidings.events.lexicon import LEXICON_VERSION

    return LEXICON_VERSION
