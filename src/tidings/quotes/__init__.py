"""Quotes and statements: who said what, with speakers resolved through the actor stage.

``extract_quotes(doc)`` is the library entry point: the ``tidings_quotes`` component
(:mod:`tidings.quotes.component`) calls it for every document and leaves the records on ``doc._.quotes``.
``quote_at(quotes, start, end)`` tells the event coder which quote a trigger belongs to, so that an event
coded from reported speech is attributed to the speaker with the quote id as its evidence.
The cue words are data (``data/cues.json``), loaded by :func:`load_lexicon`.
"""

from tidings.quotes.extract import extract_quotes, quote_at
from tidings.quotes.lexicon import CueLexicon, load_lexicon
from tidings.quotes.marks import MarkedSpan, find_marked_spans

__all__ = ["CueLexicon", "MarkedSpan", "extract_quotes", "find_marked_spans", "load_lexicon", "quote_at"]
