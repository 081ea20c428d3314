"""Per-document caches for the event coder's many walks over one document's parse.

``Token.children`` builds a new ``Token`` object for every child on every call, and the coder asks for
the children of the same few hundred tokens tens of thousands of times per batch (arguments, modality,
constraints); it also reads the same clauses and resolves the same heads for every trigger that shares
them.  :func:`kids`, :func:`up` (heads), :func:`subtree`, :func:`conjuncts` and :func:`doc_memo` keep such
results for the document being coded.  Only the most recent document (per thread) is held, and
:func:`release` drops it when the coder is done with it.  Each gives exactly what the spaCy attribute it
stands for gives (``tests/test_events_speed.py`` checks them against spaCy).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from spacy.tokens import Doc, Token


class _State:
    """One document's caches: children and heads per token, and the memo of :func:`doc_memo`."""

    __slots__ = ("doc", "heads", "memo", "table")

    def __init__(self, doc: Doc | None) -> None:
        n = len(doc) if doc is not None else 0
        self.doc = doc
        self.table: list[tuple[Token, ...] | None] = [None] * n
        self.heads: list[Token | None] = [None] * n
        self.memo: dict[Hashable, Any] = {}


class _Local(threading.local):
    """The current document's caches, one per thread (a thread codes one document at a time).

    The hot paths read the thread-local object once per call and everything else from the plain
    :class:`_State` it holds: an attribute of a ``threading.local`` costs several times a plain one.
    """

    def __init__(self) -> None:
        self.state = _State(None)


_LOCAL = _Local()


def _current(doc: Doc) -> _State:
    """This thread's caches, switched to ``doc`` if they held another document."""
    state = _LOCAL.state
    if doc is not state.doc:
        state = _LOCAL.state = _State(doc)
    return state


def kids(token: Token) -> tuple[Token, ...]:
    """``tuple(token.children)``, computed once per token of the current document."""
    doc = token.doc
    state = _LOCAL.state
    if doc is not state.doc:  # (``_current`` inlined: this is the coder's most frequent call)
        state = _LOCAL.state = _State(doc)
    table = state.table
    i = token.i
    found = table[i]
    if found is None:
        found = table[i] = tuple(token.children)
    return found


def up(token: Token) -> Token:
    """``token.head``, built once per token of the current document.

    Like ``Token.head`` it gives a sentence's root itself, so a walk up the tree stops on its
    dependency labels or a step count.  (spaCy builds a new ``Token`` on every ``head`` access, so
    ``t.head is t`` never held: no walk ever relied on object identity to stop.)
    """
    doc = token.doc
    state = _LOCAL.state
    if doc is not state.doc:
        state = _LOCAL.state = _State(doc)
    heads = state.heads
    i = token.i
    found = heads[i]
    if found is None:
        found = heads[i] = token.head
    return found


def subtree(token: Token) -> list[Token]:
    """``list(token.subtree)``, computed once per token of the current document: clauses and
    complements overlap, and every trigger of a clause reads it.  The list is shared: read it, never
    change it."""
    memo = _current(token.doc).memo
    key = ("subtree", token.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = list(token.subtree)
    return found  # type: ignore[no-any-return]


def conjuncts(token: Token) -> tuple[Token, ...]:
    """``token.conjuncts``, skipping spaCy's walk where there can be none: a token that is no conjunct
    itself and has no ``conj`` dependent coordinates nothing (most heads)."""
    if token.dep_ != "conj" and not any(c.dep_ == "conj" for c in kids(token)):
        return ()
    return tuple(token.conjuncts)


def doc_memo(doc: Doc) -> dict[Hashable, Any]:
    """A dictionary for results computed once per document (clauses, their cue contexts, resolved
    heads), emptied when another document comes or the coder releases this one.  Values are shared:
    read them, never change them."""
    state = _LOCAL.state
    if doc is not state.doc:  # (``_current`` inlined: asked tens of thousands of times per batch)
        state = _LOCAL.state = _State(doc)
    return state.memo


def release() -> None:
    """Drop the cached document (called when the coder is done with it)."""
    _LOCAL.state = _State(None)
