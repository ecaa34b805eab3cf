"""The build's background process: tasks run there in order, and their failures reach the build."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import wait
from pathlib import Path

import pytest
from factsheet.background import Background, BackgroundError


def test_tasks_run_in_another_process_in_the_order_given(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    background = Background()

    first = background.submit(_append, log, "primo")
    second = background.submit(_append, log, "secondo")
    background.wait()

    assert log.read_text(encoding="utf-8") == "primo\nsecondo\n"
    assert first.result() == second.result() != os.getpid()


def test_the_first_failure_is_reported_with_the_original_error() -> None:
    background = Background()
    background.submit(_fail, "dati illeggibili")

    with pytest.raises(BackgroundError, match=r"^ValueError: dati illeggibili$"):
        background.wait()
    assert background._pool is None


def test_close_drops_the_tasks_not_started_yet(tmp_path: Path) -> None:
    background = Background()
    background.submit(time.sleep, 1)
    # The executor hands the process at most two tasks ahead of the one it runs: the others wait in line.
    queued = [background.submit(_append, tmp_path / "log.txt", str(number)) for number in range(10)]

    background.close()

    wait(queued)
    assert all(task.cancelled() for task in queued[2:])
    assert background._pool is None


@pytest.mark.usefixtures("single_thread")
def test_a_process_started_as_a_fork_has_what_this_one_had_when_it_started() -> None:
    background = Background()
    # On Linux, with a single thread, the process starts as a fork.
    assert background.forks() == (sys.platform == "linux")
    _STATE.append("prima")
    try:
        first = background.submit(_state)
        _STATE.append("dopo")
        second = background.submit(_state)
        background.wait()
    finally:
        _STATE.clear()

    if sys.platform == "linux":
        assert first.result() == second.result() == ["prima"]
    assert not background.forks() or background._pool is None


def test_this_process_runs_the_tasks_not_started_once_it_is_free(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    background = Background()
    background.submit(time.sleep, 1)
    tasks = [background.submit(_append, log, str(number)) for number in range(10)]

    background.finish_here()
    background.wait()

    # Each task ran once, here or there, and its result reached its future either way.
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(str(number) for number in range(10))
    assert any(task.result() == os.getpid() for task in tasks)


def test_a_failure_of_a_task_run_here_is_reported_as_from_the_other_process() -> None:
    background = Background()
    background.submit(time.sleep, 1)
    background.submit(time.sleep, 0)
    background.submit(_fail, "pagina illeggibile")

    background.finish_here()

    with pytest.raises(BackgroundError, match=r"^ValueError: pagina illeggibile$"):
        background.wait()


def test_nothing_to_wait_for_starts_no_process() -> None:
    background = Background()

    background.wait()

    assert background._pool is None


def _append(path: Path, line: str) -> int:
    with path.open("a", encoding="utf-8") as out:
        out.write(f"{line}\n")
    return os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


_STATE: list[str] = []


def _state() -> list[str]:
    return list(_STATE)
