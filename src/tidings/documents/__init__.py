"""Readers: turn files, directories and streams into validated :class:`~tidings.records.Document` s.

Every reader yields either a ``Document`` or an :class:`InputError` naming the input (file, and line for
JSON Lines and CSV) and the reason.  Bad records never stop the good ones around them: the caller decides
what to do with the errors (the CLI prints them on stderr and exits 1).
"""

from tidings.documents.readers import (
    MAX_BYTES,
    InputError,
    make_document,
    normalise_text,
    read_paths,
    read_stream,
)

__all__ = ["MAX_BYTES", "InputError", "make_document", "normalise_text", "read_paths", "read_stream"]
