"""Document readers: every accepted format, normalisation, stable ids, and every refused input."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest

from tidings.documents import MAX_BYTES, InputError, make_document, normalise_text, read_paths, read_stream
from tidings.records import Document

BODY = (
    "Kenyan police fired tear gas at protesters in Nairobi on Tuesday, witnesses said.\n\n"
    "\"We will not be silenced,\" one organiser told reporters."
)


def _items(*paths: str | Path, stdin: str | None = None) -> list[Document | InputError]:
    return list(read_paths(paths, stdin=io.StringIO(stdin) if stdin is not None else None))


def _docs(items: list[Document | InputError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _errors(items: list[Document | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# -- seed-style text --------------------------------------------------------------------------------


def test_text_file_with_body_on_the_date_line(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", f" date 2024-06-25 {BODY}\n")
    (doc,) = _items(f)
    assert isinstance(doc, Document)
    assert doc.date == dt.date(2024, 6, 25)
    assert doc.text == BODY
    assert doc.origin == str(f)


def test_text_file_with_body_on_the_following_lines(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", f" date 2024-06-25\n{BODY}\n")
    (doc,) = _items(f)
    assert isinstance(doc, Document)
    assert doc.text == BODY


def test_text_file_with_byte_order_mark(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", ("\ufeff date 2024-06-25 " + BODY).encode("utf-8"))
    (doc,) = _items(f)
    assert isinstance(doc, Document) and doc.text == BODY


def test_date_may_carry_a_time(tmp_path: Path) -> None:
    f = _write(tmp_path / "feed.jsonl", json.dumps({"date": "2024-06-25T14:30:00Z", "text": BODY}) + "\n")
    (doc,) = _items(f)
    assert isinstance(doc, Document) and doc.date == dt.date(2024, 6, 25)


# -- JSON Lines, CSV, stdin -------------------------------------------------------------------------


def test_jsonl_with_and_without_id(tmp_path: Path) -> None:
    lines = [
        {"id": "wire-001", "date": "2025-01-16", "text": BODY, "title": "Protest", "url": "https://x.test/1",
         "source": "Test Wire"},
        {"date": "2025-01-17", "text": "Aid trucks crossed into Darfur on Thursday."},
    ]
    f = _write(tmp_path / "feed.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    first, second = _items(f)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.title, first.url, first.source) == ("wire-001", "Protest", "https://x.test/1",
                                                              "Test Wire")
    assert second.id == make_document("Aid trucks crossed into Darfur on Thursday.", "2025-01-17").id
    assert second.title is None


def test_ndjson_suffix_is_json_lines(tmp_path: Path) -> None:
    f = _write(tmp_path / "feed.ndjson", json.dumps({"date": "2025-01-16", "text": BODY}) + "\n")
    assert len(_docs(_items(f))) == 1


def test_jsonl_blank_lines_are_skipped(tmp_path: Path) -> None:
    rec = json.dumps({"date": "2025-01-16", "text": BODY})
    f = _write(tmp_path / "feed.jsonl", f"\n{rec}\n\n   \n")
    assert _errors(_items(f)) == []


def test_csv_with_the_same_columns(tmp_path: Path) -> None:
    f = tmp_path / "feed.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        import csv

        w = csv.writer(fh)
        w.writerow(["ID", "Date", "Title", "Text"])  # header case does not matter
        w.writerow(["c1", "2025-02-03", "Strike", BODY])  # a quoted field with newlines inside
        w.writerow(["", "2025-02-04", "", "Ministers met in Geneva."])
    first, second = _items(f)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.date, first.title, first.text) == ("c1", dt.date(2025, 2, 3), "Strike", BODY)
    assert second.id == make_document("Ministers met in Geneva.", "2025-02-04").id
    assert second.title is None


def test_stdin_dash_reads_json_lines() -> None:
    stdin = json.dumps({"id": "s1", "date": "2025-05-20", "text": BODY}) + "\n"
    (doc,) = _items("-", stdin=stdin)
    assert isinstance(doc, Document) and doc.id == "s1"


def test_dash_defaults_to_the_process_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"date": "2025-05-20", "text": BODY}) + "\n"))
    (doc,) = list(read_paths(["-"]))
    assert isinstance(doc, Document) and doc.origin == "<stdin>:1"


def test_read_stream_names_its_source_in_errors() -> None:
    (err,) = list(read_stream(io.StringIO("{not json\n"), name="<feed>"))
    assert isinstance(err, InputError)
    assert str(err).startswith("<feed>:1: malformed JSON")


# -- directories ------------------------------------------------------------------------------------


def test_directory_is_read_recursively_by_extension_in_sorted_order(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", f" date 2025-01-02 {BODY}")
    _write(tmp_path / "sub" / "deeper" / "a.txt", " date 2025-01-01 Troops withdrew from the town.")
    _write(tmp_path / "sub" / "feed.jsonl", json.dumps({"date": "2025-01-03", "text": "Talks resumed."}))
    _write(tmp_path / "README.md", "Not an article.")
    _write(tmp_path / "notes.json", "{}")
    items = _items(tmp_path)
    assert _errors(items) == []
    assert [d.origin for d in _docs(items)] == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "deeper" / "a.txt"),
        f"{tmp_path / 'sub' / 'feed.jsonl'}:1",
    ]


def test_directory_without_articles_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "README.md", "Nothing here.")
    (err,) = _items(tmp_path)
    assert isinstance(err, InputError) and "no .txt" in err.reason


def test_missing_path_is_refused_by_name(tmp_path: Path) -> None:
    (err,) = _items(tmp_path / "nope.txt")
    assert isinstance(err, InputError)
    assert err.source == str(tmp_path / "nope.txt") and "no such file" in err.reason


# -- ids and normalisation --------------------------------------------------------------------------


def test_ids_are_stable_across_reads_and_formats(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.txt", f" date 2024-06-25 {BODY}")
    g = _write(tmp_path / "b.jsonl", json.dumps({"date": "2024-06-25", "text": BODY}))
    (a1,), (a2,), (b,) = _items(f), _items(f), _items(g)
    assert isinstance(a1, Document) and isinstance(a2, Document) and isinstance(b, Document)
    assert a1.id == a2.id == b.id
    assert len(a1.id) == 16


def test_id_depends_on_text_and_date() -> None:
    base = make_document(BODY, "2024-06-25").id
    assert make_document(BODY + " More.", "2024-06-25").id != base
    assert make_document(BODY, "2024-06-26").id != base


def test_id_ignores_newline_and_unicode_form_differences() -> None:
    composed = make_document("Protesters marched in Bogotá.\nPolice watched.", "2025-01-10")
    decomposed = make_document("Protesters marched in Bogota\u0301.\r\nPolice watched.\r\n", "2025-01-10")
    assert composed.id == decomposed.id
    assert composed.text == decomposed.text


def test_text_is_nfc_with_unix_newlines(tmp_path: Path) -> None:
    raw = (
        " date 2025-01-10 Ministers met in Sa\u0303o Paulo.\r\n\r\n"
        "They agreed to talk again in Gen\u00e8ve.\r"
    )
    f = _write(tmp_path / "a.txt", raw.encode("utf-8"))
    (doc,) = _items(f)
    assert isinstance(doc, Document)
    assert "\r" not in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.text == "Ministers met in São Paulo.\n\nThey agreed to talk again in Genève."


def test_offsets_refer_to_the_stored_text(tmp_path: Path) -> None:
    # A decomposed character before the name shifts raw offsets by one; stored offsets must not shift.
    raw = " date 2025-01-10 Presidente Petro\u0301 met Mexico's Claudia Sheinbaum.\r\n\r\nNo deal emerged."
    f = _write(tmp_path / "a.txt", raw.encode("utf-8"))
    (doc,) = _items(f)
    assert isinstance(doc, Document)
    start = doc.text.index("Claudia Sheinbaum")
    assert doc.text[start : start + len("Claudia Sheinbaum")] == "Claudia Sheinbaum"
    assert start == len("Presidente Petró met Mexico's ")
    assert doc.text[doc.text.index("No deal") - 2 : doc.text.index("No deal")] == "\n\n"
    # Normalising the stored text again changes nothing, so offsets computed on it stay valid.
    assert normalise_text(doc.text) == doc.text
    assert make_document(doc.text, doc.date).id == doc.id


def test_surrounding_whitespace_is_stripped() -> None:
    assert normalise_text("\n\n  Talks resumed.  \n") == "Talks resumed."


# -- refused inputs ---------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.jsonl", "empty.csv"):
        (err,) = _items(_write(tmp_path / name, ""))
        assert isinstance(err, InputError)
        assert err.source == str(tmp_path / name) and err.reason == "empty file"


def test_whitespace_only_text_file_is_empty(tmp_path: Path) -> None:
    (err,) = _items(_write(tmp_path / "blank.txt", "\n  \n"))
    assert isinstance(err, InputError) and err.reason == "empty file"


def test_date_line_without_body_is_refused(tmp_path: Path) -> None:
    (err,) = _items(_write(tmp_path / "a.txt", " date 2025-01-10\n\n"))
    assert isinstance(err, InputError) and err.reason == "empty text" and err.line == 1


def test_binary_file_is_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    for name in ("image.txt", "image.jsonl", "image.csv"):
        (err,) = _items(_write(tmp_path / name, png))
        assert isinstance(err, InputError) and "binary" in err.reason


def test_undecodable_file_is_refused_with_byte_offset(tmp_path: Path) -> None:
    latin1 = " date 2025-01-10 Protesters gathered in Bogotá.".encode("latin-1")
    (err,) = _items(_write(tmp_path / "latin1.txt", latin1))
    assert isinstance(err, InputError)
    bad_byte = latin1.index("á".encode("latin-1"))
    assert err.reason == f"not valid UTF-8 (byte {bad_byte})"
    (err,) = _items(_write(tmp_path / "latin1.jsonl", b'{"date": "2025-01-10", "text": "Bogot\xe1"}'))
    assert isinstance(err, InputError) and "not valid UTF-8" in err.reason


def test_missing_date_line_is_refused(tmp_path: Path) -> None:
    (err,) = _items(_write(tmp_path / "nodate.txt", BODY))
    assert isinstance(err, InputError)
    assert (err.source, err.line) == (str(tmp_path / "nodate.txt"), 1)
    assert "date YYYY-MM-DD" in err.reason


@pytest.mark.parametrize("bad", ["2025-13-45", "2025-02-30", "25-01-10", "2025-01-1O", "2025-01-102"])
def test_impossible_or_malformed_date_is_refused(tmp_path: Path, bad: str) -> None:
    f = _write(tmp_path / "a.txt", f" date {bad} {BODY}")
    (err,) = _items(f)
    assert isinstance(err, InputError)
    assert str(err) == f"{f}:1: impossible or malformed date {bad!r} (expected YYYY-MM-DD)"


def test_malformed_jsonl_line_among_good_ones(tmp_path: Path) -> None:
    good = json.dumps({"date": "2025-01-16", "text": BODY})
    other = json.dumps({"date": "2025-01-17", "text": "Aid trucks crossed into Darfur."})
    f = _write(tmp_path / "feed.jsonl", f"{good}\n{{\"date\": \"2025-01-16\", \"text\": \n{other}\n")
    items = _items(f)
    assert [d.date.day for d in _docs(items)] == [16, 17]
    (err,) = _errors(items)
    assert (err.source, err.line) == (str(f), 2)
    assert str(err).startswith(f"{f}:2: malformed JSON")


def test_jsonl_records_with_bad_fields_are_refused_by_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"date": "2025-01-16", "text": BODY}),
        json.dumps({"text": BODY}),
        json.dumps({"date": "2025-01-16", "text": ""}),
        json.dumps({"date": "2025-13-45", "text": BODY}),
        json.dumps({"date": "2025-01-16", "text": 42}),
        json.dumps(["2025-01-16", BODY]),
    ]
    f = _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = _items(f)
    assert len(_docs(items)) == 1
    errors = _errors(items)
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert "missing field 'date'" in errors[0].reason
    assert "missing field 'text'" in errors[1].reason
    assert "impossible or malformed date" in errors[2].reason
    assert "must be a string" in errors[3].reason
    assert "JSON object" in errors[4].reason
    assert all("\n" not in str(e) for e in errors)


def test_csv_without_date_or_text_column_is_refused(tmp_path: Path) -> None:
    f = _write(tmp_path / "feed.csv", "id,headline,body\n1,Talks,Ministers met.\n")
    (err,) = _items(f)
    assert isinstance(err, InputError)
    assert (err.source, err.line) == (str(f), 1)
    assert "'date'" in err.reason and "'text'" in err.reason


def test_csv_bad_row_is_refused_by_line_and_neighbours_kept(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "feed.csv",
        "date,text\n2025-01-10,Ministers met in Geneva.\n2025-13-45,Troops withdrew.\n"
        "2025-01-12,\n2025-01-13,Police arrested ten protesters.\n",
    )
    items = _items(f)
    assert [d.date.day for d in _docs(items)] == [10, 13]
    assert [(e.line, e.reason.split(" ")[0]) for e in _errors(items)] == [(3, "impossible"), (4, "missing")]


def test_document_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = "Talks resumed in Geneva. " * (MAX_BYTES // 25 + 10)
    (err,) = _items(_write(tmp_path / "big.txt", " date 2025-01-10 " + big))
    assert isinstance(err, InputError) and "over 2 MB" in err.reason
    small = json.dumps({"date": "2025-01-10", "text": "Talks resumed."})
    f = _write(tmp_path / "feed.jsonl", small + "\n" + json.dumps({"date": "2025-01-10", "text": big}) + "\n")
    items = _items(f)
    assert len(_docs(items)) == 1
    (err,) = _errors(items)
    assert err.line == 2 and "over 2 MB" in err.reason


def test_csv_field_over_the_parser_limit_is_refused_not_raised(tmp_path: Path) -> None:
    huge = "x" * (MAX_BYTES * 2 + 10)
    f = _write(tmp_path / "feed.csv", f"date,text\n2025-01-10,Talks resumed.\n2025-01-11,{huge}\n")
    items = _items(f)
    assert len(_docs(items)) == 1
    (err,) = _errors(items)
    assert err.source == str(f) and err.line == 3


def test_make_document_rejects_nul_bytes() -> None:
    with pytest.raises(ValueError, match="NUL"):
        make_document("Talks\x00resumed.", "2025-01-10")


def test_errors_do_not_stop_later_inputs(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", "")
    good = _write(tmp_path / "good.txt", f" date 2025-01-10 {BODY}")
    items = _items(bad, tmp_path / "missing.txt", good)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Document"]
