"""Lighthouse's four scores for a page, with its default mobile settings and the system Chromium.

The default configuration is the mobile preset: a mid-range phone on a slow 4G connection,
simulated. Lighthouse may never download a browser: it gets CHROME_PATH and a headless,
sandbox-free Chromium with no background traffic.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Scores:
    url: str
    scores: dict[str, int]  # category -> 0..100
    failing: tuple[str, ...]  # "category: audit title (value)" for each scored audit below 1
    performance_runs: tuple[int, ...] = ()  # every run's performance score, in the order run


def run(cli: Path, url: str, chromium: Path, runs: int = 5) -> Scores:
    """The median of `runs` runs: on a shared machine one run's timings can be off, five rarely are."""
    return median_run([_run_once(cli, url, chromium) for _ in range(runs)])


def median_run(reports: list[Scores]) -> Scores:
    """The run with the median performance (the lower one of an even count), as Lighthouse's own
    computeMedianRun picks it; it keeps every run's performance score, to show how they spread."""
    median = statistics.median_low(report.scores["performance"] for report in reports)
    chosen = next(report for report in reports if report.scores["performance"] == median)
    return replace(chosen, performance_runs=tuple(report.scores["performance"] for report in reports))


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("manca il comando node: serve per Lighthouse")
    return node


def _run_once(cli: Path, url: str, chromium: Path) -> Scores:
    env = {**os.environ, "CHROME_PATH": str(chromium), "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(  # noqa: S603 (our own command line, no shell)
        [
            _node(),
            str(cli),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--no-enable-error-reporting",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse non è riuscito ad analizzare {url} (uscita {result.returncode}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse, {url}: {report['runtimeError']}")
    scores = {}
    failing = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] is None:
            raise RuntimeError(f"lighthouse, {url}: nessun punteggio per {name}")
        scores[name] = round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{name}: {audit['title']} ({audit.get('displayValue') or audit['score']})")
    return Scores(url=url, scores=scores, failing=tuple(failing))
