"""``tidings serve``: the explorer and its HTTP API over a store, read-only."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from tidings.cli.common import add_db

LOOPBACK_NAMES = ("localhost",)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="open the explorer (web page + HTTP API) on a store",
        description="Serve the explorer page and the read-only HTTP API (OpenAPI docs at /docs) over a "
        "store. Binds to the loopback interface unless --host says otherwise.",
        epilog="example: tidings serve --db demo.duckdb --port 8000",
    )
    add_db(p)
    p.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--node-modules",
        metavar="DIR",
        default=None,
        help="where `npm ci` installed the page's libraries (default: $TIDINGS_NODE_MODULES, "
        "./node_modules, or the repository's)",
    )
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from tidings.api import create_app
    from tidings.cli import UsageError
    from tidings.store import resolve_db_path
    from tidings.web import MISSING_MESSAGE, find_node_modules

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: not a TCP port")
    db = resolve_db_path(args.db)
    if not db.exists():
        print(f"tidings serve: {db}: no such store (run `tidings ingest` first)", file=sys.stderr)
        return 1
    if args.node_modules is not None and find_node_modules(args.node_modules) is None:
        raise UsageError(f"--node-modules {args.node_modules}: {MISSING_MESSAGE}")
    app = create_app(db, node_modules=args.node_modules)
    if app.state.settings.node_modules is None:
        print(f"tidings serve: warning: {MISSING_MESSAGE} The API works without them.", file=sys.stderr)
    if not is_loopback(args.host):
        print(
            f"tidings serve: warning: binding {args.host}: anyone who can reach this machine can read "
            "the store.",
            file=sys.stderr,
        )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"tidings explorer on http://{shown}:{args.port}/  (API docs: /docs; Ctrl-C stops)", file=sys.stderr
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
