"""Turn the triggers of a parsed document into PLOVER :class:`~tidings.records.Event` records.

For each sentence (headline-like lines excepted) the coder finds triggers, keeps those that are events of
their own, reads each one's frame, modality, arguments, mode and contexts, and builds the record.  The
manual's rules that change the event type live here, each driven by the data files:

* a negated trigger may change type (``negated_event``: "will not accept" is REJECT);
* future cooperative acts are AGREE and future retreats CONCEDE; future coercion is THREATEN
  (``future_shift``), while ``modality`` keeps ``future``;
* an offer or vow whose content is the use of force is THREATEN (frame ``intent``);
* requests and rejections take their mode from their content (frames ``demand`` and ``refusal``).

Date and place come from the time and geo stages when they ran (``doc._.timexes`` / ``doc._.places`` not
``None``); otherwise the document date with precision ``document`` and no location.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.events.arguments import ArgumentResolver, Arguments, Resolver, is_passive
from tidings.events.cameo import CameoMap, load_cameo_map
from tidings.events.context import clause_tokens, contexts_for, cue_mode
from tidings.events.lexicon import Cues, Lexicon, load_cues, load_lexicon
from tidings.events.modality import read_modality
from tidings.events.statements import quote_events
from tidings.events.triggers import Trigger, complement_tokens, direct_complements, find_triggers, independent
from tidings.geo import place_for
from tidings.nlp import doc_text
from tidings.records import QUADS, Actor, Event, Modality, Place, TextSpan, stable_id
from tidings.time import date_for

FINAL_PUNCT = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")", "\u2026", ":")

SCENE_PREPS: frozenset[str] = frozenset(
    {"during", "at", "in", "before", "after", "since", "amid", "ahead"}
)
"""Prepositions whose object noun is the occasion of another act rather than an event reported."""

PARTAKING_VERBS: frozenset[str] = frozenset({"engage", "participate", "involve", "join", "take", "use"})
"""Verbs whose ``in`` object is the act itself: "engaged *in* clashes", "took part *in* the protest"."""

OVERRIDING_ASSAULT_MODES: frozenset[str] = frozenset({"suicide-attack", "unconventional", "sexual"})

REFINED_ASSAULT_MODES: dict[str, frozenset[str]] = {
    "explosives": frozenset({"aerial", "drone"}),
    "heavy-weapons": frozenset({"crowd-control"}),
    "firearms": frozenset({"crowd-control"}),
}
"""Entry modes a weapon cue narrows: bombs dropped by warplanes or drones are ``aerial``/``drone``; rubber
bullets, tear gas or water cannon "fired" are ``crowd-control`` (the manual keeps that mode for an
explicit crowd-control weapon)."""

REQUEST_MODE_BY_EVENT: dict[str, str] = {
    "CONSULT": "meet",
    "AGREE": "meet",
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
}
"""REQUEST/REJECT mode from the event the demand or refusal is about (manual table "REQUEST modes")."""


@dataclass(frozen=True)
class Coding:
    """Event type, mode and modality of a trigger after the manual's type-changing rules."""

    event: str
    mode: str | None
    modality: Modality
    shifted: bool


def segments(sent: Span) -> list[Span]:
    """A sentence cut at line breaks: the parser may run a title line into the paragraph after it.

    Each line is coded (and reported as ``sentence``) on its own, so that a title never lends a trigger
    or an argument to the body, and the body's sentence offsets stay exact.
    """
    doc = sent.doc
    out: list[Span] = []
    start = sent.start
    for tok in sent:
        if "\n" in tok.text_with_ws and (tok.is_space or (tok.whitespace_ == "" and "\n" in tok.text)):
            if tok.i > start:
                out.append(doc[start : tok.i])
            start = tok.i + 1
        elif "\n" in tok.whitespace_:
            out.append(doc[start : tok.i + 1])
            start = tok.i + 1
    if start < sent.end:
        out.append(doc[start : sent.end])
    return [s for s in out if s.text.strip()]


def has_body(sents: Iterable[Span]) -> bool:
    """Whether a document has at least one sentence with final punctuation (a body, not just titles)."""
    return any(s.text.strip().endswith(FINAL_PUNCT) for s in sents)


def is_headline(sent: Span, text: str | None = None, body: bool | None = None) -> bool:
    """A line that titles or separates the body ("- Zelensky in Washington -"), not a reported event.

    Such lines repeat the body; coding them would double-count.  A line counts when it is set apart by
    dashes, or stands alone on its line without final punctuation in a document that has body sentences.
    ``text`` (the document text) and ``body`` (:func:`has_body`) are computed once per document by the
    caller: ``Doc.text`` is rebuilt from the tokens on every access.
    """
    text = sent.text.strip()
    if not text:
        return True
    if text.startswith(("-", "\u2013", "\u2014")) and text.endswith(("-", "\u2013", "\u2014")):
        return True
    if text.endswith(FINAL_PUNCT):
        return False
    doc = sent.doc
    if text is None:
        text = doc_text(doc)
    before = text[: sent.start_char].rstrip(" \t")
    after = text[sent.end_char :].lstrip(" \t")
    own_line = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    if not own_line:
        return False
    return has_body(doc.sents) if body is None else body


def conditional(trig: Trigger, cues: Cues) -> bool:
    """Whether the trigger's clause carries a condition ("... *unless* X arranges a ceasefire")."""
    for t in trig.tokens:
        for c in t.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in c.children
            ):
                return True
    return False


def in_description(trig: Trigger, cues: Cues | None = None) -> bool:
    """Whether the trigger sits in a relative or participial clause describing an entity.

    A participle on a noun naming an issued text ("issued a *statement demanding* ...", cue list
    ``document_nouns``) is that text's content, not a description: the act is its issuer's.
    """
    t = trig.token
    for _ in range(10):
        if t.dep_ == "acl" and t.tag_ == "VBG" and cues and t.head.lemma_.lower() in cues.document_nouns:
            return False
        if t.dep_ in {"relcl", "acl"}:
            return True
        if t.dep_ in {"ROOT", "advcl", "ccomp"} or t.head is t:
            return False
        t = t.head
    return False


def scene_setting(trig: Trigger) -> bool:
    """A noun trigger naming the occasion of another act: "said *at a meeting*", "*during a summit*".

    An attack named as the cause of a passive harm is no mere occasion: in "civilians were killed *in
    raids by coalition jets*" the raids are the event, with their own agent (the passive has none).
    """
    tok = trig.token
    verb = tok.head.head
    if trig.entry.event == "ASSAULT" and tok.dep_ == "pobj" and is_passive([verb]):
        return any(c.dep_ == "agent" for c in verb.children)  # the passive's own agent makes it the act
    return (
        tok.pos_ == "NOUN"
        # "arrested *during a protest*": the protest happened too ("*in protest* at" is a purpose)
        and not (trig.entry.event == "PROTEST" and tok.head.lower_ != "in")
        and tok.dep_ == "pobj"
        and tok.head.lower_ in SCENE_PREPS
        and tok.head.head.lemma_.lower() not in PARTAKING_VERBS
        and not any(c.dep_ == "prep" and c.lower_ in {"between", "among"} for c in tok.children)
    )


def _default_resolver() -> Resolver:
    from tidings.actors import resolve_token

    return resolve_token


class EventCoder:
    """Codes the events of one document; the lexicon, cues and CAMEO map are loaded once and shared."""

    def __init__(
        self,
        resolve: Resolver | None = None,
        lexicon: Lexicon | None = None,
        cues: Cues | None = None,
        cameo: CameoMap | None = None,
        min_confidence: float = 0.0,
        require_actor: bool = True,
        sector_actors: bool = True,
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.cues = cues or load_cues()
        self.cameo = cameo or load_cameo_map()
        self._resolve = resolve
        self._arguments: ArgumentResolver | None = None
        self.min_confidence = min_confidence
        self.require_actor = require_actor
        """The manual requires an actor; event-type classification (``tidings eval events`` on
        CASE-2021) switches this off to read the type of actor-less reports ("two soldiers were killed")."""
        self.sector_actors = sector_actors
        """Whether an actor of unknown country but known sector ("unidentified *gunmen*") is an actor."""

    @property
    def arguments(self) -> ArgumentResolver:
        if self._arguments is None:
            self._arguments = ArgumentResolver(
                self._resolve or _default_resolver(),
                self.cues.reporting_verbs,
                lambda t: bool(self.lexicon.candidates(t.lemma_.lower(), "NOUN")),
                sector_actors=self.sector_actors,
            )
        return self._arguments

    # ------------------------------------------------------------------ type, mode, modality
    def coding(self, trig: Trigger) -> Coding:
        entry = trig.entry
        cues = self.cues
        reading = read_modality(trig, cues)
        event, mode = entry.event, entry.mode
        negated = reading.negated
        if negated and entry.negated_event:
            event, mode, negated = entry.negated_event, None, False
        comps = direct_complements(trig)
        comp_events = [(c.entry.event, c.entry.mode) for c in comps]
        content = {t.i for t in complement_tokens(trig)}
        if entry.frame in {"intent", "threat"}:
            for comp in comps:
                ce, cm = comp.entry.event, comp.entry.mode
                if ce in cues.conflict_complements and comp.token.i in content:
                    event = "THREATEN"
                    mode = self.threat_mode(ce, cm)
                    break
                if entry.frame == "intent" and read_modality(comp, cues).negated:
                    event = comp.entry.negated_event or "REJECT"  # "vowed *not to return* the land"
                    mode = None
                    break
        if entry.frame in {"demand", "refusal", "say_must"} and mode is None:
            by_event = (REQUEST_MODE_BY_EVENT[ce] for ce, _ in comp_events if ce in REQUEST_MODE_BY_EVENT)
            mode = next(by_event, None)
            if mode is None:
                mode = cue_mode(self.cues.request_modes, complement_tokens(trig))
        modality: Modality
        if negated:
            modality = "negated"
        elif reading.hypothetical:
            modality = "hypothetical"
        elif reading.future:
            modality = "future"
        else:
            modality = "asserted"
        shifted = False
        if modality == "future" and event == "RETREAT" and conditional(trig, cues):
            # "will withdraw its force *unless* ...": a retreat held out as a threat
            event, mode, shifted = "THREATEN", "relations", True
        if modality == "future" and event in cues.future_shift:
            new = cues.future_shift[event]
            mode = self.threat_mode(event, mode) if new == "THREATEN" else None
            event, shifted = new, True
        if event == "ASSAULT":
            mode = self.assault_mode(trig, mode)
        return Coding(event=event, mode=mode, modality=modality, shifted=shifted)

    def assault_mode(self, trig: Trigger, mode: str | None) -> str | None:
        """ASSAULT's mode from weapon words: the clause first, then the sentence.

        A suicide or CBRN cue outranks the entry's own mode ("suicide bombers *blew* themselves up" is
        ``suicide-attack``, not ``explosives``), as the manual keeps those modes for such attacks.
        """
        table = self.cues.assault_modes
        cue = cue_mode(table, clause_tokens(trig.token)) or cue_mode(table, list(trig.token.sent))
        if mode is None or cue in OVERRIDING_ASSAULT_MODES or cue in REFINED_ASSAULT_MODES.get(mode, ()):
            return cue or mode
        return mode

    def threat_mode(self, event: str, mode: str | None) -> str | None:
        """THREATEN's mode is the content of the threat (manual table "THREATEN modes")."""
        table = self.cues.threat_content_modes.get(event, {})
        return table.get(mode or "", table.get(""))

    # ------------------------------------------------------------------ records
    def code(self, doc: Doc) -> list[Event]:
        """All events of a parsed document, in text order, deduplicated."""
        events: list[Event] = []
        unclaimed: list[Trigger] = []
        sents = list(doc.sents)  # walked once: every later look-up goes through these spans
        text = doc_text(doc)
        body = has_body(sents)
        for sent in (seg for s in sents for seg in segments(s)):
            if is_headline(sent, text, body):
                continue
            for trig in independent(find_triggers(sent, self.lexicon, self.cues)):
                ev = self.event_for(doc, sent, trig)
                if ev is None:
                    unclaimed.append(trig)
                else:
                    events.append(ev)
        quotes = doc._.quotes
        if quotes:
            events.extend(quote_events(self, doc, quotes, events, unclaimed))
        return dedupe(e for e in events if e.confidence >= self.min_confidence)

    def event_for(self, doc: Doc, sent: Span, trig: Trigger, args: Arguments | None = None) -> Event | None:
        """The event record of one trigger, or ``None`` when no actor resolves (the manual requires one)."""
        if scene_setting(trig):
            return None
        args = args or self.arguments.arguments(trig)
        if not args.actor and self.require_actor:
            return None
        coding = self.coding(trig)
        if in_description(trig, self.cues) and (
            coding.modality in {"future", "hypothetical"} or QUADS[coding.event].startswith("verbal")
        ):
            # "a resolution *that aims to tighten sanctions*", "refugees, *whom authorities blame*":
            # a description of an entity, not the statement or intention the sentence reports
            return None
        return self.build(doc, sent, trig.token, trig.start, trig.end, coding, args, trig, rule=trig.entry.id)

    def build(
        self,
        doc: Doc,
        sent: Span,
        anchor: Token,
        start: int,
        end: int,
        coding: Coding,
        args: Arguments,
        trig: Trigger | None,
        rule: str,
        quote_id: str | None = None,
        base_confidence: float | None = None,
    ) -> Event:
        entry = trig.entry if trig is not None else None
        defaults = entry.context if entry is not None and coding.event == entry.event else ()
        contexts = contexts_for(defaults, clause_tokens(anchor), args.actor, self.cues)
        date, precision, date_text = self.date(doc, anchor)
        confidence = base_confidence if base_confidence is not None else (entry.confidence if entry else 0.6)
        if args.via_pronoun:
            confidence *= 0.9
        if coding.modality == "hypothetical":
            confidence *= 0.8
        if coding.shifted:
            confidence *= 0.9
        actor_codes = ",".join(sorted(a.code for a in args.actor))
        recipient_codes = ",".join(sorted(a.code for a in args.recipient))
        doc_id = str(doc._.doc_id or "")
        return Event(
            id=stable_id(doc_id, start, end, coding.event, actor_codes, recipient_codes),
            doc_id=doc_id,
            event=coding.event,
            mode=coding.mode,
            context=contexts,
            quad=QUADS[coding.event],
            actor=list(args.actor),
            recipient=list(args.recipient),
            date=date,
            date_precision=precision,  # type: ignore[arg-type]
            date_text=date_text,
            modality=coding.modality,
            location=self.location(doc, anchor),
            sentence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            trigger=TextSpan(text=_char_text(sent, start, end), start=start, end=end),
            confidence=round(min(confidence, 1.0), 3),
            rule=rule,
            cameo=self.cameo.root_for(coding.event, coding.mode),
            quote_id=quote_id,
            lexicon_version=self.lexicon.version,
        )

    @staticmethod
    def date(doc: Doc, token: Token) -> tuple[str, str, str | None]:
        """The event date from the time stage when it ran, else the document date."""
        if doc._.timexes is None:  # the time stage is switched off
            dct = doc._.dct
            return (dct.isoformat() if dct else "", "document", None)
        ed = date_for(doc, token)
        return (str(ed.date), str(ed.precision), ed.text)

    @staticmethod
    def location(doc: Doc, token: Token) -> Place | None:
        """The place governing the trigger from the geo stage when it ran, else ``None``."""
        if doc._.places is None:  # the geo stage is switched off
            return None
        return place_for(doc, token)


def _char_text(sent: Span, start: int, end: int) -> str:
    """``doc.text[start:end]`` read from the sentence when it holds the range (``Doc.text`` is rebuilt
    from every token of the document on each access; ``Span.text`` only from the sentence's)."""
    if sent.start_char <= start and end <= sent.end_char:
        return sent.text[start - sent.start_char : end - sent.start_char]
    return doc_text(sent.doc)[start:end]


def _codes(actors: Iterable[Actor]) -> tuple[str, ...]:
    return tuple(sorted({a.code for a in actors}))


def dedupe(events: Iterable[Event]) -> list[Event]:
    """One event per trigger and argument set, and per sentence, type and argument set.

    Two triggers of one sentence that give the same type between the same entities ("met ... for talks"
    when the parse does not nest them) are one event: the more confident one is kept.
    """
    best: dict[tuple[object, ...], Event] = {}
    for ev in events:
        key = (ev.doc_id, ev.start, ev.event, _codes(ev.actor), _codes(ev.recipient))
        old = best.get(key)
        if old is None or ev.confidence > old.confidence:
            best[key] = ev
    return sorted(best.values(), key=lambda e: (e.start, e.trigger.start, e.event))
