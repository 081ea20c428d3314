"""Document readers for seed-style text, JSON Lines, CSV, directories and stdin."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tidings.records import Document, stable_id

MAX_BYTES = 2 * 1024 * 1024
"""Documents over 2 MB are refused: they are almost always concatenated feeds or binary dumps."""

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

_DATE_LINE = re.compile(r"^\ufeff?\s*date\s+(\S+)[ \t]*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class InputError:
    """One refused input: where it is and why."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no trailing whitespace at the end.  Offsets refer to this form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.strip()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing date")
    raw = value.strip()
    try:
        # A time may follow the day ("2025-02-27T10:00Z"), but not more digits ("2025-02-271").
        if len(raw) > 10 and raw[10] not in "T ":
            raise ValueError(raw)
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise ValueError(f"impossible or malformed date {raw!r} (expected YYYY-MM-DD)") from None


def make_document(
    text: str,
    date: dt.date | str,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    origin: str | None = None,
) -> Document:
    """Validate and normalise one document; raise ``ValueError`` with a reason a user can act on.

    The id is the given one, else a hash of the date and normalised text, so re-reading the same article
    gives the same id (and re-ingesting it replaces rather than duplicates its records).
    """
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"document is over {MAX_BYTES // (1024 * 1024)} MB")
    if "\x00" in text:
        raise ValueError("text contains NUL bytes (binary data?)")
    body = normalise_text(text)
    if not body:
        raise ValueError("empty text")
    day = _parse_date(date)
    doc_id = str(id).strip() if id not in (None, "") else stable_id(day.isoformat(), body)
    return Document(
        id=doc_id,
        date=day,
        text=body,
        title=title or None,
        url=url or None,
        source=source or None,
        origin=origin,
    )


Item = Document | InputError


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ValueError(f"file is over {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def read_text_file(path: Path) -> Iterator[Item]:
    """A seed-style article: first line `` date YYYY-MM-DD`` then the body (possibly on the same line)."""
    name = str(path)
    try:
        data = path.read_bytes()
        raw = _decode(data, name)
    except (OSError, ValueError) as exc:
        yield InputError(name, str(exc))
        return
    if not raw.strip():
        yield InputError(name, "empty file")
        return
    m = _DATE_LINE.match(raw)
    if not m:
        yield InputError(name, "first line must start with ' date YYYY-MM-DD'", line=1)
        return
    try:
        yield make_document(m.group(2), m.group(1), origin=name)
    except ValueError as exc:
        yield InputError(name, str(exc), line=1)


def _record_to_document(rec: Any, origin: str) -> Document:
    if not isinstance(rec, dict):
        raise ValueError("expected a JSON object")
    missing = [f for f in ("date", "text") if rec.get(f) in (None, "")]
    if missing:
        raise ValueError("missing field " + ", ".join(repr(f) for f in missing))
    return make_document(
        rec["text"],
        rec["date"],
        id=rec.get("id"),
        title=rec.get("title"),
        url=rec.get("url"),
        source=rec.get("source"),
        origin=origin,
    )


def read_jsonl_stream(stream: IO[str], name: str) -> Iterator[Item]:
    for lineno, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(name, f"malformed JSON ({exc.msg})", line=lineno)
            continue
        try:
            yield _record_to_document(rec, f"{name}:{lineno}")
        except ValueError as exc:
            yield InputError(name, str(exc), line=lineno)


def _text_stream(path: Path) -> IO[str]:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline=None)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def read_jsonl_file(path: Path) -> Iterator[Item]:
    try:
        stream = _text_stream(path)
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc))
        return
    if not stream.getvalue().strip():  # type: ignore[attr-defined]
        yield InputError(str(path), "empty file")
        return
    yield from read_jsonl_stream(stream, str(path))


def read_csv_file(path: Path) -> Iterator[Item]:
    name = str(path)
    try:
        stream = _text_stream(path)
    except (OSError, ValueError) as exc:
        yield InputError(name, str(exc))
        return
    csv.field_size_limit(MAX_BYTES * 2)
    reader = csv.DictReader(stream)
    if not reader.fieldnames:
        yield InputError(name, "empty file")
        return
    fields = {f.strip().lower() for f in reader.fieldnames if f}
    missing = [f for f in ("date", "text") if f not in fields]
    if missing:
        yield InputError(name, "CSV header lacks column " + ", ".join(repr(f) for f in missing), line=1)
        return
    rows = iter(reader)
    while True:
        try:
            rec = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over the parser's limit: the rest cannot be trusted
            # The bad record starts on the line after the last one the reader finished.
            yield InputError(name, f"malformed CSV ({exc})", line=reader.line_num + 1)
            return
        lineno = reader.line_num
        clean = {(k or "").strip().lower(): v for k, v in rec.items()}
        try:
            yield _record_to_document(clean, f"{name}:{lineno}")
        except ValueError as exc:
            yield InputError(name, str(exc), line=lineno)


def read_path(path: Path) -> Iterator[Item]:
    """One file by extension (``.txt``, ``.jsonl``/``.ndjson``, ``.csv``) or a directory, recursively."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
        if not files:
            yield InputError(str(path), "directory holds no .txt, .jsonl or .csv files")
        for f in files:
            yield from read_path(f)
        return
    if not path.exists():
        yield InputError(str(path), "no such file or directory")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv_file(path)
    else:
        yield from read_text_file(path)


def read_stream(stream: IO[str], name: str = "<stdin>") -> Iterator[Item]:
    """JSON Lines from a stream (``-`` on the command line)."""
    yield from read_jsonl_stream(stream, name)


def read_paths(paths: Iterable[str | Path], stdin: IO[str] | None = None) -> Iterator[Item]:
    """Documents and errors from every path; ``-`` reads JSON Lines from ``stdin``."""
    for p in paths:
        if str(p) == "-":
            import sys

            yield from read_stream(stdin or sys.stdin)
        else:
            yield from read_path(Path(p))
