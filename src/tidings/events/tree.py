"""Per-document caches for the event coder's many walks over one document's parse.

``Token.children`` builds a new ``Token`` object for every child on every call, and the coder asks for
the children of the same few hundred tokens tens of thousands of times per batch (arguments, modality,
constraints); it also reads the same clauses and resolves the same heads for every trigger that shares
them.  :func:`kids` and :func:`doc_memo` keep such results for the document being coded.  Only the most
recent document (per thread) is held, and :func:`release` drops it when the coder is done with it.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from spacy.tokens import Doc, Token


class _Cache(threading.local):
    """The current document's caches, one set per thread (a thread codes one document at a time)."""

    def __init__(self) -> None:
        self.doc: Doc | None = None
        self.table: list[tuple[Token, ...] | None] = []
        self.memo: dict[Hashable, Any] = {}

    def switch(self, doc: Doc | None) -> None:
        self.doc, self.table, self.memo = doc, [None] * (len(doc) if doc is not None else 0), {}


_CACHE = _Cache()


def kids(token: Token) -> tuple[Token, ...]:
    """``tuple(token.children)``, computed once per token of the current document."""
    cache = _CACHE
    doc = token.doc
    if doc is not cache.doc:
        cache.switch(doc)
    table = cache.table
    i = token.i
    found = table[i]
    if found is None:
        found = table[i] = tuple(token.children)
    return found


def doc_memo(doc: Doc) -> dict[Hashable, Any]:
    """A dictionary for results computed once per document (clauses, their cue contexts, resolved
    heads), emptied when another document comes or the coder releases this one.  Values are shared:
    read them, never change them."""
    cache = _CACHE
    if doc is not cache.doc:
        cache.switch(doc)
    return cache.memo


def release() -> None:
    """Drop the cached document (called when the coder is done with it)."""
    _CACHE.switch(None)
