"""The explorer page and its libraries as the app serves them (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from browser.explorer_corpus import fill_store
from tidings.api import create_app
from tidings.web import REQUIRED, find_node_modules


@pytest.fixture
def fake_node_modules(tmp_path: Path) -> Path:
    """A node_modules with the files the page needs (stand-ins: only their presence matters here)."""
    root = tmp_path / "node_modules"
    for rel in REQUIRED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"/* {rel} */\n")
    (root / "leaflet" / "dist" / "leaflet.css").write_text(".leaflet-container {}\n")
    (root / "playwright-core").mkdir()
    (root / "playwright-core" / "index.js").write_text("// not served\n")
    return root


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "web.duckdb"
    fill_store(path)
    return path


def test_page_and_libraries_are_served(db: Path, fake_node_modules: Path) -> None:
    with TestClient(create_app(db, node_modules=fake_node_modules)) as c:
        page = c.get("/")
        assert page.status_code == 200
        assert "/vendor/leaflet/leaflet.js" in page.text
        assert c.get("/static/explorer.js").status_code == 200
        assert c.get("/static/explorer.css").status_code == 200
        assert c.get("/vendor/leaflet/leaflet.js").text == "/* leaflet/dist/leaflet.js */\n"
        assert c.get("/vendor/world-atlas/countries-110m.json").status_code == 200
        assert c.get("/api/health").json()["explorer"] is True


def test_only_listed_library_folders_are_reachable(db: Path, fake_node_modules: Path) -> None:
    with TestClient(create_app(db, node_modules=fake_node_modules)) as c:
        assert c.get("/vendor/playwright-core/index.js").status_code == 404
        assert c.get("/vendor/leaflet/../../playwright-core/index.js").status_code == 404
        assert c.get("/vendor/leaflet/%2e%2e/%2e%2e/playwright-core/index.js").status_code == 404


def test_missing_libraries_say_what_to_run(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with TestClient(create_app(db, node_modules=empty)) as c:
        page = c.get("/")
        assert page.status_code == 503
        assert "make install" in page.text
        assert "make install" in c.get("/vendor/d3/d3.min.js").text
        assert c.get("/api/health").json()["explorer"] is False
        assert c.get("/api/events").status_code == 200  # the API does not need them


def test_page_uses_no_outside_resources() -> None:
    static = Path(__file__).resolve().parents[1] / "src" / "tidings" / "web" / "static"
    for f in static.iterdir():
        text = f.read_text()
        for outside in ("http://", "https://", "//cdn", "unpkg", "jsdelivr"):
            assert outside not in text, (f.name, outside)


def test_node_modules_found_from_the_environment(fake_node_modules: Path, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIDINGS_NODE_MODULES", str(fake_node_modules))
    assert find_node_modules() == fake_node_modules
    assert find_node_modules(tmp_path) is None  # an explicit folder without the files is refused
