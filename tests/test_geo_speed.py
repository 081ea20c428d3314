"""The geo stage's fast paths give exactly what the spaCy objects they replace would, on text written here.

The detector reads token attributes from arrays (``Tokens``) and its entities from the IOB codes; the
resolver numbers grid cells by integers, finds the names near a cell row by row (``_Nearby``), picks a
name's best reading without a key tuple per reading (``_top``), works out repeated names once per
document and what depends on a name alone once per process (``_Name``).  Each shortcut is checked
against the slow form it stands for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import numpy
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from fixtures.geo import geo_pipeline
from fixtures.parse import parse_text
from tidings import nlp as nlp_mod
from tidings.geo.detect import Tokens, _initial_upper
from tidings.geo.gazetteer import Candidate
from tidings.geo.resolve import _CELL_ROW, CELL_DEGREES, NEIGHBOURS, REACH, _cell, _Nearby, _row, _top

TEXT = (
    "Officials in Ängelholm and Łódź said on Tuesday that the Trinidad and Tobago delegation met the "
    "NATO envoy near Kharkiv.  ÉLAN, a group based in São Paulo, criticised the U.S. State Department's "
    "statement, and Mr. Jordan Smith of Kansas City told reporters: 'We will return to Bosnia and "
    "Herzegovina in May.'\n\nThe Moscow Times reported that Russian troops had left the village of "
    "Dorvalek near Sudzha."
)


@pytest.fixture(scope="module")
def doc() -> Doc:
    base = nlp_mod.load_base()
    nlp_mod.register_extensions()
    return parse_text(base, TEXT, "t", dt.date(2025, 3, 1))


def test_tokens_match_the_token_attributes(doc: Doc) -> None:
    toks = Tokens.of(doc)
    assert toks.text[:] == [t.text for t in doc]
    assert toks.lower[:] == [t.lower_ for t in doc]
    assert toks.upper == [t.text[:1].isupper() for t in doc]
    assert toks.punct == [t.is_punct for t in doc]
    assert toks.tag == [t.tag for t in doc]
    assert toks.pos == [t.pos for t in doc]
    assert toks.dep == [t.dep for t in doc]
    assert toks.head == [t.head.i for t in doc]
    assert toks.in_ent == [t.ent_iob_ in ("B", "I") for t in doc]
    assert toks.person == [t.ent_type_ == "PERSON" for t in doc]
    assert toks.start_char == [t.idx for t in doc]
    assert toks.end_char == [t.idx + len(t) for t in doc]


def test_entities_match_doc_ents(doc: Doc) -> None:
    assert Tokens.of(doc).entities == [(e.start, e.end, e.label) for e in doc.ents]
    assert doc.ents, "the text was written to hold entities"


def test_initial_capitals_outside_ascii() -> None:
    text = "Ängelholm élan Łódź ωmega Ωmega 9lives Zürich"
    starts = [0, 10, 15, 20, 26, 32, 39]
    expected = [text[s : s + 1].isupper() for s in starts]
    assert _initial_upper(text, numpy.array(starts, dtype=numpy.intp)) == expected
    assert expected == [True, False, True, False, True, False, True]
    assert _initial_upper("", numpy.array([], dtype=numpy.intp)) == []


def _at(lat: float, lon: float, id: int = 1, population: int = 0) -> Candidate:
    return Candidate(
        id=id, name="X", lat=lat, lon=lon, cc="XX", country="XXX", admin1=None, admin1_code=None,
        feature="PPL", population=population, strong=True,
    )


@pytest.mark.parametrize(
    ("lat", "lon"), [(0.0, 0.0), (-89.9, -179.9), (89.9, 179.9), (51.5, -0.12), (-33.9, 151.2), (0.25, -0.25)]
)
def test_cell_numbers_keep_the_grids_neighbours(lat: float, lon: float) -> None:
    """A neighbour's number is the cell's number plus the offset, anywhere on the globe, and no two
    cells share a number."""
    row, col = math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)
    assert _cell(_at(lat, lon)) == row * _CELL_ROW + col
    assert _row(_cell(_at(lat, lon))) == row
    numbers = {_cell(_at(lat, lon)) + dy * _CELL_ROW + dx for dy in NEIGHBOURS for dx in NEIGHBOURS}
    cells = {(row + dy, col + dx) for dy in NEIGHBOURS for dx in NEIGHBOURS}
    assert len(numbers) == len(cells) == len(NEIGHBOURS) ** 2
    for dy in NEIGHBOURS:
        for dx in NEIGHBOURS:
            moved = _at(lat + dy * CELL_DEGREES, lon + dx * CELL_DEGREES)
            assert _cell(moved) in numbers


def test_nearby_names_are_those_within_reach_in_rows_and_columns() -> None:
    """Row by row, the same names as looking at every one of a cell's neighbours: across the
    antimeridian's numbers, the equator and the poles' rows, and not one cell further."""
    points = {
        "kharkiv": [(50.0, 36.2), (49.6, 34.5)],
        "poltava": [(49.6, 34.55)],
        "fiji": [(-17.8, 178.4), (-16.5, 179.9)],
        "samoa": [(-13.8, -171.8)],
        "quito": [(-0.2, -78.5)],
        "pole": [(89.9, 0.0), (-89.9, 10.0)],
        "edge": [(50.0 + REACH * CELL_DEGREES + 0.01, 36.2)],
    }
    cells = {k: {_cell(_at(lat, lon)) for lat, lon in where} for k, where in points.items()}
    nearby = _Nearby(cells)
    asked = {c for cs in cells.values() for c in cs} | {_cell(_at(0.1, -78.0)), _cell(_at(-16.0, -179.9))}
    for q in asked:
        around = {q + dy * _CELL_ROW + dx for dy in NEIGHBOURS for dx in NEIGHBOURS}
        assert nearby.keys(q) == {k for k, cs in cells.items() if cs & around}
    assert "edge" not in nearby.keys(_cell(_at(50.0 - 0.01, 36.2)))


@pytest.mark.parametrize(
    "scores",
    [{1: 2.0}, {1: 1.0, 2: 3.0, 3: 3.0}, {1: 3.0, 2: 3.0, 3: 3.0}, {5: -1.5, 4: -1.5}, {1: 0.0, 2: -0.0}],
)
def test_top_is_the_best_score_then_the_most_people_then_the_first(scores: dict[int, float]) -> None:
    people = {1: 10, 2: 500, 3: 500, 4: 7, 5: 7}
    by_id = {k: _at(0.0, 0.0, id=k, population=people[k]) for k in scores}
    assert _top(scores, by_id) == max(scores, key=lambda k: (scores[k], by_id[k].population))


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Language]:
    yield from geo_pipeline(tmp_path_factory)


def _places(nlp: Language, text: str) -> list[dict[str, object]]:
    doc = parse_text(nlp, text, "t", dt.date(2025, 3, 1))
    return [p.model_dump() for p in doc._.places]


def test_no_per_document_state_leaks_between_documents(nlp: Language) -> None:
    """The detector keeps the last document's token arrays; another document never sees them."""
    first = "Troops left Kharkiv on Monday.  In Kharkiv, residents said the shelling had stopped."
    second = "The mayor of Springfield, Illinois, met farmers in Peoria and Decatur on Friday."
    alone = _places(nlp, first)
    assert alone, "the text was written to hold places"
    _places(nlp, second)
    assert _places(nlp, first) == alone


def test_a_repeated_name_resolves_as_often_as_it_is_named(nlp: Language) -> None:
    """Names repeated in a document are scored once, but every mention gets its place."""
    text = (
        "Shelling hit Kharkiv overnight.  Kharkiv officials said Kharkiv had no power, and the "
        "Kharkiv region was cut off from Poltava."
    )
    places = _places(nlp, text)
    town = [p for p in places if p["text"] == "Kharkiv"]
    assert len(town) == 3
    assert len({(p["name"], p["geonameid"]) for p in town}) == 1
    assert town[0]["country"] == "UKR"


def test_names_kept_between_documents_change_no_place(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the resolver keeps per name between documents gives the places it would work out afresh,
    also when the cache fills up and starts over; nationality adjectives share one tuple of readings,
    so the cache finds them again."""
    texts = [
        "Russian troops shelled Kharkiv, and Ukrainian officials in Kyiv said Paris would help.",
        "The mayor of Paris, Texas, met farmers from Dallas and Russian investors.",
        "Ukrainian forces retook villages near Kharkiv; Russian officials in Moscow denied it.",
    ]
    first = [_places(nlp, t) for t in texts]
    assert all(first), "the texts were written to hold places"
    assert [_places(nlp, t) for t in reversed(texts)] == list(reversed(first))
    parser = nlp.get_pipe("tidings_geo")
    monkeypatch.setattr("tidings.geo.resolve.NAME_CACHE", 2)
    assert _places(nlp, "Envoys from Yerevan met officials in Tbilisi and Batumi.")  # new names
    assert [_places(nlp, t) for t in texts] == first
    assert len(parser.resolve._names) <= 2
    adjectives = [
        m.candidates
        for t in texts
        for m in parser.detect(parse_text(nlp, t, "t", dt.date(2025, 3, 1)))
        if m.key == "russian"
    ]
    assert len(adjectives) == 3 and all(c is adjectives[0] for c in adjectives)
