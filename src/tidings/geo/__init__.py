"""Places: an offline gazetteer and a geoparser that resolves toponyms and locates events.

Public surface:

* ``tidings_geo`` (registered in :mod:`tidings.geo.component`): sets ``doc._.places``;
* :func:`place_for` ``(doc, token) -> Place | None``: where the event whose trigger is ``token`` happened;
* :func:`open_gazetteer` / :func:`build`: the compiled gazetteer index (built on first use).
"""

from tidings.geo.attach import place_for
from tidings.geo.gazetteer import Candidate, Gazetteer, build, data_dir, index_path, open_gazetteer

__all__ = ["Candidate", "Gazetteer", "build", "data_dir", "index_path", "open_gazetteer", "place_for"]
