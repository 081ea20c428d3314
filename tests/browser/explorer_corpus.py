"""A small hand-written corpus of coded articles for the explorer's tests.

The articles are written for these tests (no gold or seed text) and coded by hand, so the API and browser
tests do not depend on the NLP stages.  Offsets are computed from the text, never typed, so they always
point at the words they name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tidings.records import (
    QUADS,
    Actor,
    Document,
    DocumentResult,
    Event,
    Modality,
    Place,
    Quote,
    Sentence,
    TextSpan,
    stable_id,
)
from tidings.store import Store

KHARKIV = Place(text="Kharkiv", name="Kharkiv", lat=49.99, lon=36.23, country="UKR", feature="PPLA")
KYIV = Place(text="Kyiv", name="Kyiv", lat=50.45, lon=30.52, country="UKR", feature="PPLC")
GENEVA = Place(text="Geneva", name="Geneva", lat=46.20, lon=6.14, country="CHE", feature="PPLA")
BRUSSELS = Place(text="Brussels", name="Brussels", lat=50.85, lon=4.35, country="BEL", feature="PPLC")
TBILISI = Place(text="Tbilisi", name="Tbilisi", lat=41.72, lon=44.79, country="GEO", feature="PPLC")
EL_FASHER = Place(text="El Fasher", name="El Fasher", lat=13.63, lon=25.35, country="SDN", feature="PPLA")


def actor(text: str, code: str, sector: str | None = None, name: str | None = None) -> Actor:
    return Actor(text=text, code=code, sector=sector, name=name, rule="test")


@dataclass
class Article:
    """An article being written: sentences are appended, and events point at words in them."""

    date: dt.date
    title: str
    sentences: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def id(self) -> str:
        return stable_id("explorer-test", self.title)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def _span(self, index: int) -> tuple[int, int]:
        start = sum(len(s) + 1 for s in self.sentences[:index])
        return start, start + len(self.sentences[index])

    def quote(self, index: int, content: str, cue: str, speaker: Actor) -> str:
        """Mark ``content`` in sentence ``index`` as reported speech by ``speaker``; return its id."""
        start, _ = self._span(index)
        sentence = self.sentences[index]
        c0 = start + sentence.index(content)
        k0 = start + sentence.index(cue)
        qid = stable_id(self.id, "quote", c0)
        self.quotes.append(
            Quote(
                id=qid, doc_id=self.id, speaker=speaker, direct=True, sentence_start=start,
                cue=TextSpan(text=cue, start=k0, end=k0 + len(cue)),
                content=TextSpan(text=content, start=c0, end=c0 + len(content)),
            )
        )
        return qid

    def event(
        self,
        index: int,
        trigger: str,
        etype: str,
        actors: list[Actor],
        recipients: list[Actor],
        date: str | None = None,
        place: Place | None = None,
        modality: Modality = "asserted",
        quote_id: str | None = None,
    ) -> None:
        start, end = self._span(index)
        sentence = self.sentences[index]
        t0 = start + sentence.index(trigger)
        self.events.append(
            Event(
                id=stable_id(self.id, start, etype), doc_id=self.id, event=etype, quad=QUADS[etype],
                actor=actors, recipient=recipients, date=date or self.date.isoformat(),
                date_precision="day" if date else "document", modality=modality, location=place,
                sentence=sentence, start=start, end=end,
                trigger=TextSpan(text=trigger, start=t0, end=t0 + len(trigger)),
                confidence=0.9, rule=f"test.{etype.lower()}", quote_id=quote_id, lexicon_version="test",
            )
        )

    def result(self) -> DocumentResult:
        sentences = [
            Sentence(doc_id=self.id, index=i, start=s, end=e, text=self.sentences[i])
            for i, (s, e) in enumerate(self._span(i) for i in range(len(self.sentences)))
        ]
        return DocumentResult(
            document=Document(id=self.id, date=self.date, text=self.text, title=self.title, source="test"),
            sentences=sentences,
            events=self.events,
            quotes=self.quotes,
            places=[e.location for e in self.events if e.location is not None],
        )


def corpus() -> list[DocumentResult]:
    """Five articles, fifteen events over four months, all four quads, six located places."""
    russia_mil = actor("Russian forces", "RUS", "MIL")
    ukraine = actor("Ukraine", "UKR", name="Ukraine")
    ukr_fm = actor("Ukraine's foreign ministry", "UKR", "GOV", name="Ukraine")
    moscow = actor("Moscow", "RUS", "GOV", name="Russia")

    a = Article(dt.date(2025, 1, 14), "Overnight shelling hits Kharkiv")
    a.sentences += [
        "Russian forces shelled residential districts of Kharkiv overnight, regional officials said on "
        "Tuesday.",
        "Ukraine's foreign ministry accused Moscow of deliberately targeting civilians.",
        '"These strikes are a war crime," the foreign minister told reporters in Kyiv.',
        "Kyiv will ask its allies for more air defence systems, the minister added.",
    ]
    a.event(0, "shelled", "ASSAULT", [russia_mil], [ukraine], date="2025-01-13", place=KHARKIV)
    q = a.quote(2, "These strikes are a war crime", "told", actor("the foreign minister", "UKR", "GOV"))
    a.event(1, "accused", "ACCUSE", [ukr_fm], [moscow], place=KYIV, quote_id=q)
    a.event(3, "ask", "REQUEST", [actor("Kyiv", "UKR", "GOV", name="Ukraine")], [], modality="future")

    armenia = actor("Armenia", "ARM", "GOV", name="Armenia")
    azerbaijan = actor("Azerbaijan", "AZE", "GOV", name="Azerbaijan")
    b = Article(dt.date(2025, 2, 3), "Armenia and Azerbaijan resume border talks")
    b.sentences += [
        "Delegations from Armenia and Azerbaijan met in Geneva on Monday for a new round of talks on "
        "border demarcation.",
        "Both sides agreed to set up a joint commission on the frontier, according to a statement.",
        "Azerbaijan's president rejected calls for international monitors along the border.",
    ]
    b.event(0, "met", "CONSULT", [armenia], [azerbaijan], place=GENEVA)
    b.event(1, "agreed", "AGREE", [armenia, azerbaijan], [armenia, azerbaijan], place=GENEVA)
    b.event(2, "rejected", "REJECT", [actor("Azerbaijan's president", "AZE", "GOV", "Azerbaijan")], [])

    eu = actor("The European Union", "EUR", "GOV", name="European Union")
    c = Article(dt.date(2025, 3, 10), "EU widens energy sanctions and pledges aid")
    c.sentences += [
        "The European Union imposed new sanctions on Russian energy companies on Monday, freezing the "
        "assets of twelve firms.",
        "Brussels also pledged 500 million euros in military aid to Ukraine.",
        '"We will keep up the pressure for as long as it takes," the bloc\'s foreign policy chief said '
        "in Brussels.",
    ]
    c.event(0, "imposed", "SANCTION", [eu], [actor("Russian energy companies", "RUS", "BUS")],
            place=BRUSSELS)
    q = c.quote(2, "We will keep up the pressure for as long as it takes", "said",
                actor("the bloc's foreign policy chief", "EUR", "GOV", "European Union"))
    c.event(1, "pledged", "AID", [actor("Brussels", "EUR", "GOV", name="European Union")], [ukraine],
            place=BRUSSELS, quote_id=q)

    protesters = actor("Thousands of protesters", "GEO", "CVL", name="Georgia")
    d = Article(dt.date(2025, 3, 28), "Protesters rally in Tbilisi")
    d.sentences += [
        "Thousands of protesters rallied outside parliament in Tbilisi on Friday against the "
        "government's decision to suspend accession talks.",
        "Riot police used water cannon to disperse the crowd, the interior ministry said.",
        "Opposition leaders demanded the release of detained demonstrators.",
    ]
    georgia_gov = actor("the government", "GEO", "GOV", name="Georgia")
    d.event(0, "rallied", "PROTEST", [protesters], [georgia_gov], place=TBILISI)
    d.event(1, "disperse", "COERCE", [actor("Riot police", "GEO", "COP")], [protesters], place=TBILISI)
    d.event(2, "demanded", "REQUEST", [actor("Opposition leaders", "GEO", "OPP")], [georgia_gov],
            place=TBILISI)

    unsc = actor("The UN Security Council", "UNO", "GOV", name="United Nations Security Council")
    sudan = actor("Sudan's warring parties", "SDN", "MIL", name="Sudan")
    e = Article(dt.date(2025, 4, 15), "Security Council presses for Sudan ceasefire")
    e.sentences += [
        "The UN Security Council called on Sudan's warring parties to agree to a ceasefire, as fighting "
        "around El Fasher entered its second year.",
        "The Rapid Support Forces attacked a displacement camp near the city on Sunday, aid agencies said.",
        "The council threatened sanctions against commanders who block aid deliveries.",
        "Mediators said the army had withdrawn from two villages east of the city.",
    ]
    e.event(0, "called on", "REQUEST", [unsc], [sudan], place=EL_FASHER)
    e.event(1, "attacked", "ASSAULT", [actor("The Rapid Support Forces", "SDN", "REB")],
            [actor("a displacement camp", "SDN", "REF")], date="2025-04-13", place=EL_FASHER)
    e.event(2, "threatened", "THREATEN", [unsc], [sudan])
    e.event(3, "withdrawn", "RETREAT", [actor("the army", "SDN", "MIL")], [], place=EL_FASHER)
    return [x.result() for x in (a, b, c, d, e)]


def fill_store(path: Path) -> list[DocumentResult]:
    """Write the corpus to a new store at ``path`` and return what was written."""
    results = corpus()
    with Store(path) as store:
        store.write_batch(results)
    return results
