"""The cue lexicon: which words introduce reported speech.

The lists live in ``data/cues.json`` (a versioned data file users edit, documented by its ``format`` field)
so that adding a reporting verb never needs a code change.  The version is recorded by the evaluation and
can be printed with ``tidings quotes --lexicon``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CueLexicon:
    """The parsed cue file.  Every set holds lower-case lemmas or phrases."""

    version: str
    speech_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    particles: dict[str, str]
    according_to: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    infinitive_verbs: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()

    def is_indirect_cue(self, lemma: str) -> bool:
        """Verbs that mark indirect speech ("X said that ..."): speech verbs that are not too vague."""
        return lemma in self.speech_verbs and lemma not in self.direct_only_verbs


def parse_lexicon(data: dict[str, object]) -> CueLexicon:
    """Build a :class:`CueLexicon` from the JSON object; raise ``ValueError`` naming a missing field."""

    def words(key: str, optional: bool = False) -> list[str]:
        value = data.get(key, [] if optional else None)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"cue lexicon: field {key!r} must be a list of strings")
        return [v.strip().lower() for v in value if v.strip()]

    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise ValueError("cue lexicon: field 'version' is required")
    particles = data.get("particles", {})
    if not isinstance(particles, dict):
        raise ValueError("cue lexicon: field 'particles' must map a lemma to its particle")
    speech = frozenset(words("speech_verbs"))
    direct_only = frozenset(words("direct_only_verbs"))
    subsets = {"direct_only_verbs": direct_only}
    for key in ("infinitive_verbs", "object_verbs", "addressee_verbs"):
        subsets[key] = frozenset(words(key, optional=True))
    for key, values in subsets.items():
        unknown = values - speech
        if unknown:
            raise ValueError(f"cue lexicon: {key} not in speech_verbs: {sorted(unknown)}")
    return CueLexicon(
        version=version,
        speech_verbs=speech,
        direct_only_verbs=direct_only,
        particles={str(k).lower(): str(v).lower() for k, v in particles.items()},
        according_to=tuple(tuple(p.split()) for p in words("according_to")),
        pronouns=frozenset(words("pronouns")),
        infinitive_verbs=subsets["infinitive_verbs"],
        object_verbs=subsets["object_verbs"],
        addressee_verbs=subsets["addressee_verbs"],
    )


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The packaged cue lexicon, parsed once per process."""
    text = resources.files("tidings.quotes").joinpath("data/cues.json").read_text(encoding="utf-8")
    return parse_lexicon(json.loads(text))
