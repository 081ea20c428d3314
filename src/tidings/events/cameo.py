"""The CAMEO <-> PLOVER map, read from ``data/cameo_plover.tsv``.

Two directions are needed: evaluations against CAMEO-coded gold map a CAMEO code to a PLOVER event
(longest listed prefix wins, so "0841" finds "084"), and every event tidings codes carries the CAMEO root
that corresponds to its type and mode, so users can join tidings output with older CAMEO data sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.data import parse_tsv


@dataclass(frozen=True)
class CameoRow:
    cameo: str
    event: str | None
    mode: str | None
    root: bool


@dataclass(frozen=True)
class CameoMap:
    version: str
    rows: tuple[CameoRow, ...]

    def to_plover(self, code: str) -> tuple[str | None, str | None] | None:
        """PLOVER (event, mode) for a CAMEO code; ``(None, None)`` where PLOVER drops the category;
        ``None`` for a code the map does not know."""
        code = code.strip()
        by_code = {r.cameo: r for r in self.rows}
        for n in range(len(code), 1, -1):
            row = by_code.get(code[:n])
            if row is not None:
                return row.event, row.mode
        return None

    def root_for(self, event: str, mode: str | None = None) -> str | None:
        """The two-digit CAMEO root tidings records for a PLOVER event type and mode (looked up once
        per pair: every event asks)."""
        roots: dict[tuple[str, str | None], str | None] = self.__dict__.setdefault("_roots", {})
        key = (event, mode)
        if key not in roots:
            roots[key] = self._root_for(event, mode)
        return roots[key]

    def _root_for(self, event: str, mode: str | None) -> str | None:
        for want_mode in (mode or "", ""):
            for r in self.rows:
                if r.root and r.event == event and (r.mode or "") == want_mode:
                    return r.cameo[:2]
        for r in self.rows:
            if r.event == event:
                return r.cameo[:2]
        return None


def parse_cameo_map(text: str) -> CameoMap:
    """Parse the TSV (see the header comment of ``data/cameo_plover.tsv`` for the format)."""
    version, _header, table = parse_tsv(text, "cameo_plover.tsv")
    rows = []
    for cells in table:
        code, event, mode, root = [*cells, "", "", ""][:4]
        rows.append(CameoRow(cameo=code, event=event or None, mode=mode or None, root=root == "yes"))
    return CameoMap(version=version, rows=tuple(rows))


@lru_cache(maxsize=1)
def load_cameo_map() -> CameoMap:
    """The packaged CAMEO map (read once per process)."""
    text = resources.files("tidings.events.data").joinpath("cameo_plover.tsv").read_text(encoding="utf-8")
    return parse_cameo_map(text)
