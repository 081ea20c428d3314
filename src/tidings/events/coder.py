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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.events.arguments import ArgumentResolver, Arguments, Resolver, is_passive, subject_heads
from tidings.events.cameo import CameoMap, load_cameo_map
from tidings.events.context import clause_contexts, clause_tokens, cue_mode
from tidings.events.implicit import RULE_PREFIX as IMPLICIT_RULE
from tidings.events.implicit import implicit_actor, unnamed_perpetrator
from tidings.events.lexicon import Cues, Lexicon, load_cues, load_lexicon
from tidings.events.modality import read_modality
from tidings.events.statements import quote_events
from tidings.events.tree import doc_memo, kids, release, subtree, up
from tidings.events.triggers import (
    Trigger,
    candidate_indices,
    complement_tokens,
    direct_complements,
    find_triggers,
    independent,
)
from tidings.geo import place_for
from tidings.nlp import doc_text, sentences, token_arrays
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


def segments(sent: Span, text: str | None = None) -> list[Span]:
    """A sentence cut at line breaks: the parser may run a title line into the paragraph after it.

    Each line is coded (and reported as ``sentence``) on its own, so that a title never lends a trigger
    or an argument to the body, and the body's sentence offsets stay exact.  ``text`` is the document
    text (:func:`tidings.nlp.doc_text`): a sentence with no line break in it is its own only segment,
    read without walking its tokens.
    """
    doc = sent.doc
    if text is None:
        text = doc_text(doc)
    own = text[sent.start_char : sent.end_char]
    if "\n" not in own:
        return [sent] if own.strip() else []
    # only the tokens a line break falls in (in their text or the space after them) can cut the line
    starts = _token_starts(doc)
    breaks = sorted(
        {bisect_right(starts, sent.start_char + m.start()) - 1 for m in _NEWLINE.finditer(own)}
    )
    out: list[Span] = []
    start = sent.start
    for tok in (doc[k] for k in breaks if sent.start <= k < sent.end):
        if "\n" in tok.text_with_ws and (tok.is_space or (tok.whitespace_ == "" and "\n" in tok.text)):
            if tok.i > start:
                out.append(doc[start : tok.i])
            start = tok.i + 1
        elif "\n" in tok.whitespace_:
            out.append(doc[start : tok.i + 1])
            start = tok.i + 1
    if start < sent.end:
        out.append(doc[start : sent.end])
    return [s for s in out if text[s.start_char : s.end_char].strip()]


_NEWLINE = re.compile("\n")


def _token_starts(doc: Doc) -> list[int]:
    """The character offset of every token (the document's shared arrays)."""
    return token_arrays(doc).idx


def has_body(sents: Iterable[Span], text: str | None = None) -> bool:
    """Whether a document has at least one sentence with final punctuation (a body, not just titles)."""
    for s in sents:
        own = s.text if text is None else text[s.start_char : s.end_char]
        if own.strip().endswith(FINAL_PUNCT):
            return True
    return False


def is_headline(sent: Span, text: str | None = None, body: bool | None = None) -> bool:
    """A line that titles or separates the body ("- Zelensky in Washington -"), not a reported event.

    Such lines repeat the body; coding them would double-count.  A line counts when it is set apart by
    dashes, or stands alone on its line without final punctuation in a document that has body sentences.
    ``text`` (the document text) and ``body`` (:func:`has_body`) are computed once per document by the
    caller: ``Doc.text`` is rebuilt from the tokens on every access.
    """
    doc = sent.doc
    if text is None:
        text = doc_text(doc)
    line = text[sent.start_char : sent.end_char].strip()
    if not line:
        return True
    if line.startswith(("-", "\u2013", "\u2014")) and line.endswith(("-", "\u2013", "\u2014")):
        return True
    if line.endswith(FINAL_PUNCT):
        return False
    before = text[: sent.start_char].rstrip(" \t")
    after = text[sent.end_char :].lstrip(" \t")
    own_line = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    if not own_line:
        return False
    return has_body(doc.sents, text) if body is None else body


def conditional(trig: Trigger, cues: Cues) -> bool:
    """Whether the trigger's clause carries a condition ("... *unless* X arranges a ceasefire")."""
    for t in trig.tokens:
        for c in kids(t):
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in kids(c)
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
        if t.dep_ == "acl" and t.tag_ == "VBG" and cues and up(t).lemma_.lower() in cues.document_nouns:
            return False
        if t.dep_ in {"relcl", "acl"}:
            return True
        if t.dep_ in {"ROOT", "advcl", "ccomp"}:
            return False
        t = up(t)
    return False


def scene_setting(trig: Trigger) -> bool:
    """A noun trigger naming the occasion of another act: "said *at a meeting*", "*during a summit*".

    An attack named as the cause of a passive harm is no mere occasion: in "civilians were killed *in
    raids by coalition jets*" the raids are the event, with their own agent (the passive has none).
    """
    tok = trig.token
    verb = up(up(tok))
    if trig.entry.event == "ASSAULT" and tok.dep_ == "pobj" and is_passive([verb]):
        return any(c.dep_ == "agent" for c in kids(verb))  # the passive's own agent makes it the act
    return (
        tok.pos_ == "NOUN"
        # "arrested *during a protest*": the protest happened too ("*in protest* at" is a purpose)
        and not (trig.entry.event == "PROTEST" and up(tok).lower_ != "in")
        and tok.dep_ == "pobj"
        and up(tok).lower_ in SCENE_PREPS
        and up(up(tok)).lemma_.lower() not in PARTAKING_VERBS
        and not any(c.dep_ == "prep" and c.lower_ in {"between", "among"} for c in kids(tok))
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
        implicit_actors: bool = True,
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
        self.implicit_actors = implicit_actors
        """Whether a report of harm that names no perpetrator gets the manual's unidentified actor (sector
        table, ``UNK``).  The manual's "Some residual issues" leaves such reports uncoded, so users who
        follow that reading switch this off (``implicit_actors = false`` in the component's config)."""

    @property
    def arguments(self) -> ArgumentResolver:
        if self._arguments is None:
            self._arguments = ArgumentResolver(
                self._resolve or _default_resolver(),
                self.cues.reporting_verbs,
                lambda t: bool(self.lexicon.candidates(t.lemma_.lower(), "NOUN")),
                sector_actors=self.sector_actors,
                instruments=self.cues.implicit_actor.instruments,
                place_nouns=self.cues.place_nouns,
            )
        return self._arguments

    # ------------------------------------------------------------------ type, mode, modality
    def coding(self, trig: Trigger) -> Coding:
        """The trigger's coding (see :meth:`_coding`), read once per trigger of the document being
        coded: the actor-less check, the record and the quotes all ask for it."""
        memo = doc_memo(trig.token.doc)
        key = ("coding", id(self), id(trig))
        held = memo.get(key)
        if held is None or held[0] is not trig:  # the memo holds the trigger: its id stays its own
            held = memo[key] = (trig, self._coding(trig))
        return held[1]  # type: ignore[no-any-return]

    def _coding(self, trig: Trigger) -> Coding:
        """Type, mode and modality of a trigger after the manual's type-changing rules."""
        entry = trig.entry
        cues = self.cues
        reading = read_modality(trig, cues)
        event, mode = entry.event, entry.mode
        negated = reading.negated
        if negated and entry.negated_event:
            event, mode, negated = entry.negated_event, None, False
        comps = direct_complements(trig)
        comp_events = [(c.entry.event, c.entry.mode) for c in comps]
        if entry.frame in {"intent", "threat"} and comps:
            content = {t.i for t in complement_tokens(trig)}
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
        if mode == "destroy":
            # the manual keeps 'destroy' for destruction by an unknown means: a weapon doing the
            # destroying ("*the explosions* destroyed armoured vehicles") names the mode
            tok = trig.token
            agents = subject_heads(tok) + [o for p in kids(tok) if p.dep_ == "agent" for o in kids(p)]
            weapon = cue_mode(table, [x for a in agents for x in subtree(a)])
            if weapon is not None:
                return weapon
        cue = self._weapon_cue(trig.token)
        if mode is None or cue in OVERRIDING_ASSAULT_MODES or cue in REFINED_ASSAULT_MODES.get(mode, ()):
            return cue or mode
        return mode

    def _weapon_cue(self, token: Token) -> str | None:
        """The ASSAULT mode cue of the token's clause, else of its sentence, read once per clause
        and sentence of the document being coded (a sentence's attacks share them)."""
        table = self.cues.assault_modes
        doc = token.doc
        memo = doc_memo(doc)
        clause = clause_tokens(token)
        key = ("weapon-clause", id(table), id(clause))
        held = memo.get(key)
        if held is None or held[0] is not clause:  # the memo holds the shared clause list
            held = memo[key] = (clause, cue_mode(table, clause))
        if held[1] is not None:
            return held[1]  # type: ignore[no-any-return]
        bounds = sentences(doc)
        start = bounds.start_of(token.i)
        skey = ("weapon-sentence", id(table), start)
        if skey not in memo:
            memo[skey] = cue_mode(table, doc[start : bounds.end_of(token.i)])
        return memo[skey]  # type: ignore[no-any-return]

    def threat_mode(self, event: str, mode: str | None) -> str | None:
        """THREATEN's mode is the content of the threat (manual table "THREATEN modes")."""
        table = self.cues.threat_content_modes.get(event, {})
        return table.get(mode or "", table.get(""))

    # ------------------------------------------------------------------ records
    def code(self, doc: Doc) -> list[Event]:
        """All events of a parsed document, in text order, deduplicated."""
        events: list[Event] = []
        unclaimed: list[Trigger] = []
        bounds = sentences(doc)  # read once from one array: every later look-up goes through these spans
        text = doc_text(doc)
        # the first sentence with final punctuation decides: sentences are built only up to it
        body = has_body((doc[s:e] for s, e in zip(bounds.starts, bounds.ends, strict=True)), text)
        every = candidate_indices(doc, self.lexicon, self.cues)
        n_cand = len(every)
        for s, e in zip(bounds.starts, bounds.ends, strict=True):
            k = bisect_left(every, s)
            if k == n_cand or every[k] >= e:
                continue  # no token of the sentence can start a trigger: none of its lines has one
            for sent in segments(doc[s:e], text):
                if not is_headline(sent, text, body):
                    self._code_sentence(doc, sent, events, unclaimed)
        quotes = doc._.quotes
        if quotes:
            events.extend(quote_events(self, doc, quotes, events, unclaimed))
        release()
        return dedupe(e for e in events if e.confidence >= self.min_confidence)

    def _code_sentence(self, doc: Doc, sent: Span, events: list[Event], unclaimed: list[Trigger]) -> None:
        """Code the triggers of one line of a sentence: events to ``events``, the triggers that give
        none to ``unclaimed`` (a quote may still state them)."""
        triggers = list(independent(find_triggers(sent, self.lexicon, self.cues)))
        heads = frozenset(t.token.i for t in triggers)
        for trig in triggers:
            ev = self.event_for(doc, sent, trig, trigger_heads=heads)
            if ev is None:
                unclaimed.append(trig)
            else:
                events.append(ev)

    def event_for(
        self,
        doc: Doc,
        sent: Span,
        trig: Trigger,
        args: Arguments | None = None,
        trigger_heads: frozenset[int] = frozenset(),
    ) -> Event | None:
        """The event record of one trigger, or ``None`` when no actor resolves (the manual requires one).

        A report of harm by someone it does not name ("three villagers died when a bomb went off") has the
        manual's unidentified actor (:mod:`tidings.events.implicit`): rule ``implicit-actor:<entry>``,
        lower confidence.  ``trigger_heads`` are the token indices of the sentence's triggers.
        """
        if scene_setting(trig):
            return None
        # the actors first: a trigger with none and no unidentified actor gives no event, and its
        # recipients (the dearer half of the arguments) are then never read
        reading = self.arguments.actors(trig) if args is None else None
        coding: Coding | None = None
        rule = trig.entry.id
        confidence: float | None = None
        location: Place | bool | None = False
        implicit: Actor | None = None
        if not (reading.actors if reading is not None else args.actor) and self.require_actor:
            found = self._implicit(doc, trig, trigger_heads) if self.implicit_actors else None
            if found is None:
                return None
            coding, implicit, location = found
        if reading is not None:
            args = self.arguments.recipients(reading)
        assert args is not None  # (given by the caller, or read just above)
        if implicit is not None:
            args = Arguments(actor=[implicit], recipient=args.recipient, via_pronoun=args.via_pronoun)
            rule = f"{IMPLICIT_RULE}:{trig.entry.id}"
            confidence = trig.entry.confidence * self.cues.implicit_actor.confidence_factor
        coding = coding or self.coding(trig)
        if coding.event == "REQUEST" and self._own_people_only(doc, args):
            # "the US urged *its citizens* to leave": advice to one's own nationals, not a request
            # made of another actor
            return None
        if in_description(trig, self.cues) and (
            coding.modality in {"future", "hypothetical"} or QUADS[coding.event].startswith("verbal")
        ):
            # "a resolution *that aims to tighten sanctions*", "refugees, *whom authorities blame*":
            # a description of an entity, not the statement or intention the sentence reports
            return None
        return self.build(
            doc, sent, trig.token, trig.start, trig.end, coding, args, trig, rule=rule,
            base_confidence=confidence, location=location,
        )  # fmt: skip

    def _own_people_only(self, doc: Doc, args: Arguments) -> bool:
        """Whether every recipient is the actor's own people named through a possessive pronoun
        ("*its citizens*", "*their nationals*")."""
        if not args.recipient or not self.cues.own_people_nouns:
            return False
        own = {a.code for a in args.actor}
        for r in args.recipient:
            if r.code not in own or r.start is None or r.end is None:
                return False
            span = doc.char_span(r.start, r.end, alignment_mode="expand")
            if span is None:
                return False
            root = span.root
            if root.lemma_.lower() not in self.cues.own_people_nouns or not any(
                c.dep_ == "poss" and c.pos_ == "PRON" for c in kids(root)
            ):
                return False
        return True

    def _implicit(
        self, doc: Doc, trig: Trigger, trigger_heads: frozenset[int]
    ) -> tuple[Coding, Actor, Place | None] | None:
        """The coding, unidentified actor and location of an asserted act of harm naming no actor."""
        table = self.cues.implicit_actor
        if not self.sector_actors or not table.events:
            return None
        found = unnamed_perpetrator(trig, table, self.arguments.is_event_noun, trigger_heads)
        if found is None:
            return None
        coding = self.coding(trig)
        if coding.modality != "asserted" or not table.qualifies(coding.event, coding.mode):
            return None  # "could be attacked", "were not killed": no act to attribute
        location = self.location(doc, trig.token)
        from tidings.actors import document_country

        country = document_country(doc) if location is None or not location.country else None
        return coding, implicit_actor(doc, found, location, country, table.sectors[coding.event]), location

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
        location: Place | bool | None = False,
    ) -> Event:
        """The record; ``location`` is the trigger's place when the caller already looked it up."""
        entry = trig.entry if trig is not None else None
        defaults = entry.context if entry is not None and coding.event == entry.event else ()
        contexts = clause_contexts(defaults, doc, anchor.i, args.actor, self.cues)
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
        doc_id = _facts(doc).doc_id
        text = doc_text(doc)
        if location is False:
            location = self.location(doc, anchor)
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
            location=location,
            sentence=text[sent.start_char : sent.end_char],
            start=sent.start_char,
            end=sent.end_char,
            trigger=TextSpan(text=text[start:end], start=start, end=end),
            confidence=round(min(confidence, 1.0), 3),
            rule=rule,
            cameo=self.cameo.root_for(coding.event, coding.mode),
            quote_id=quote_id,
            lexicon_version=self.lexicon.version,
        )

    @staticmethod
    def date(doc: Doc, token: Token) -> tuple[str, str, str | None]:
        """The event date from the time stage when it ran, else the document date."""
        facts = _facts(doc)
        if not facts.timed:  # the time stage is switched off
            return (facts.dct, "document", None)
        ed = date_for(doc, token)
        return (str(ed.date), str(ed.precision), ed.text)

    @staticmethod
    def location(doc: Doc, token: Token) -> Place | None:
        """The place governing the trigger from the geo stage when it ran, else ``None``."""
        if not _facts(doc).placed:  # the geo stage is switched off
            return None
        return place_for(doc, token)


@dataclass(frozen=True)
class _Facts:
    """What every event of a document reads from its ``Doc._`` extensions, read once per document
    (each ``doc._`` access builds an accessor object)."""

    doc_id: str
    dct: str
    """The document date in ISO form, ``""`` when unset."""
    timed: bool
    """Whether the time stage ran (``doc._.timexes`` is set)."""
    placed: bool
    """Whether the geo stage ran (``doc._.places`` is set)."""


def _facts(doc: Doc) -> _Facts:
    memo = doc_memo(doc)
    found = memo.get("facts")
    if found is None:
        ext = doc._
        dct = ext.dct
        found = memo["facts"] = _Facts(
            doc_id=str(ext.doc_id or ""),
            dct=dct.isoformat() if dct else "",
            timed=ext.timexes is not None,
            placed=ext.places is not None,
        )
    return found  # type: ignore[no-any-return]


def _codes(actors: Iterable[Actor]) -> tuple[str, ...]:
    return tuple(sorted({a.code for a in actors}))


def _rank(ev: Event, implicit: bool) -> tuple[bool, float]:
    """Which of two duplicates to keep: the more confident; among one sentence's reports of harm by an
    unnamed actor, first the one whose mode says how ("killed ... and injured *in an airstrike*")."""
    return (implicit and ev.mode is not None, ev.confidence)


def dedupe(events: Iterable[Event]) -> list[Event]:
    """One event per trigger and argument set, and per sentence, type and argument set.

    Two triggers of one sentence that give the same type between the same entities ("met ... for talks"
    when the parse does not nest them) are one event: the more confident one is kept.  Unnamed
    perpetrators cannot be told apart, so a sentence reports one act of a type with an unidentified actor
    ("three were killed and 16 wounded"), and none when it names who did an act of that type.
    """
    best: dict[tuple[object, ...], Event] = {}
    named: set[tuple[str, int, str]] = set()
    for ev in events:
        implicit = ev.rule.startswith(IMPLICIT_RULE)
        if implicit:
            key: tuple[object, ...] = (ev.doc_id, ev.start, ev.event, IMPLICIT_RULE)
        else:
            key = (ev.doc_id, ev.start, ev.event, _codes(ev.actor), _codes(ev.recipient))
            named.add((ev.doc_id, ev.start, ev.event))
        old = best.get(key)
        if old is None or _rank(ev, implicit) > _rank(old, implicit):
            best[key] = ev
    kept = (
        e
        for e in best.values()
        if not (e.rule.startswith(IMPLICIT_RULE) and (e.doc_id, e.start, e.event) in named)
    )
    return sorted(kept, key=lambda e: (e.start, e.trigger.start, e.event))
