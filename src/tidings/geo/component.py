"""The ``tidings_geo`` spaCy component: detect and resolve toponyms, set ``doc._.places``.

It runs after ``ner`` (and after ``tidings_time``) and reads only entities and the parse.  Capitals and
countries that are the nominal subject of a verb ("Moscow said", "Kyiv has seized") are actors, not
venues.  By default they stay in ``doc._.places`` (they are toponyms, metonymic ones, and both gold sets
count them), and :func:`tidings.geo.place_for` never returns them (see :mod:`tidings.geo.metonymy`);
``actor_subjects=True`` leaves them out of ``doc._.places`` altogether.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tidings.geo.detect import Detector, Mention
from tidings.geo.gazetteer import Candidate, Gazetteer, open_gazetteer
from tidings.geo.metonymy import capitals
from tidings.geo.names import load_aliases, norm
from tidings.geo.resolve import Resolution, Resolver
from tidings.nlp import BatchedComponent, register_extensions
from tidings.records import Place


def is_actor_use(mention: Mention, candidate: Candidate | None) -> bool:
    """A country or capital as the nominal subject of a verb stands for its government."""
    if not mention.subject or candidate is None:
        return False
    if candidate.feature == "PCLI":
        return True
    return candidate.feature == "PPL" and (norm(candidate.name), candidate.cc) in capitals()


def to_place(r: Resolution) -> Place:
    m, c = r.mention, r.candidate
    if c is None:
        return Place(text=m.text, start=m.start_char, end=m.end_char)
    return Place(
        text=m.text,
        name=c.name,
        geonameid=c.id if c.id > 0 else None,
        lat=round(c.lat, 5),
        lon=round(c.lon, 5),
        country=c.country,
        admin1=c.admin1,
        feature=c.feature,
        start=m.start_char,
        end=m.end_char,
    )


class GeoParser(BatchedComponent):
    """Detect, resolve and filter toponyms of one ``Doc`` (the component's callable)."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        actor_subjects: bool = False,
        demonyms: bool = True,
        embedded: bool = True,
    ) -> None:
        self.gazetteer = gazetteer or open_gazetteer()
        aliases = load_aliases()
        self.detect = Detector(self.gazetteer, aliases, demonyms=demonyms, embedded=embedded)
        self.resolve = Resolver(self.gazetteer, aliases)
        self.actor_subjects = actor_subjects

    def resolutions(self, doc: Doc) -> list[Resolution]:
        """Every detected mention with its resolution (``candidate`` None when unresolved)."""
        return self.resolve(doc, self.detect(doc))

    def __call__(self, doc: Doc) -> Doc:
        register_extensions()
        places = [
            to_place(r)
            for r in self.resolutions(doc)
            if not (self.actor_subjects and is_actor_use(r.mention, r.candidate))
        ]
        doc._.places = places
        return doc


@Language.factory("tidings_geo", default_config={"actor_subjects": False, "demonyms": True, "embedded": True})
def make_geo(nlp: Language, name: str, actor_subjects: bool, demonyms: bool, embedded: bool) -> GeoParser:
    """spaCy factory: ``nlp.add_pipe("tidings_geo")`` after ``ner``.

    ``actor_subjects``: leave countries and capitals that are the subject of a verb out of
    ``doc._.places`` (they are kept by default; ``place_for`` never returns them either way).
    ``demonyms``: report nationality adjectives ("Russian officials") as mentions of their country.
    ``embedded``: report the place an organisation's name contains ("the *Ohio* Supreme Court").
    """
    return GeoParser(actor_subjects=actor_subjects, demonyms=demonyms, embedded=embedded)
