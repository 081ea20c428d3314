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
    sentences = [
        Sentence(doc_id=document.id, index=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(doc.sents)
    ]
    return DocumentResult(
        document=document,
        sentences=sentences,
        events=list(doc._.events or []),
        timexes=list(doc._.timexes or []),
        places=list(doc._.places or []),
        quotes=list(doc._.quotes or []),
    )


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
