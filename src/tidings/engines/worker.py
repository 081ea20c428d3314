"""What runs inside an engine's worker: a chunk of documents in, their records out.

Every engine -- one process, a process pool, a Dask cluster -- ends up calling :func:`run_chunk` with a
:class:`PipelineSpec`, so all of them produce records through the same code path
(:func:`tidings.pipeline.process`) and therefore identical records.  The spec is a small frozen value
(no model, no function objects) so that it pickles across ``spawn``/``forkserver`` and Dask without
dragging a spaCy pipeline over the wire; each worker process loads its model once, through the
``lru_cache`` of :func:`tidings.nlp.load`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from tidings.records import Document, DocumentResult

Processor = Callable[[Iterable[Document], int], Iterator[DocumentResult]]
"""The signature every engine shares: ``(documents, batch_size) -> iterator of DocumentResult``."""


@dataclass(frozen=True)
class PipelineSpec:
    """How a worker should code documents, as plain picklable data.

    ``stages`` restricts the tidings components (``None``: all of them; ``()``: the bare model and no
    tidings stage).  ``processor`` names a ``module:function`` with the :data:`Processor` signature that
    replaces the spaCy pipeline entirely (the benchmark's cheap pipeline, tests); it is named, not passed,
    so that a fresh ``spawn``-ed worker can import it.
    """

    stages: tuple[str, ...] | None = None
    processor: str | None = None
    verify: bool = True


@dataclass
class ChunkResult:
    """A chunk's records plus the worker's resident memory after coding it (for ``tidings bench``)."""

    results: list[DocumentResult]
    pid: int
    rss: int = 0
    extra: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=8)
def resolve_processor(spec: PipelineSpec) -> Processor:
    """The processor a spec names, resolved (and its model loaded) once per process."""
    if spec.processor:
        module_name, _, attr = spec.processor.partition(":")
        if not attr:
            raise ValueError(f"processor must be 'module:function', got {spec.processor!r}")
        fn: Processor = getattr(importlib.import_module(module_name), attr)
        return fn

    from tidings import nlp as nlp_mod
    from tidings.pipeline import process

    nlp = nlp_mod.load(spec.stages, verify=spec.verify)

    def run(documents: Iterable[Document], batch_size: int) -> Iterator[DocumentResult]:
        return process(documents, nlp=nlp, batch_size=batch_size)

    return run


def _rss() -> int:
    try:
        import psutil

        return int(psutil.Process(os.getpid()).memory_info().rss)
    except Exception:  # pragma: no cover - psutil is a dependency, but memory is only a report
        return 0


def warm(spec: PipelineSpec) -> int:
    """Load the spec's pipeline in this process now (pool initialiser, Dask plugin); return the pid."""
    resolve_processor(spec)
    return os.getpid()


def run_chunk(documents: list[Document], batch_size: int, spec: PipelineSpec) -> ChunkResult:
    """Code one chunk in this process, in order."""
    results = list(resolve_processor(spec)(documents, batch_size))
    return ChunkResult(results=results, pid=os.getpid(), rss=_rss())
