"""Shared fixtures: a small valid dataset, and a whole project to build with MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import process as process_pool
from pathlib import Path

import pytest
from factsheet import background

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_dataset(folder: Path) -> Path:
    """A copy of the valid fixture dataset, with the real schemas, at folder/data."""
    data = folder / "data"
    shutil.copytree(FIXTURES / "valido", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    return data


def make_project(folder: Path, data: Path | None = None) -> Path:
    """A buildable copy of the project: the real config, pages and hooks, with the given data."""
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    if data is None:
        make_dataset(folder)
    else:
        shutil.copytree(data, folder / "data")
    return folder


@pytest.fixture
def single_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in `mkdocs build`, a program with a single thread: a background process then starts as a fork.

    A test before may have ended a background process while it worked: the thread of its
    pool that looked after it ends soon after, and is waited for. The browser tests keep
    their server's and driver's threads for the whole session (Playwright's asyncio loop
    keeps idle worker threads): they are not waited for, as they never end; they take no
    part here, and a fork copies only the thread that calls it, so the engine is told it runs alone.
    """
    for thread in threading.enumerate():
        if isinstance(thread, _POOL_MANAGER):
            thread.join(timeout=30)
    monkeypatch.setattr(background.threading, "active_count", lambda: 1)


# The thread with which a concurrent.futures process pool looks after its processes.
_POOL_MANAGER: type = getattr(process_pool, "_ExecutorManagerThread", threading.Thread)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return make_dataset(tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "progetto")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the real data, as `make build` builds it: once per session, shared by every test that reads it."""
    project = make_project(tmp_path_factory.mktemp("sito") / "progetto", data=ROOT / "data")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build non riuscito:\n{result.stderr}")
    return project / "site"


def run_factsheet(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """python -m factsheet, as the Makefile runs it."""
    # GitHub Actions sets GITHUB_ACTIONS=true in every step, which adds annotations to the output.
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "GITHUB_ACTIONS": "", **(env or {})}
    return subprocess.run([sys.executable, "-m", "factsheet", *args], capture_output=True, text=True, env=environment, check=False)
