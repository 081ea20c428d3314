"""Engines: the same documents in, the same records out, on one process or many.

An engine is a callable ``(documents, batch_size) -> iterator of DocumentResult`` that yields results
in input order.  Every engine codes through :func:`tidings.pipeline.process` (see
:mod:`tidings.engines.worker`) and ids are deterministic, so every engine stores identical records.
The store is written by one writer (the caller, :func:`tidings.ingest.ingest`), never by the workers.

=========  ===================================================================================
``local``  one process through ``nlp.pipe``; with ``workers=N``, N ``spawn``-ed processes
``dask``   a ``dask.distributed`` cluster: a ``LocalCluster`` of ``workers`` processes, or the
           scheduler at ``scheduler=ADDRESS``
=========  ===================================================================================

Options every engine accepts: ``stages`` (restrict the tidings stages, ``()`` for the bare model),
``processor`` (``"module:function"`` replacing the pipeline, e.g. the benchmark's cheap one),
``chunk_size`` (documents per task, default the batch size) and ``max_pending`` (tasks in flight).
Engines that start processes are context managers; :func:`close_engine` closes any engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tidings.engines.base import Engine as EngineBase
from tidings.engines.base import InProcessEngine
from tidings.engines.worker import PipelineSpec, Processor
from tidings.records import Document, DocumentResult

Engine = Callable[[Iterable[Document], int], Iterator[DocumentResult]]
"""What :func:`tidings.ingest.ingest` calls: ``(documents, batch_size) -> iterator of DocumentResult``."""


def local(documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
    """One process, batching documents through ``nlp.pipe`` with the full pipeline."""
    from tidings.pipeline import process

    yield from process(documents, batch_size=batch_size)


_SPEC_OPTIONS = ("stages", "processor", "verify")
_COMMON_OPTIONS = ("chunk_size", "max_pending")


def _spec(options: dict[str, Any]) -> PipelineSpec:
    stages = options.pop("stages", None)
    return PipelineSpec(
        stages=tuple(stages) if stages is not None else None,
        processor=options.pop("processor", None),
        verify=bool(options.pop("verify", True)),
    )


def _check(name: str, options: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(options) - set(allowed) - set(_SPEC_OPTIONS) - set(_COMMON_OPTIONS))
    if unknown:
        raise ValueError(f"engine {name!r} does not take {', '.join(unknown)}")


def _make_local(**options: Any) -> EngineBase:
    _check("local", options, ("workers", "start_method"))
    spec = _spec(options)
    workers = options.pop("workers", None)
    common = {k: options.pop(k) for k in _COMMON_OPTIONS if k in options}
    if workers is None or int(workers) <= 1:
        return InProcessEngine(spec, **common)
    from tidings.engines.pool import PoolEngine

    return PoolEngine(int(workers), spec, start_method=options.pop("start_method", "spawn"), **common)


def _make_dask(**options: Any) -> EngineBase:
    _check("dask", options, ("workers", "scheduler"))
    spec = _spec(options)
    from tidings.engines.dask_engine import DaskEngine

    workers = options.pop("workers", None)
    return DaskEngine(
        workers=int(workers) if workers is not None else None,
        scheduler=options.pop("scheduler", None),
        spec=spec,
        **{k: options.pop(k) for k in _COMMON_OPTIONS if k in options},
    )


ENGINES: dict[str, Callable[..., EngineBase]] = {"local": _make_local, "dask": _make_dask}
"""Engine factories by name; each takes keyword options and returns a ready (lazily started) engine."""


def get_engine(name: str, **options: Any) -> EngineBase:
    """The engine called ``name`` with ``options`` bound (``workers``, ``scheduler``, ``stages``, ...).

    Raises :class:`ValueError` for an unknown engine or an option it does not take (the CLI turns that
    into a usage error).  Processes and clusters start on first use, not here.
    """
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(sorted(ENGINES))})")
    return ENGINES[name](**options)


def close_engine(engine: Engine) -> None:
    """Close an engine that holds workers; a plain function engine needs nothing."""
    close = getattr(engine, "close", None)
    if callable(close):
        close()


__all__ = [
    "ENGINES",
    "Engine",
    "EngineBase",
    "PipelineSpec",
    "Processor",
    "close_engine",
    "get_engine",
    "local",
]
