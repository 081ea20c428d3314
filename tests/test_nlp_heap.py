"""The loaders settle the heap (issue 9: speed): what they loaded leaves the cyclic collector's scans,
and objects created afterwards are collected as before."""

from __future__ import annotations

import gc
import weakref

from tidings import nlp as nlp_mod


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_loading_freezes_what_was_loaded() -> None:
    nlp_mod.load_base()
    assert gc.get_freeze_count() > 10_000  # the model's objects, at least


def test_cycles_made_after_loading_are_still_collected() -> None:
    nlp_mod.load_base()
    node = _Node()
    ref = weakref.ref(node)
    del node
    gc.collect()
    assert ref() is None


def test_settle_heap_can_be_switched_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(nlp_mod, "FREEZE_AFTER_LOAD", False)
    before = gc.get_freeze_count()
    _Node()
    nlp_mod.settle_heap()
    assert gc.get_freeze_count() == before
