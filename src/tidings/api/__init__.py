"""The HTTP API behind ``tidings serve``: read-only JSON views of the store, and the explorer page."""

from tidings.api.app import MAX_PAGE, create_app

__all__ = ["MAX_PAGE", "create_app"]
