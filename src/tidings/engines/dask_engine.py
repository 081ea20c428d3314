"""The ``dask`` engine: chunks coded on a ``dask.distributed`` cluster, results streamed back in order.

Without a scheduler address the engine starts a ``LocalCluster`` of ``workers`` single-threaded worker
processes (one model per process, no GIL contention between two pipelines); with one it connects a
``Client`` to that scheduler and uses whatever workers it has.  A :class:`ModelPlugin` loads the model
on every worker as it joins, so the first chunk does not pay for it and a worker that cannot load the
model fails loudly at start-up.  Only the caller writes to the store: workers return records.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from tidings.engines.base import Engine
from tidings.engines.worker import ChunkResult, PipelineSpec, run_chunk, warm
from tidings.records import Document, stable_id

if TYPE_CHECKING:
    from distributed import Client, Future

DEFAULT_WORKERS = 2


class ModelPlugin(WorkerPlugin):
    """Loads the spec's pipeline once on each worker when it joins the cluster."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        # a stable name, so registering the same spec twice on one cluster is a no-op
        self.name = "tidings-model-" + stable_id(spec.stages, spec.processor, spec.verify, length=12)

    def setup(self, worker: Any) -> None:
        warm(self.spec)


class DaskEngine(Engine):
    """Code chunks on Dask workers; the cluster (or client) is created on first use."""

    name = "dask"
    default_chunk = 16

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        spec: PipelineSpec | None = None,
        chunk_size: int | None = None,
        max_pending: int | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        super().__init__(spec, chunk_size, max_pending)
        self.workers = workers
        self.scheduler = scheduler
        self._client: Client | None = None
        self._n_workers = workers or DEFAULT_WORKERS
        self._finalizer: weakref.finalize | None = None

    def client(self) -> Client:
        """The connected client, starting a LocalCluster if no scheduler address was given."""
        if self._client is None:
            from distributed import Client, LocalCluster

            cluster = None
            if self.scheduler:
                client = Client(self.scheduler)
            else:
                cluster = LocalCluster(
                    n_workers=self.workers or DEFAULT_WORKERS,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                )
                client = Client(cluster)
            self._finalizer = weakref.finalize(self, _shutdown, client, cluster)
            client.register_plugin(ModelPlugin(self.spec))
            if self.scheduler and not self.workers:
                self._n_workers = len(client.scheduler_info().get("workers", {})) or DEFAULT_WORKERS
            self._client = client
        return self._client

    def _window(self) -> int:
        return self.max_pending or 2 * self._n_workers

    def _submit(self, chunk: list[Document], batch_size: int) -> Future:
        return self.client().submit(run_chunk, chunk, batch_size, self.spec, pure=False)

    def _collect(self, handle: Future) -> ChunkResult:
        result: ChunkResult = handle.result()
        return result

    def _cancel(self, handle: Future) -> None:
        handle.cancel()

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._client = None
        self._finalizer = None


def _shutdown(client: Client, cluster: Any) -> None:
    client.close()
    if cluster is not None:
        cluster.close()
