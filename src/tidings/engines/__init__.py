"""Engines: the same documents in, the same records out, on one process or many.

An engine is a callable ``(documents, batch_size) -> iterator of DocumentResult`` that preserves nothing
but the records themselves: ids are deterministic, so every engine stores identical events.  The store is
written by one writer (the caller), never by the workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from tidings.records import Document, DocumentResult

Engine = Callable[[Iterable[Document], int], Iterator[DocumentResult]]


def local(documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
    """One process, batching documents through ``nlp.pipe``."""
    from tidings.pipeline import process

    yield from process(documents, batch_size=batch_size)


ENGINES: dict[str, Engine] = {"local": local}


def get_engine(name: str, **options: object) -> Engine:
    """The engine called ``name``; options (workers, scheduler) are bound by the engine's factory."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(sorted(ENGINES))})")
    return ENGINES[name]
