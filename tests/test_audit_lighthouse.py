"""The audit's Lighthouse runs: which of several runs counts (audit/lighthouse.py)."""

from __future__ import annotations

import lighthouse


def _report(performance: int, tag: str) -> lighthouse.Scores:
    scores = {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100}
    return lighthouse.Scores(url="http://127.0.0.1/", scores=scores, failing=(tag,))


def test_the_run_with_the_median_performance_counts_and_every_run_is_kept() -> None:
    runs = [_report(98, "a"), _report(100, "b"), _report(99, "c"), _report(100, "d"), _report(94, "e")]

    chosen = lighthouse.median_run(runs)

    assert (chosen.scores["performance"], chosen.failing, chosen.performance_runs) == (99, ("c",), (98, 100, 99, 100, 94))


def test_one_slow_run_out_of_five_does_not_count() -> None:
    chosen = lighthouse.median_run([_report(100, "a"), _report(100, "b"), _report(91, "slow"), _report(100, "c"), _report(100, "d")])

    assert chosen.scores["performance"] == 100


def test_of_an_even_number_of_runs_the_lower_middle_one_counts() -> None:
    chosen = lighthouse.median_run([_report(100, "a"), _report(97, "b"), _report(99, "c"), _report(100, "d")])

    assert (chosen.scores["performance"], chosen.failing) == (99, ("c",))
