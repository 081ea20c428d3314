"""A coded document is freed once its results are out: no stage's per-document memo keeps it alive.

The stages keep per-document memos in weak-keyed tables; a memo value that refers to its document (a
``Token`` or ``Span`` does) would keep the entry, and the document with it, alive for the life of the
process: an ingest of many documents would grow without bound.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref

from spacy.tokens import Doc

from tidings import nlp as nlp_mod

ARTICLES = (
    "The interior ministry said on Monday that police had detained 40 protesters in the capital late "
    "on Sunday.  Opposition leaders will meet the prime minister on Friday, officials said.",
    "Rebels attacked an army post near the northern border last week, the governor told reporters "
    "on Tuesday.  The government has ruled out talks with the group.",
)


def test_documents_are_freed_after_the_full_pipeline() -> None:
    nlp = nlp_mod.load()
    refs: list[weakref.ref[Doc]] = []
    texts = [nlp_mod.make_doc(nlp, text, f"mem-{i}", dt.date(2025, 6, 3)) for i, text in enumerate(ARTICLES)]
    for doc in nlp.pipe(texts):
        assert doc._.timexes and doc._.events  # every stage ran and had something to remember
        refs.append(weakref.ref(doc))
    del doc, texts
    gc.collect()
    assert [r() for r in refs] == [None, None]
