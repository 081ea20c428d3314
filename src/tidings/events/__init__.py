"""Events: the PLOVER event coder (trigger lexicon, arguments, modality, context) and its component.

Public surface:

* :class:`EventCoder` -- ``EventCoder(resolve=...).code(doc) -> list[Event]`` for a parsed ``Doc``;
* :data:`LEXICON_VERSION` (in :mod:`tidings.events.lexicon`), recorded on every event and run;
* :func:`load_lexicon`, :func:`load_cues`, :func:`load_cameo_map` -- the versioned data files;
* the ``tidings_events`` spaCy component (:mod:`tidings.events.component`), which sets ``doc._.events``.
"""

from tidings.events.cameo import load_cameo_map
from tidings.events.coder import EventCoder
from tidings.events.lexicon import LEXICON_VERSION, load_cues, load_lexicon

__all__ = ["LEXICON_VERSION", "EventCoder", "load_cameo_map", "load_cues", "load_lexicon"]
