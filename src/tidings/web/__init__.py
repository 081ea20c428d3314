"""The explorer page: our own HTML/JS/CSS from ``static/``, its libraries from ``node_modules``.

The page's JavaScript dependencies are pinned in the repository's ``package.json``/``package-lock.json``
and installed with ``npm ci`` (``make install``); nothing third-party is committed and nothing is fetched
from a CDN at run time, so the explorer works offline.  Only the folders listed in :data:`VENDOR` are
served from ``node_modules``, under ``/vendor/<package>/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"

VENDOR: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
    "d3": "d3/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
    "cytoscape": "cytoscape/dist",
}
"""URL name -> folder inside node_modules that the page loads files from."""

REQUIRED: tuple[str, ...] = (
    "leaflet/dist/leaflet.js",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "d3/dist/d3.min.js",
    "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-110m.json",
    "cytoscape/dist/cytoscape.min.js",
)
"""Files whose presence means ``npm ci`` has run."""

MISSING_MESSAGE = (
    "The explorer's JavaScript libraries are not installed: run `make install` "
    "(or `npm ci` in the tidings repository), or point --node-modules / $TIDINGS_NODE_MODULES at them."
)


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in REQUIRED)


def find_node_modules(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The node_modules folder to serve the page's libraries from, or None if none is complete.

    Looks at ``explicit`` (``--node-modules``), else ``$TIDINGS_NODE_MODULES``, else ``./node_modules``,
    else the repository root of an editable install (where ``make install`` puts it).
    """
    if explicit is not None:
        folder = Path(explicit)
        return folder if _complete(folder) else None
    candidates = []
    if env := os.environ.get("TIDINGS_NODE_MODULES"):
        candidates.append(Path(env))
    candidates += [Path.cwd() / "node_modules", Path(__file__).resolve().parents[3] / "node_modules"]
    return next((c for c in candidates if _complete(c)), None)


def mount_explorer(app: FastAPI, node_modules: Path | None) -> None:
    """Serve the page at ``/``, our assets at ``/static`` and the allowed libraries at ``/vendor``.

    Without the libraries the API still works and ``/`` answers 503 with what to run.
    """
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if node_modules is not None:
        for name, sub in VENDOR.items():
            app.mount(f"/vendor/{name}", StaticFiles(directory=node_modules / sub), name=f"vendor-{name}")

    @app.get("/", include_in_schema=False, response_model=None)
    def index() -> FileResponse | HTMLResponse:
        if node_modules is None:
            return HTMLResponse(
                "<!doctype html><title>tidings explorer</title><h1>tidings explorer</h1>"
                f"<p>{MISSING_MESSAGE}</p><p>The API is up: <a href='/docs'>/docs</a>.</p>",
                status_code=503,
            )
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    if node_modules is None:

        @app.get("/vendor/{path:path}", include_in_schema=False)
        def vendor_missing(path: str) -> PlainTextResponse:
            return PlainTextResponse(MISSING_MESSAGE, status_code=404)
