"""Versioned knowledge files shared by several stages, and the one reader of our TSV data format.

Every TSV data file in tidings has the same shape: ``#`` comment lines (one of them ``# version<TAB>V``),
then a header line, then tab-separated rows.  :func:`parse_tsv` reads that shape for every stage, so a
file's format is documented once and parsed one way.
"""

from __future__ import annotations


def parse_tsv(text: str, name: str) -> tuple[str, list[str], list[list[str]]]:
    """Parse a versioned TSV data file into ``(version, header, rows)``; cells are stripped.

    Raises :class:`ValueError` naming the file when the ``# version`` line is missing.
    """
    version = ""
    header: list[str] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("#"):
            parts = line[1:].strip().split("\t")
            if parts[0] == "version" and len(parts) > 1:
                version = parts[1].strip()
            continue
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header:
            header = cells
            continue
        rows.append(cells)
    if not version:
        raise ValueError(f"{name}: missing '# version' line")
    return version, header, rows
