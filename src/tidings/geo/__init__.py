"""Places: an offline gazetteer and a geoparser that resolves toponyms and locates events.

Public surface:

* ``tidings_geo`` (registered in :mod:`tidings.geo.component`): sets ``doc._.places``;
* :func:`place_for` ``(doc, token) -> Place | None``: where the event whose trigger is ``token`` happened
  (never a country or capital used as the subject of a verb);
* :func:`is_actor_use` ``(doc, place) -> bool``: whether a place in ``doc._.places`` is such a metonymic
  subject ("Moscow said"): a toponym, but an actor rather than a venue;
* :func:`open_gazetteer` / :func:`build`: the compiled gazetteer index (built on first use).
"""

from tidings.geo.attach import place_for
from tidings.geo.gazetteer import Candidate, Gazetteer, build, data_dir, index_path, open_gazetteer
from tidings.geo.metonymy import is_actor_use

__all__ = [
    "Candidate",
    "Gazetteer",
    "build",
    "data_dir",
    "index_path",
    "is_actor_use",
    "open_gazetteer",
    "place_for",
]
