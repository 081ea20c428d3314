"""The timex command and the TempEval-3 scorer, on inputs written for the test."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.evaluate.timex import GoldDoc, canonical_value, read_tml, score

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-14">2024-03-14</TIMEX3></DCT>
<TEXT>
Ministers met <TIMEX3 tid="t1" type="DATE" value="2024-03-12">Tuesday</TIMEX3> &amp; agreed to talk
again <TIMEX3 tid="t2" type="DATE" value="2024-04">next month</TIMEX3> after
<TIMEX3 tid="t3" type="DURATION" value="P2Y">two years</TIMEX3> of stalemate.
</TEXT>
</TimeML>
"""


def test_read_tml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "TEST0001.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path, "TimeBank")
    assert doc is not None
    assert str(doc.dct) == "2024-03-14"
    assert "&" in doc.text and "<" not in doc.text
    assert [doc.text[t.start : t.end] for t in doc.timexes] == ["Tuesday", "next month", "two years"]
    assert [t.value for t in doc.timexes] == ["2024-03-12", "2024-04", "P2Y"]


def test_score_counts_overlap_with_exact_value(tmp_path: Path) -> None:
    path = tmp_path / "TEST0001.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path, "AQUAINT")
    assert doc is not None
    g = doc.timexes
    predicted = [
        [
            (g[0].start, g[0].end, "Tuesday", "DATE", "2024-03-12"),  # right
            (g[1].start, g[1].end + 6, "next month after", "DATE", "2024-05"),  # overlaps, wrong value
            (0, 8, "Ministers", "DATE", "PRESENT_REF"),  # spurious
        ]
    ]
    result = score([doc], predicted)
    tally = result["tallies"]["all"]  # type: ignore[index]
    assert (tally.prf("span").tp, tally.prf("span").fp, tally.prf("span").fn) == (2, 1, 1)
    assert (tally.prf("value").tp, tally.prf("value").fp, tally.prf("value").fn) == (1, 2, 2)
    assert result["matched"] == (1, 2)


def test_eval_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["eval", "timex", "--gold", str(tmp_path)]) == 2


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(" date 2025-01-09 Rebels shelled the port on Tuesday and will resume talks in February.")
    return path


def test_timex_command_prints_one_json_line_per_expression(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timex", str(article)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [
        ("Tuesday", "DATE", "2025-01-07"),
        ("February", "DATE", "2025-02"),
    ]
    assert set(rows[0]) >= {"doc_id", "start", "end", "text", "type", "value", "mod"}


def test_timex_command_exits_1_when_an_input_is_refused(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["timex", str(article), str(missing)]) == 1
    assert capsys.readouterr().out.count("\n") == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2000-W7", "2000-W07"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("1949-XX", "1949"),
        ("1994-XX-XX", "1994"),
        ("198X", "198"),
        ("1998-10-XX", "1998-10"),
        ("1989-11-06T17", "1989-11-06T17:00"),
        ("P1E", "P10Y"),
        ("P2L", "P2000Y"),
        ("P3Q", "P9M"),
    ],
)
def test_equivalent_notations_compare_equal(a: str, b: str) -> None:
    assert canonical_value(a) == canonical_value(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2000-W07", "2000-W17"),
        ("1949", "1950"),
        ("PXE", "PXY"),
        ("1989-W43", "1989-WXX"),
        ("XXXX-XX", "XXXX"),
        ("1989-11-06T17:30", "1989-11-06T17"),
    ],
)
def test_different_values_stay_different(a: str, b: str) -> None:
    assert canonical_value(a) != canonical_value(b)


def test_score_uses_equivalences_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "TEST0001.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path, "AQUAINT")
    assert doc is not None
    g = doc.timexes[0]
    gold = GoldDoc(doc.id, doc.corpus, doc.dct, doc.text, (replace(g, value="2024-W7"),))
    predicted = [[(g.start, g.end, g.text, "DATE", "2024-W07")]]
    assert score([gold], predicted)["tallies"]["all"].prf("value").tp == 1  # type: ignore[index]
    assert score([gold], predicted, equivalent=False)["tallies"]["all"].prf("value").tp == 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "gold", "got", "category"),
    [
        ("spurious", "", "PRESENT_REF", "spurious vague"),
        ("spurious", "", "P1Y", "spurious duration or set"),
        ("missed", "1998-03-08", "", "missed date or time"),
        ("wrong", "PXY", "PAST_REF", "wrong: vague vs specific"),
        ("wrong", "P1D", "1990-08-15", "wrong: duration vs point"),
        ("wrong", "1988-10-26", "1988-Q3", "wrong: quarter"),
        ("wrong", "1989-WXX", "1989-W43", "wrong: week"),
        ("wrong", "1988", "1988-10", "wrong: granularity or part of day"),
        ("wrong", "2000-01-05", "2000-01-05TNI", "wrong: granularity or part of day"),
        ("wrong", "1990-08-07", "1990-08-14", "wrong: anchor or direction"),
    ],
)
def test_errors_are_reported_by_category(kind: str, gold: str, got: str, category: str) -> None:
    from tidings.evaluate.timex import error_category

    assert error_category(kind, gold, got) == category
