"""The geo stage's fast paths give exactly what the spaCy objects they replace would, on text written here.

The detector reads token attributes from arrays (``Tokens``), its entities from the IOB codes, and the
texts of tokens only where asked for (``Words``); the resolver numbers grid cells by integers and works
out repeated names once per document.  Each shortcut is checked against the slow form it stands for.
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
from tidings import nlp as nlp_mod
from tidings.geo.detect import Tokens, Words, _initial_upper
from tidings.geo.gazetteer import Candidate
from tidings.geo.resolve import _CELL_ROW, _OFFSETS, CELL_DEGREES, NEIGHBOURS, _cell

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
    return base(nlp_mod.make_doc(base, TEXT, "t", dt.date(2025, 3, 1)))


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


def test_words_behave_like_a_list_of_texts() -> None:
    text = "Rio de Janeiro, BRAZIL"
    starts, ends = [0, 4, 7, 14, 16], [3, 6, 14, 15, 22]
    plain = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    words, lower = Words(text, starts, ends), Words(text, starts, ends, lower=True)
    assert len(words) == 5
    assert [words[i] for i in range(5)] == plain
    assert words[-1] == "BRAZIL" and lower[-1] == "brazil"
    assert words[1:3] == plain[1:3] and lower[0:2] == ["rio", "de"]
    with pytest.raises(IndexError):
        words[5]


def test_initial_capitals_outside_ascii() -> None:
    text = "Ängelholm élan Łódź ωmega Ωmega 9lives Zürich"
    starts = [0, 10, 15, 20, 26, 32, 39]
    expected = [text[s : s + 1].isupper() for s in starts]
    assert _initial_upper(text, numpy.array(starts, dtype=numpy.intp)) == expected
    assert expected == [True, False, True, False, True, False, True]
    assert _initial_upper("", numpy.array([], dtype=numpy.intp)) == []


def _at(lat: float, lon: float) -> Candidate:
    return Candidate(
        id=1, name="X", lat=lat, lon=lon, cc="XX", country="XXX", admin1=None, admin1_code=None,
        feature="PPL", population=0, strong=True,
    )


@pytest.mark.parametrize(
    ("lat", "lon"), [(0.0, 0.0), (-89.9, -179.9), (89.9, 179.9), (51.5, -0.12), (-33.9, 151.2), (0.25, -0.25)]
)
def test_cell_numbers_keep_the_grids_neighbours(lat: float, lon: float) -> None:
    """A neighbour's number is the cell's number plus the offset, anywhere on the globe, and no two
    cells share a number."""
    row, col = math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)
    assert _cell(_at(lat, lon)) == row * _CELL_ROW + col
    numbers = {_cell(_at(lat, lon)) + off for off in _OFFSETS}
    cells = {(row + dy, col + dx) for dy in NEIGHBOURS for dx in NEIGHBOURS}
    assert len(numbers) == len(cells) == len(NEIGHBOURS) ** 2
    for dy in NEIGHBOURS:
        for dx in NEIGHBOURS:
            moved = _at(lat + dy * CELL_DEGREES, lon + dx * CELL_DEGREES)
            assert _cell(moved) in numbers


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Language]:
    yield from geo_pipeline(tmp_path_factory)


def _places(nlp: Language, text: str) -> list[dict[str, object]]:
    doc = nlp(nlp_mod.make_doc(nlp, text, "t", dt.date(2025, 3, 1)))
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
