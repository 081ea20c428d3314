"""The ``tidings_quotes`` pipeline component: sets ``doc._.quotes``.

It runs after ``tidings_actors`` so that speakers resolve through the actor stage's state on the doc.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tidings.nlp import BatchedComponent, register_extensions
from tidings.quotes.extract import extract_quotes
from tidings.quotes.lexicon import CueLexicon, load_lexicon


class QuoteComponent(BatchedComponent):
    """Finds direct quotations and indirect speech and attributes them to speakers."""

    def __init__(self, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, self.lexicon)
        return doc


@Language.factory("tidings_quotes", requires=["token.dep", "token.lemma"], assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str) -> QuoteComponent:
    """Factory registered under ``tidings_quotes`` (see ``tidings.nlp.PIPELINE``)."""
    register_extensions()
    return QuoteComponent(load_lexicon())
