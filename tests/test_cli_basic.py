"""``tidings`` on the command line: exit codes, refused inputs named by file and line, stores kept intact.

The usage-error tests need nothing but argparse.  The ingest and extract tests run the real NLP pipeline
(every ``tidings_*`` stage): they are not skipped when a stage is missing, they fail with a message that
says so, because a CLI that cannot code is broken, not optional.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.documents import MAX_BYTES
from tidings.records import Document, Event
from tidings.store import Store

ARTICLE_A = (
    " date 2025-03-12 Armenian Foreign Minister Ararat Mirzoyan met his Azerbaijani counterpart Jeyhun "
    "Bayramov in Geneva on Tuesday for talks on a peace treaty, the Swiss foreign ministry said.\n\n"
    "Azerbaijan rejected a proposal to deploy international monitors along the border, a spokesman said.\n"
)
ARTICLE_B = (
    " date 2024-11-20 Russian forces shelled residential districts of Kharkiv late on Tuesday, "
    "regional governor Oleh Syniehubov said.\n\n"
    "Ukraine's air force said it shot down 20 drones overnight.\n"
)
FEED_GOOD_1 = {"id": "feed-1", "date": "2025-01-16", "text": "Police in Nairobi arrested 12 protesters on "
               "Wednesday, the interior ministry said."}
FEED_GOOD_2 = {"id": "feed-2", "date": "2025-01-17", "text": "The European Union announced new sanctions "
               "against Russia on Thursday."}


@pytest.fixture(scope="module")
def pipeline() -> None:
    """Load the real pipeline once; fail (never skip) with the reason if a stage has not landed."""
    from tidings import nlp

    try:
        nlp.load()
    except (ImportError, nlp.ModelError) as exc:
        pytest.fail(f"the tidings pipeline does not load yet, so the CLI cannot code: {exc!r}", pytrace=False)


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _stored(db: Path) -> tuple[list[Document], list[Event]]:
    with Store(db, read_only=True) as store:
        docs = [d for i in store.document_ids() if (d := store.document(i)) is not None]
        return docs, store.events()


def _refusals(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("refused ")]


# -- usage errors: exit 2 ---------------------------------------------------------------------------


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: tidings" in capsys.readouterr().out


def test_ingest_without_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest"])
    assert exc.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(tmp_path), "--no-such-flag"])
    assert exc.value.code == 2


def test_unknown_engine_is_a_usage_error_and_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    article = _write(tmp_path / "a.txt", ARTICLE_A)
    assert main(["ingest", str(article), "--db", str(db), "--engine", "warp-drive"]) == 2
    assert "warp-drive" in capsys.readouterr().err
    assert not db.exists()


def test_events_with_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["events", "--since", "last-tuesday"])
    assert exc.value.code == 2
    assert "last-tuesday" in capsys.readouterr().err


def test_events_on_a_missing_store_names_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "absent.duckdb"
    assert main(["events", "--db", str(db)]) == 1
    assert str(db) in capsys.readouterr().err
    assert not db.exists()


# -- ingest with the real pipeline ------------------------------------------------------------------


def test_ingest_good_inputs_exits_0_and_is_idempotent(
    pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    _write(tmp_path / "in" / "a.txt", ARTICLE_A)
    _write(tmp_path / "in" / "feed.jsonl", json.dumps(FEED_GOOD_1) + "\n" + json.dumps(FEED_GOOD_2) + "\n")
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert _refusals(err) == []
    assert "ingested 3 documents" in err
    docs, events = _stored(db)
    assert len(docs) == 3 and {"feed-1", "feed-2"} <= {d.id for d in docs}
    assert events, "the pipeline coded no event from an article about talks and a rejection"
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db), "--quiet"]) == 0
    assert _stored(db) == (docs, events)


def test_ingest_refuses_bad_inputs_by_name_and_keeps_good_neighbours(
    pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    src = tmp_path / "in"
    good = _write(src / "good.txt", ARTICLE_B)
    bad = {
        "empty": _write(src / "empty.txt", ""),
        "binary": _write(src / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "latin1": _write(src / "latin1.txt", " date 2025-01-10 Protesta en Bogotá.".encode("latin-1")),
        "nodate": _write(src / "nodate.txt", "Troops withdrew from the town on Monday."),
        "baddate": _write(src / "baddate.txt", " date 2025-13-45 Troops withdrew from the town."),
        "big": _write(src / "big.txt", " date 2025-01-10 " + "Talks resumed. " * (MAX_BYTES // 15 + 10)),
        "nocols": _write(src / "nocols.csv", "id,headline\n1,Talks resumed\n"),
    }
    truncated = '{"date": "2025-01-16", "text": '
    feed = _write(src / "feed.jsonl", f"{json.dumps(FEED_GOOD_1)}\n{truncated}\n{json.dumps(FEED_GOOD_2)}\n")
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 1
    refusals = _refusals(capsys.readouterr().err)
    assert len(refusals) == len(bad) + 1
    for path in bad.values():
        assert any(line.startswith(f"refused {path}") for line in refusals), path
    assert any(line.startswith(f"refused {bad['nocols']}:1: ") for line in refusals)
    assert any(line.startswith(f"refused {bad['baddate']}:1: ") for line in refusals)
    assert any(line.startswith(f"refused {feed}:2: malformed JSON") for line in refusals)
    docs, _ = _stored(db)
    assert sorted(d.origin or "" for d in docs) == sorted([str(good), f"{feed}:1", f"{feed}:3"])


def test_refused_inputs_leave_earlier_data_intact(
    pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t.duckdb"
    first = _write(tmp_path / "first.txt", ARTICLE_A)
    assert main(["ingest", str(first), "--db", str(db), "--quiet"]) == 0
    before_docs, before_events = _stored(db)
    broken = _write(tmp_path / "broken.jsonl", "{oops\n")
    empty = _write(tmp_path / "empty.txt", "")
    second = _write(tmp_path / "second.txt", ARTICLE_B)
    assert main(["ingest", str(broken), str(empty), str(second), "--db", str(db), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"refused {broken}:1: malformed JSON" in err
    assert f"refused {empty}: empty file" in err
    docs, events = _stored(db)
    assert [d for d in docs if d.origin == str(first)] == before_docs
    assert [e for e in events if e.doc_id == before_docs[0].id] == before_events
    assert {d.origin for d in docs} == {str(first), str(second)}


def test_extract_prints_only_good_records_and_exits_1_on_refusals(
    pipeline: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path / "good.txt", ARTICLE_B)
    bad = _write(tmp_path / "bad.txt", " date 2025-02-30 Talks resumed.")
    assert main(["extract", str(bad), str(good), "--what", "documents"]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [rec["document"]["origin"] for rec in lines] == [str(good)]
    assert f"refused {bad}:1: impossible or malformed date" in captured.err
