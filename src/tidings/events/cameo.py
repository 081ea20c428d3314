"""The CAMEO <-> PLOVER map, read from ``data/cameo_plover.tsv``.

Two directions are needed: evaluations against CAMEO-coded gold map a CAMEO code to a PLOVER event
(longest listed prefix wins, so "0841" finds "084"), and every event tidings codes carries the CAMEO root
that corresponds to its type and mode, so users can join tidings output with older CAMEO data sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


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
        """The two-digit CAMEO root tidings records for a PLOVER event type and mode."""
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
    version = ""
    rows: list[CameoRow] = []
    header_seen = False
    for line in text.splitlines():
        if line.startswith("#"):
            parts = line[1:].strip().split("\t")
            if parts[0] == "version" and len(parts) > 1:
                version = parts[1].strip()
            continue
        if not line.strip():
            continue
        cols = [*line.split("\t"), "", "", ""][:4]
        if not header_seen:
            header_seen = True
            if cols[0] == "cameo":
                continue
        code, event, mode, root = (c.strip() for c in cols)
        rows.append(CameoRow(cameo=code, event=event or None, mode=mode or None, root=root == "yes"))
    if not version:
        raise ValueError("cameo_plover.tsv: missing '# version' line")
    return CameoMap(version=version, rows=tuple(rows))


@lru_cache(maxsize=1)
def load_cameo_map() -> CameoMap:
    """The packaged CAMEO map (read once per process)."""
    text = resources.files("tidings.events.data").joinpath("cameo_plover.tsv").read_text(encoding="utf-8")
    return parse_cameo_map(text)
