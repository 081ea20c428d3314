"""``tidings summary`` counts every actor with every recipient of an event."""

from pathlib import Path

import pytest

from fixtures.records import strike_result, talks_result
from tidings.cli import main
from tidings.store import Store


def test_summary_pairs_every_actor_with_every_recipient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write_batch([talks_result(), strike_result()])
    assert main(["summary", "--db", str(db)]) == 0
    dyads = capsys.readouterr().out.split("Top dyads")[1].split("Sample events")[0]
    pairs = {tuple(line.split()[:3:2]) for line in dyads.strip().splitlines()[1:]}
    # the CONSULT has two actors and no recipient: both count, neither is paired with nothing twice
    assert {("ARM", "-"), ("AZE", "-"), ("AZE", "ARM"), ("RUS", "UKR"), ("UKR", "RUS")} <= pairs


def test_summary_of_a_missing_store_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.duckdb"
    assert main(["summary", "--db", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err
