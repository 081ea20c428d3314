"""The ``local`` engine with ``workers=N``: N worker processes on this machine, input order preserved.

Workers are started with ``spawn`` (or ``forkserver``), never ``fork``: a forked copy of a process that
already holds a spaCy model, a DuckDB connection and threads is a known source of deadlocks.  Each
worker loads the model once, in the pool initialiser, and keeps it for every chunk it codes.
"""

from __future__ import annotations

import multiprocessing
import weakref
from multiprocessing.pool import AsyncResult, Pool

from tidings.engines.base import Engine
from tidings.engines.worker import ChunkResult, PipelineSpec, run_chunk, warm
from tidings.records import Document

START_METHODS = ("spawn", "forkserver")


class PoolEngine(Engine):
    """A pool of ``workers`` processes, started on first use and kept until :meth:`close`."""

    name = "local"
    default_chunk = 16

    def __init__(
        self,
        workers: int,
        spec: PipelineSpec | None = None,
        start_method: str = "spawn",
        chunk_size: int | None = None,
        max_pending: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        if start_method not in START_METHODS:
            raise ValueError(f"start_method must be one of {', '.join(START_METHODS)}, got {start_method!r}")
        super().__init__(spec, chunk_size, max_pending)
        self.workers = workers
        self.start_method = start_method
        self._pool: Pool | None = None
        self._finalizer: weakref.finalize | None = None

    def _get_pool(self) -> Pool:
        if self._pool is None:
            ctx = multiprocessing.get_context(self.start_method)
            self._pool = ctx.Pool(processes=self.workers, initializer=warm, initargs=(self.spec,))
            self._finalizer = weakref.finalize(self, _shutdown, self._pool)
        return self._pool

    def _window(self) -> int:
        return self.max_pending or 2 * self.workers

    def _submit(self, chunk: list[Document], batch_size: int) -> AsyncResult[ChunkResult]:
        return self._get_pool().apply_async(run_chunk, (chunk, batch_size, self.spec))

    def _collect(self, handle: AsyncResult[ChunkResult]) -> ChunkResult:
        return handle.get()

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._pool = None
        self._finalizer = None


def _shutdown(pool: Pool) -> None:
    pool.close()
    pool.join()
