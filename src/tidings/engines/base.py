"""The machinery every multi-worker engine shares: chunk, submit, keep a bounded window, yield in order.

Engines consume their input lazily *in the calling thread* and never hold more than ``max_pending``
chunks in flight.  Two things follow: memory stays flat however many documents stream through, and a
caller may touch its store between results (``tidings.ingest`` checks which documents are already stored
while the engine pulls input) without any thread racing it for the DuckDB connection.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from tidings.engines.worker import ChunkResult, PipelineSpec
from tidings.records import Document, DocumentResult


def chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Engine:
    """An engine: call it with ``(documents, batch_size)`` for an iterator of results, in input order.

    Subclasses say how a chunk is submitted (:meth:`_submit`) and how its result is awaited
    (:meth:`_collect`); this class does the ordering and the back-pressure.  ``worker_rss`` maps each
    worker's pid to the largest resident set it reported, so the benchmark can show per-worker memory.
    Engines own worker processes: use them as context managers or call :meth:`close`.
    """

    name = "engine"
    default_chunk: int | None = None
    """Documents per task when ``chunk_size`` is not given (``None``: the batch size).  Multi-worker
    engines use small chunks so that even a short stream is spread over every worker."""

    def __init__(
        self,
        spec: PipelineSpec | None = None,
        chunk_size: int | None = None,
        max_pending: int | None = None,
    ) -> None:
        self.spec = spec or PipelineSpec()
        self.chunk_size = chunk_size
        self.max_pending = max_pending
        self.worker_rss: dict[int, int] = {}

    # -- what subclasses provide -----------------------------------------------------------------

    def _submit(self, chunk: list[Document], batch_size: int) -> Any:
        raise NotImplementedError

    def _collect(self, handle: Any) -> ChunkResult:
        raise NotImplementedError

    def _cancel(self, handle: Any) -> None:
        """Forget a submitted chunk whose result nobody will read (the caller stopped early)."""

    def _window(self) -> int:
        return self.max_pending or 2

    def close(self) -> None:
        """Release the workers (idempotent)."""

    # -- the shared part -------------------------------------------------------------------------

    def __call__(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
        size = self.chunk_size or min(batch_size, self.default_chunk or batch_size)
        pending: deque[Any] = deque()
        try:
            for chunk in chunks(documents, size):
                pending.append(self._submit(chunk, min(batch_size, len(chunk))))
                while len(pending) >= self._window():
                    yield from self._take(pending.popleft())
            while pending:
                yield from self._take(pending.popleft())
        finally:
            for handle in pending:
                self._cancel(handle)

    def _take(self, handle: Any) -> list[DocumentResult]:
        chunk = self._collect(handle)
        if chunk.rss > self.worker_rss.get(chunk.pid, 0):
            self.worker_rss[chunk.pid] = chunk.rss
        return chunk.results

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessEngine(Engine):
    """One process: the chunk runs right here, when it is submitted."""

    name = "local"

    def _submit(self, chunk: list[Document], batch_size: int) -> ChunkResult:
        from tidings.engines.worker import run_chunk

        return run_chunk(chunk, batch_size, self.spec)

    def _collect(self, handle: ChunkResult) -> ChunkResult:
        return handle

    def _window(self) -> int:
        return 1
