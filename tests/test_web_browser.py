"""End-to-end: the explorer in headless Chromium over a store filled with hand-coded articles.

Starts the real app under uvicorn on a free loopback port, then runs ``tests/browser/explorer.mjs``
(playwright-core driving Debian's ``chromium``), which checks that the four views render with data, applies
a filter, opens an event and saves ``artifacts/explorer.png``.  Skipped, with the reason, where Chromium,
Node or the npm packages are missing (``make install`` and the CI's apt step provide them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from browser.explorer_corpus import fill_store
from tidings.api import create_app
from tidings.web import find_node_modules

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "browser" / "explorer.mjs"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if shutil.which("node") is None:
        return "no node on PATH (apt-get install -y nodejs npm)"
    modules = ROOT / "node_modules"
    if not (modules / "playwright-core").is_dir() or find_node_modules(modules) is None:
        return "npm packages not installed (make install, i.e. npm ci)"
    return None


pytestmark = [pytest.mark.browser, pytest.mark.skipif(_missing() is not None, reason=str(_missing()))]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "explorer.duckdb"
    fill_store(db)
    app = create_app(db, node_modules=ROOT / "node_modules")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_explorer_renders_filters_and_opens_an_event(server: str) -> None:
    screenshot = ROOT / "artifacts" / "explorer.png"
    screenshot.unlink(missing_ok=True)
    env = {
        **os.environ,
        "TIDINGS_URL": server,
        "TIDINGS_SCREENSHOT": str(screenshot),
        "TIDINGS_FILTER_TYPE": "ASSAULT",
        "CHROMIUM": CHROMIUM,
    }
    proc = subprocess.run(
        ["node", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report
    assert "explorer: all checks passed" in proc.stdout, report
    assert screenshot.is_file() and screenshot.stat().st_size > 20_000, "no screenshot saved"
