"""``tidings serve``: argument handling and the refusals that happen before a server starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.cli import main
from tidings.cli.serve import is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True), ("0.0.0.0", False),
     ("192.168.1.20", False), ("example.org", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "tidings ingest" in capsys.readouterr().err


def test_serve_refuses_a_bad_port(tmp_path: Path) -> None:
    assert main(["serve", "--db", str(tmp_path / "x.duckdb"), "--port", "70000"]) == 2


def test_serve_refuses_an_empty_node_modules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.store import Store

    db = tmp_path / "x.duckdb"
    Store(db).close()
    assert main(["serve", "--db", str(db), "--node-modules", str(tmp_path)]) == 2
    assert "make install" in capsys.readouterr().err


def test_serve_defaults_to_loopback() -> None:
    from tidings.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
