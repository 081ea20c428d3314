"""``tidings bench``: how fast tidings codes, what it costs in memory, and how fast the store answers.

Four measurements, all on synthetic but realistic documents generated here from templates (so the
benchmark needs no data set and gives the same documents on every machine; the throughput part can take
the user's own articles instead, ``tidings bench --corpus``):

1. **Throughput**: words/s and docs/s of the bare spaCy parse (:func:`tidings.nlp.load_base`) and of the
   full tidings pipeline (:func:`tidings.pipeline.process`) on the same documents, their ratio (target
   >= 0.8), per-stage times and the peak resident memory of each phase.
2. **Workers**: the resident memory of each worker process of the ``local`` engine with ``workers=N``
   (target: under 500 MB each).
3. **Ingest memory**: resident memory sampled while thousands of documents stream into a temporary store
   through :func:`tidings.ingest.ingest` with a cheap pipeline (:func:`cheap_process`), so that what is
   measured is the ingest machinery, not the model.
4. **Analytics**: one million synthetic events bulk-inserted through Arrow into a temporary store, then
   the dyad-by-month and type-by-week aggregations timed (target: under a second each).

Nothing here is part of the test suite's pass/fail: a benchmark prints numbers.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.records import QUADS, Actor, Document, DocumentResult, Event, Sentence, TextSpan, stable_id

if TYPE_CHECKING:
    import pyarrow as pa
    from spacy.language import Language
    from spacy.tokens import Doc

    from tidings.store import Store

# -- synthetic documents ---------------------------------------------------------------------------

_ACTORS: tuple[tuple[str, str], ...] = (
    ("Russian", "Russia"), ("Ukrainian", "Ukraine"), ("American", "the United States"),
    ("French", "France"), ("German", "Germany"), ("Chinese", "China"), ("Turkish", "Turkey"),
    ("Israeli", "Israel"), ("Iranian", "Iran"), ("Egyptian", "Egypt"), ("Indian", "India"),
    ("Pakistani", "Pakistan"), ("Brazilian", "Brazil"), ("Kenyan", "Kenya"), ("Polish", "Poland"),
)
_OFFICIALS = ("President", "Foreign Minister", "Defence Minister", "Prime Minister", "army chief")
_SURNAMES = ("Petrov", "Kovalenko", "Miller", "Dubois", "Schmidt", "Wang", "Demir", "Cohen", "Rahimi",
             "Hassan", "Sharma", "Khan", "Silva", "Otieno", "Nowak")
_CITIES = ("Istanbul", "Geneva", "Kharkiv", "Cairo", "Brussels", "Warsaw", "Nairobi", "Doha", "Vienna",
           "Riyadh", "Odesa", "Beijing", "Delhi", "Ankara", "Paris")
_DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
         "earlier this month", "on Saturday", "overnight", "late on Sunday")
_TEMPLATES: tuple[str, ...] = (
    "{Dem} forces shelled positions near {city} {day}, killing at least {n} people, officials said.",
    "The {dem} {office} met his {dem2} counterpart in {city} {day} to discuss a ceasefire.",
    "{Country} accused {country2} of violating the agreement, a spokesman for the {dem} government "
    "told reporters in {city}.",
    "Thousands of protesters marched through {city} {day}, demanding the resignation of the {office}.",
    "{Country} announced new sanctions against {dem2} banks and energy companies {day}.",
    "\"We will not accept any deal that ignores our security,\" {office} {name} said in {city}.",
    "The {dem} {office} rejected calls from {country2} to withdraw troops from the border region.",
    "Aid agencies said {n} lorries carrying food and medicine had crossed into the region {day}.",
    "{Country} and {country2} signed an agreement to expand trade and energy cooperation in {city}.",
    "Police in {city} arrested {n} opposition activists {day}, according to a rights group.",
    "The talks in {city} ended without a deal, but both sides agreed to meet again next month.",
    "{Dem} officials threatened to expel {dem2} diplomats if the demands were not met by Friday.",
    "Analysts said the {dem} economy had slowed sharply in the second quarter of the year.",
    "{Country} deployed additional warships to the area {day}, the defence ministry in {city} said.",
    "{office} {name} urged {country2} to release the detained journalists without delay.",
)


def _fill(template: str, rng: random.Random) -> str:
    (dem, country), (dem2, country2) = rng.sample(_ACTORS, 2)
    text = template.format(
        Dem=dem, dem=dem, dem2=dem2, Country=country[0].upper() + country[1:],
        country=country, country2=country2, city=rng.choice(_CITIES), day=rng.choice(_DAYS),
        n=rng.randint(2, 40), office=rng.choice(_OFFICIALS), name=rng.choice(_SURNAMES),
    )
    return text[0].upper() + text[1:]


def synthetic_documents(
    n: int, seed: int = 0, sentences: tuple[int, int] = (6, 14), start: dt.date = dt.date(2025, 1, 1)
) -> list[Document]:
    """``n`` news-like documents, deterministic for a seed: paragraphs of filled templates, dated over a
    year, with ids that do not depend on anything but the seed and the position."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        k = rng.randint(*sentences)
        paras, para = [], []
        for _ in range(k):
            para.append(_fill(rng.choice(_TEMPLATES), rng))
            if len(para) >= rng.randint(1, 3):
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        date = start + dt.timedelta(days=rng.randrange(365))
        docs.append(
            Document(
                id=stable_id("bench", seed, i), date=date, text="\n\n".join(paras),
                title=f"Synthetic report {i}", url=f"https://example.org/bench/{seed}/{i}",
                source="bench",
            )
        )
    return docs


def word_count(docs: Iterable[Document]) -> int:
    """Whitespace words: the unit of ``words/s`` (the same for every phase, whatever the tokeniser)."""
    return sum(len(d.text.split()) for d in docs)


# -- the cheap pipeline (ingest memory, engine tests) -------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")
_CHEAP_TRIGGERS: dict[str, str] = {
    "shelled": "ASSAULT", "accused": "ACCUSE", "met": "CONSULT", "marched": "PROTEST",
    "sanctions": "SANCTION", "rejected": "REJECT", "signed": "AGREE", "arrested": "COERCE",
    "threatened": "THREATEN", "deployed": "MOBILIZE", "urged": "REQUEST",
}
_CHEAP_RULE = "bench.cheap"


def cheap_process(documents: Iterable[Document], batch_size: int = 32) -> Iterator[DocumentResult]:
    """A fast stand-in for the pipeline with the same output shape: regex sentences and one keyword
    "event" per matching sentence.

    It is a load generator for measuring the ingest machinery (store writes, engines, memory) without
    the cost of the model; it is not a coder and its events mean nothing.  Deterministic, so it also
    serves to check that every engine returns identical records.
    """
    for d in documents:
        sentences, events = [], []
        pos = 0
        for i, piece in enumerate(p for p in _SENTENCE_END.split(d.text) if p.strip()):
            start = d.text.index(piece, pos)
            end = start + len(piece)
            pos = end
            sentences.append(Sentence(doc_id=d.id, index=i, start=start, end=end, text=piece))
            for m in re.finditer(r"[A-Za-z]+", piece):
                etype = _CHEAP_TRIGGERS.get(m.group(0))
                if etype is None:
                    continue
                first = piece.split()[0].strip("\"")
                events.append(
                    Event(
                        id=stable_id(d.id, start, m.start(), etype), doc_id=d.id, event=etype,
                        quad=QUADS[etype], actor=[Actor(text=first)], date=d.date.isoformat(),
                        sentence=piece, start=start, end=end,
                        trigger=TextSpan(text=m.group(0), start=start + m.start(), end=start + m.end()),
                        confidence=0.5, rule=_CHEAP_RULE,
                    )
                )
                break
        yield DocumentResult(document=d, sentences=sentences, events=events)


# -- memory ------------------------------------------------------------------------------------------


def rss() -> int:
    """This process's resident set size in bytes."""
    import psutil

    return int(psutil.Process(os.getpid()).memory_info().rss)


class PeakRSS:
    """Samples this process's resident memory in a thread while the ``with`` block runs."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, rss())


MB = 1024 * 1024

# -- throughput ----------------------------------------------------------------------------------------


@dataclass
class Throughput:
    """One timed pass over the documents."""

    name: str
    docs: int
    words: int
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float | None = None
    """CPU time of this process in its best pass by CPU time: on a shared machine wall-clock passes
    wait for the CPU by turns, CPU time much less (a cross-check, not the headline)."""

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


def _pass(run: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds for one pass, after a full collection (garbage left by the previous
    pass is not billed)."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - t0, time.process_time() - c0


def _timed(name: str, docs: list[Document], run: Callable[[], None]) -> Throughput:
    """One pass with its peak resident memory; :func:`_interleave` adds the further passes."""
    with PeakRSS() as mem:
        seconds, cpu = _pass(run)
    return Throughput(name, len(docs), word_count(docs), seconds, mem.peak / MB, cpu)


def _interleave(phases: list[tuple[Throughput, Callable[[], None]]], passes: int) -> None:
    """``passes`` more passes of each phase, taking turns, keeping each phase's best time.

    The machine is shared: the best pass is the least disturbed, and taking turns exposes both phases to
    the same spells of load, where timing all of one phase and then all of the other would let a busy
    minute land on one side of the ratio only.
    """
    for _ in range(passes):
        for result, run in phases:
            seconds, cpu = _pass(run)
            result.seconds = min(result.seconds, seconds)
            result.cpu_seconds = cpu if result.cpu_seconds is None else min(result.cpu_seconds, cpu)


def bare_parse(nlp: Language, docs: list[Document], batch_size: int) -> None:
    """The baseline: the model's own pipes over the texts, nothing kept."""
    for _ in nlp.pipe((d.text for d in docs), batch_size=batch_size):
        pass


def full_pipeline(nlp: Language, docs: list[Document], batch_size: int) -> None:
    """What ingest pays per document: tidings' pipeline and the records read off each ``Doc``."""
    from tidings.pipeline import process

    for _ in process(docs, nlp=nlp, batch_size=batch_size):
        pass


def stage_times(nlp: Language, docs: list[Document], batch_size: int) -> dict[str, float]:
    """Seconds spent in each pipe (and the tokeniser), running the pipes one after another per batch
    exactly as ``nlp.pipe`` does, with a clock around each."""
    from tidings import nlp as nlp_mod

    times: dict[str, float] = {"tokenizer": 0.0}
    for name, _ in nlp.pipeline:
        times[name] = 0.0
    for i in range(0, len(docs), batch_size):
        chunk = docs[i : i + batch_size]
        t0 = time.perf_counter()
        batch: list[Doc] = [nlp_mod.make_doc(nlp, d.text, d.id, d.date) for d in chunk]
        times["tokenizer"] += time.perf_counter() - t0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            if hasattr(proc, "pipe"):
                batch = list(proc.pipe(batch, batch_size=batch_size))
            else:
                batch = [proc(doc) for doc in batch]
            times[name] += time.perf_counter() - t0
    return times


# -- analytics at scale ------------------------------------------------------------------------------

_EVENT_TYPES = tuple(QUADS)
_CODES = ("RUS", "UKR", "USA", "FRA", "DEU", "CHN", "TUR", "ISR", "IRN", "EGY", "IND", "PAK", "BRA",
          "KEN", "POL", "IGO", "UNK")
_SECTORS = ("GOV", "MIL", "COP", "REB", "CVL", "")


def synthetic_events_table(n: int, seed: int = 0, start: dt.date = dt.date(2020, 1, 1)) -> pa.Table:
    """``n`` synthetic rows for the ``events`` table, built column-wise with numpy (seconds, not
    minutes, for a million).  The ``record`` column holds a marker, not a real record: the aggregations
    read the flat columns only."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    types = np.array(_EVENT_TYPES)[rng.integers(0, len(_EVENT_TYPES), n)]
    quads = np.vectorize(QUADS.__getitem__)(types)
    codes = np.array(_CODES)
    actor = codes[rng.integers(0, len(codes), n)]
    recipient = codes[rng.integers(0, len(codes), n)]
    sectors = np.array(_SECTORS)[rng.integers(0, len(_SECTORS), n)]
    days = np.datetime64(start) + rng.integers(0, 5 * 365, n).astype("timedelta64[D]")
    day_arr = pa.array(days, type=pa.date32())
    offsets = pa.array(np.arange(n + 1, dtype=np.int32))
    ids = pa.array(np.char.add("syn", np.arange(n).astype(str)))
    docs = pa.array(np.char.add("syndoc", (np.arange(n) // 8).astype(str)))
    one = pa.array(np.ones(n))
    return pa.table(
        {
            "id": ids,
            "doc_id": docs,
            "event": pa.array(types),
            "quad": pa.array(quads),
            "actor_codes": pa.ListArray.from_arrays(offsets, pa.array(actor)),
            "actor_sectors": pa.ListArray.from_arrays(offsets, pa.array(sectors)),
            "recipient_codes": pa.ListArray.from_arrays(offsets, pa.array(recipient)),
            "date": day_arr.cast(pa.string()),
            "date_precision": pa.array(np.full(n, "day")),
            "day": day_arr,
            "modality": pa.array(np.full(n, "asserted")),
            "confidence": one,
            "rule": pa.array(np.full(n, "bench.synthetic")),
            "record": pa.array(np.full(n, '{"synthetic": true}')),
        }
    )


def load_events_table(store: Store, table: pa.Table, chunk: int = 250_000) -> None:
    """Bulk-insert an Arrow table of event rows (one transaction per chunk)."""
    con = store.con
    for off in range(0, table.num_rows, chunk):
        part = table.slice(off, chunk)
        con.register("_bench_events", part)
        try:
            con.execute("INSERT INTO events BY NAME SELECT * FROM _bench_events")
        finally:
            con.unregister("_bench_events")


@dataclass
class Analytics:
    events: int
    generate_s: float
    insert_s: float
    queries_s: dict[str, float]
    rows: dict[str, int]


def analytics_benchmark(
    n_events: int = 1_000_000, directory: str | None = None, repeat: int = 3
) -> Analytics:
    """Insert ``n_events`` synthetic events into a temporary store and time the aggregations (best of
    ``repeat``, after one warm-up run)."""
    from tidings.exports.analytics import dyad_by_month, type_by_week
    from tidings.store import Store

    t0 = time.perf_counter()
    table = synthetic_events_table(n_events)
    generate_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(dir=directory) as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        t0 = time.perf_counter()
        load_events_table(store, table)
        insert_s = time.perf_counter() - t0
        del table
        queries: dict[str, Callable[[Store], Any]] = {
            "dyad_by_month": dyad_by_month, "type_by_week": type_by_week
        }
        times, rows = {}, {}
        for name, fn in queries.items():
            rows[name] = fn(store).num_rows
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                fn(store)
                samples.append(time.perf_counter() - t0)
            times[name] = min(samples)
    return Analytics(n_events, generate_s, insert_s, times, rows)


# -- ingest memory ---------------------------------------------------------------------------------


@dataclass
class IngestMemory:
    docs: int
    seconds: float
    rss_mb: list[float] = field(default_factory=list)
    """Resident memory after each tenth of the documents."""

    @property
    def growth_mb(self) -> float:
        """Growth from the second sample (after warm-up) to the last one."""
        return self.rss_mb[-1] - self.rss_mb[1] if len(self.rss_mb) > 2 else 0.0


def ingest_memory(n_docs: int = 10_000, directory: str | None = None, batch_size: int = 64) -> IngestMemory:
    """Stream ``n_docs`` generated documents through :func:`tidings.ingest.ingest` with the cheap
    pipeline into a temporary store, sampling resident memory ten times on the way."""
    from tidings.engines import get_engine
    from tidings.ingest import ingest
    from tidings.store import Store

    samples: list[float] = []
    step = max(1, n_docs // 10)

    def stream() -> Iterator[Document]:
        # generated lazily, a tenth at a time, so the input itself does not fill memory
        for part in range(0, n_docs, step):
            yield from synthetic_documents(min(step, n_docs - part), seed=1000 + part)
            samples.append(rss() / MB)

    engine = get_engine("local", processor="tidings.bench:cheap_process")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=directory) as tmp, Store(Path(tmp) / "ingest.duckdb") as store:
        ingest(stream(), store, engine=engine, engine_name="bench", batch_size=batch_size)
    return IngestMemory(n_docs, time.perf_counter() - t0, samples)


# -- the whole benchmark -----------------------------------------------------------------------------


@dataclass
class BenchReport:
    docs: int
    words: int
    source: str = "synthetic"
    """Where the throughput documents came from: ``synthetic`` or the ``--corpus`` paths."""
    bare: Throughput | None = None
    full: Throughput | None = None
    stages: dict[str, float] = field(default_factory=dict)
    worker_rss_mb: dict[int, float] = field(default_factory=dict)
    ingest: IngestMemory | None = None
    analytics: Analytics | None = None
    error: str | None = None
    machine: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Full-pipeline throughput as a fraction of the bare parse's (target >= 0.8)."""
        if self.bare and self.full and self.bare.words_per_s:
            return self.full.words_per_s / self.bare.words_per_s
        return None

    @property
    def cpu_ratio(self) -> float | None:
        """The same ratio from the CPU time of each phase's best pass (steadier on a shared machine)."""
        if self.bare and self.full and self.bare.cpu_seconds and self.full.cpu_seconds:
            return self.bare.cpu_seconds / self.full.cpu_seconds
        return None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = self.ratio
        d["cpu_ratio"] = self.cpu_ratio
        for key in ("bare", "full"):
            t = getattr(self, key)
            if t is not None:
                d[key].update(words_per_s=t.words_per_s, docs_per_s=t.docs_per_s)
        return d


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import platform

    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def run_bench(
    n_docs: int = 200,
    batch_size: int = 32,
    repeat: int = 5,
    workers: int = 2,
    ingest_docs: int = 10_000,
    events: int = 1_000_000,
    full: bool = True,
    progress: Callable[[str], None] | None = None,
    corpus: list[Document] | None = None,
    source: str = "synthetic",
) -> BenchReport:
    """Run the benchmark's parts (a part with a zero size is skipped) and collect the numbers.

    ``corpus`` replaces the synthetic documents of the throughput part (the first ``n_docs`` of it):
    the synthetic ones are short and dense with events (every sentence a report of an act between two
    countries), the worst case for the tidings stages against the parse; a user's own articles say what
    their stream costs.  ``source`` names them in the report.
    """
    from tidings import nlp as nlp_mod

    say = progress or (lambda _msg: None)
    docs = synthetic_documents(n_docs) if corpus is None else corpus[:n_docs]
    report = BenchReport(docs=len(docs), words=word_count(docs), machine=machine(),
                         source="synthetic" if corpus is None else source)
    if n_docs:
        say(f"bare parse of {len(docs)} documents ...")
        base = nlp_mod.load_base()
        bare_parse(base, docs[:8], batch_size)  # warm-up

        def run_bare() -> None:
            bare_parse(base, docs, batch_size)

        # the first pass of each phase also gives its peak memory (the bare one before the full
        # pipeline is loaded); the further passes take turns (see _interleave)
        report.bare = _timed("bare parse", docs, run_bare)
        phases = [(report.bare, run_bare)]
        pipe: Language | None = None
        if full:
            say("full pipeline ...")
            try:
                pipe = nlp_mod.load()
            except Exception as exc:  # a stage missing from this checkout: report, keep measuring
                report.error = f"full pipeline unavailable: {type(exc).__name__}: {exc}"
        if pipe is not None:
            loaded = pipe
            full_pipeline(loaded, docs[:8], batch_size)

            def run_full() -> None:
                full_pipeline(loaded, docs, batch_size)

            report.full = _timed("full pipeline", docs, run_full)
            phases.append((report.full, run_full))
        if repeat > 1:
            say(f"{repeat - 1} more passes of each, taking turns ...")
            _interleave(phases, repeat - 1)
        if pipe is not None:
            report.stages = stage_times(pipe, docs, batch_size)
        if workers > 1 and report.error is None:
            say(f"local engine with {workers} workers ...")
            from tidings.engines import get_engine

            with get_engine("local", workers=workers, stages=None if full else ()) as engine:
                for _ in engine(docs, batch_size):
                    pass
                report.worker_rss_mb = {pid: b / MB for pid, b in engine.worker_rss.items()}
    if ingest_docs:
        say(f"ingest memory over {ingest_docs} documents ...")
        report.ingest = ingest_memory(ingest_docs)
    if events:
        say(f"analytics over {events} synthetic events ...")
        report.analytics = analytics_benchmark(events)
    return report


def format_report(report: BenchReport) -> str:
    """The human-readable summary ``tidings bench`` prints."""
    m = report.machine
    lines = [
        f"machine: {m.get('cpus')} CPUs, {m.get('memory_gb')} GB, Python {m.get('python')}, "
        f"load {m.get('load_avg')}",
        f"documents: {report.docs} {report.source}, {report.words} words",
    ]
    for t in (report.bare, report.full):
        if t is not None:
            lines.append(
                f"{t.name:<14} {t.words_per_s:>9,.0f} words/s {t.docs_per_s:>8,.1f} docs/s "
                f"{t.seconds:>7.2f} s   peak RSS {t.peak_rss_mb:,.0f} MB"
            )
    if report.ratio is not None:
        verdict = "ok" if report.ratio >= 0.8 else "BELOW TARGET 0.8"
        lines.append(f"ratio full/bare: {report.ratio:.2f} ({verdict})")
    if report.cpu_ratio is not None and report.bare and report.full:
        lines.append(
            f"  by CPU time: {report.cpu_ratio:.2f} (bare {report.bare.cpu_seconds:.2f} s, full "
            f"{report.full.cpu_seconds:.2f} s; a cross-check for shared machines)"
        )
    if report.error:
        lines.append(report.error)
    if report.stages:
        total = sum(report.stages.values()) or 1.0
        lines.append("per-stage time:")
        for name, sec in sorted(report.stages.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name:<22} {sec:>7.3f} s  {100 * sec / total:5.1f} %")
    if report.worker_rss_mb:
        worst = max(report.worker_rss_mb.values())
        lines.append(
            f"worker RSS: {', '.join(f'{v:,.0f} MB' for v in report.worker_rss_mb.values())} "
            f"({'ok' if worst < 500 else 'OVER 500 MB'})"
        )
    if report.ingest is not None:
        ing = report.ingest
        lines.append(
            f"ingest {ing.docs} docs (cheap pipeline): {ing.seconds:.1f} s, RSS "
            f"{' '.join(f'{x:.0f}' for x in ing.rss_mb)} MB, growth after warm-up {ing.growth_mb:+.1f} MB"
        )
    if report.analytics is not None:
        a = report.analytics
        lines.append(
            f"analytics: {a.events:,} events generated {a.generate_s:.1f} s, inserted {a.insert_s:.1f} s"
        )
        for name, sec in a.queries_s.items():
            lines.append(f"  {name:<14} {sec * 1000:>8.1f} ms  ({a.rows[name]:,} rows)"
                         f"{'' if sec < 1 else '  OVER 1 s'}")
    return "\n".join(lines)

