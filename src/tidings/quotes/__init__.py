"""Quotes and statements: who said what, with speakers resolved through the actor stage.

``extract_quotes(doc)`` is the library entry point; the ``tidings_quotes`` component
(:mod:`tidings.quotes.component`) calls it for every document and leaves the records on ``doc._.quotes``.
The cue words are data (``data/cues.json``), loaded by :func:`load_lexicon`.
"""

from tidings.quotes.extract import extract_quotes
from tidings.quotes.lexicon import CueLexicon, load_lexicon
from tidings.quotes.marks import MarkedSpan, find_marked_spans

__all__ = ["CueLexicon", "MarkedSpan", "extract_quotes", "find_marked_spans", "load_lexicon"]
