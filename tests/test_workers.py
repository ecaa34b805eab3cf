"""Checking files in several processes gives exactly what checking them in one gives."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import ROOT
from factsheet import load, render_pages, workers
from factsheet.load import load_dataset
from factsheet.model import Origin, Route
from factsheet.problems import DataError
from test_invalid_data import CASES, read_case

pytestmark = pytest.mark.skipif(not workers.CAN_FORK, reason="the processes are forks, on Linux only")


def square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("count", [0, 1, 2, 3, 10, 101])
@pytest.mark.parametrize("processes", [1, 2, 3])
def test_results_come_back_in_order(count: int, processes: int) -> None:
    items = list(range(count))

    assert workers.map_in_processes(square, items, processes=processes, minimum=0) == [n * n for n in items]


@pytest.mark.parametrize("processes", [2, 3])
def test_weighted_results_come_back_in_order(processes: int) -> None:
    items = list(range(40))
    weights = [100.0 if n in (1, 3, 5) else 1.0 for n in items]

    assert workers.map_in_processes(square, items, processes=processes, minimum=0, weights=weights) == [n * n for n in items]


def test_heavy_items_go_to_different_processes() -> None:
    # Items 1 and 3 would share a process if every second item went to the same one.
    weights = [1.0, 50.0, 1.0, 40.0, *([1.0] * 20)]
    parent = os.getpid()

    pids = workers.map_in_processes(lambda _: os.getpid(), list(range(len(weights))), processes=2, minimum=0, weights=weights)

    assert (pids[1] == parent) != (pids[3] == parent)
    # And the light ones fill the lighter share: each process gets about half of the weight.
    here = sum(w for w, pid in zip(weights, pids, strict=True) if pid == parent)
    assert abs(here - sum(weights) / 2) <= 1


def test_shares_without_weights_take_every_other_item() -> None:
    assert workers._shares(7, 2, None) == [[0, 2, 4, 6], [1, 3, 5]]


def test_weights_must_match_the_items() -> None:
    with pytest.raises(ValueError, match="3 weights for 4 items"):
        workers.map_in_processes(square, [1, 2, 3, 4], processes=2, minimum=0, weights=[1, 1, 1])


def test_few_items_stay_in_this_process() -> None:
    parent = os.getpid()

    assert workers.map_in_processes(lambda _: os.getpid(), list(range(10)), processes=2, minimum=11) == [parent] * 10


def test_the_share_of_a_failed_process_is_done_here() -> None:
    parent = os.getpid()

    def only_here(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("a child fails")
        return n + 1

    assert workers.map_in_processes(only_here, list(range(20)), processes=2, minimum=0) == list(range(1, 21))


def test_an_error_is_raised_here_as_without_processes() -> None:
    def fails_on_seven(n: int) -> int:
        if n == 7:
            raise ValueError(n)
        return n

    with pytest.raises(ValueError, match="7"):
        workers.map_in_processes(fails_on_seven, list(range(20)), processes=2, minimum=0)


def test_records_and_read_only_mappings_travel_unchanged() -> None:
    route = Route(
        id="r",
        title="Strada",
        incidents=("a",),
        kind="k",
        order=1,
        summary="s",
        who="w",
        cost="c",
        steps=("uno",),
        deadline=None,
        status="attiva",
        status_today="oggi",
        conditions=MappingProxyType({"blocco": ("gennaio",)}),
        why="w",
        instead=None,
        reliability=None,
        sources=("f",),
        checked=date(2026, 11, 30),
        origin=Origin(path="data/indennizzi/r.yml", line=2),
    )

    back = pickle.loads(workers.dumps([route, MappingProxyType({"a": 1})]))  # noqa: S301 - our own data

    assert back == [route, MappingProxyType({"a": 1})]
    assert type(back[0].conditions) is MappingProxyType


def test_the_valid_fixture_loads_the_same_in_several_processes(dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = load_dataset(dataset)
    monkeypatch.setattr(load, "PARALLEL_MINIMUM", 0)

    assert load_dataset(dataset, processes=2) == alone
    assert load_dataset(dataset, processes=3) == alone


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_data_gets_the_same_problems_in_several_processes(case: Path, dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, _, body = read_case(case)
    destination = dataset / target
    destination.parent.mkdir(exist_ok=True)
    destination.write_bytes(body)
    with pytest.raises(DataError) as alone:
        load_dataset(dataset)
    monkeypatch.setattr(load, "PARALLEL_MINIMUM", 0)

    with pytest.raises(DataError) as shared:
        load_dataset(dataset, processes=2)

    assert shared.value.problems == alone.value.problems


def test_the_pages_rendered_in_several_processes_are_those_rendered_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_dataset(ROOT / "data")
    alone = render_pages.render_pages(data)
    forks = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)

    assert render_pages.render_pages(data, processes=2) == alone
    assert len(alone) >= render_pages.PARALLEL_MINIMUM
    assert len(forks) == 1


def test_a_program_with_threads_keeps_its_work_in_one_process() -> None:
    started = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), stop.wait()))
    thread.start()
    started.wait()
    try:
        assert workers.processes_for_this_program() == 1
    finally:
        stop.set()
        thread.join()


def test_a_program_with_a_single_thread_uses_every_core() -> None:
    # In a new interpreter: the test session itself may run threads (the browser tests' driver).
    code = "from factsheet import workers; print(workers.processes_for_this_program(), workers.available_cores())"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split()

    assert printed[0] == printed[1]


@pytest.mark.parametrize(("processes", "minimum"), [(1, 0), (2, 0), (3, 0), (2, 1000)])
def test_each_process_keeps_its_own_share_with_its_results_pickled(tmp_path: Path, processes: int, minimum: int) -> None:
    items = list(range(25))

    def keep(share: list[int], data: bytes) -> None:
        (tmp_path / f"{os.getpid()}-{share[0]}").write_bytes(pickle.dumps((share, pickle.loads(data))))  # noqa: S301 - our own data

    results = workers.map_in_processes(square, items, processes=processes, minimum=minimum, keep=keep)

    kept = [pickle.loads(path.read_bytes()) for path in sorted(tmp_path.iterdir())]  # noqa: S301 - our own data
    assert results == [n * n for n in items]
    assert sorted(n for share, _ in kept for n in share) == items
    assert all(squares == [n * n for n in share] for share, squares in kept)
    assert len({path.name.split("-")[0] for path in tmp_path.iterdir()}) == (processes if minimum == 0 else 1)
