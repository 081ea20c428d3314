"""Stages that run batch by batch in ``nlp.pipe`` (issue 9: speed) give what they give one document at
a time, on documents written for the test."""

from __future__ import annotations

import datetime as dt

from tidings import nlp as nlp_mod

TEXTS = (
    "Polish Prime Minister Jan Nowak met his Ukrainian counterpart in Warsaw on Tuesday.\n\n"
    '"We stand together," Nowak said. He added that talks would resume next week.',
    "Police in Nairobi arrested 12 opposition activists, a rights group said. They were released later.",
    "The Egyptian foreign ministry said it had summoned the Israeli ambassador over the strikes.",
)


def _run(batch_size: int | None) -> list[tuple[list[dict], list[dict]]]:
    nlp = nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors", "tidings_quotes"))
    docs = [nlp_mod.make_doc(nlp, t, f"d{k}", dt.date(2025, 4, 1)) for k, t in enumerate(TEXTS)]
    out = list(nlp.pipe(docs, batch_size=batch_size)) if batch_size else [nlp(d) for d in docs]
    return [
        ([a.model_dump() for a in d._.actor_mentions], [q.model_dump() for q in d._.quotes]) for d in out
    ]


def test_components_have_a_batched_pipe() -> None:
    nlp = nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors", "tidings_quotes"))
    for name in ("tidings_entity_ruler", "tidings_actors", "tidings_quotes"):
        assert isinstance(nlp.get_pipe(name), nlp_mod.BatchedComponent)


def test_batched_pipe_gives_the_single_document_results() -> None:
    one_by_one = _run(None)
    assert any(actors for actors, _ in one_by_one) and any(quotes for _, quotes in one_by_one)
    assert _run(2) == one_by_one
    assert _run(32) == one_by_one
