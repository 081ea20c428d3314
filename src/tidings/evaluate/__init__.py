"""Evaluations: one scorer per gold format, sharing the metrics in :mod:`tidings.evaluate.metrics`.

Gold sets are read from ``../shared/gold`` (or ``--gold``) at evaluation time; nothing from them is kept in
the repository.  Evaluations print numbers; they are never part of the test suite's pass/fail.
"""
