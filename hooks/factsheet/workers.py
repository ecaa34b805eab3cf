"""Sharing work out among processes: for the command line, on large data sets.

The other processes are forks of this one: they start at once, with everything this
one has loaded and compiled, and send back only their results, pickled. Forking is
safe only in a program with a single thread, and only Linux forks without caveats:
elsewhere, and for little work, everything runs here.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What stores a process's share of the items with their results, pickled (map_in_processes' keep).
Keep = Callable[[Sequence[Item], bytes], None]

CAN_FORK = sys.platform == "linux" and hasattr(os, "fork")


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def processes_for_this_program() -> int:
    """How many processes map_in_processes may use here: every core in a program with a single thread, else one.

    `mkdocs build` has a single thread until the build's background process starts; `mkdocs
    serve` runs its server in threads, and there everything stays in one process.
    """
    return available_cores() if threading.active_count() == 1 else 1


def map_in_processes(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    processes: int,
    minimum: int,
    weights: Sequence[float] | None = None,
    keep: Keep[Item] | None = None,
) -> list[Result]:
    """[function(item) for item in items], shared out among processes when there are at least minimum items.

    weights, one per item, says how much work each item is, when that differs a lot: the
    shares are then made of about the same weight. A process that fails leaves its share to
    this one, which then computes it (and raises any exception itself): the results, and the
    errors, are those of a run in this process alone.

    keep, if given, is called by each process with its share of the items and their results
    pickled (as dumps gives them), to store them: another process pickles its results anyway,
    to send them, and this one does it while the others finish.
    """
    processes = min(processes, len(items))
    if processes < 2 or len(items) < minimum or not CAN_FORK:
        results = [function(item) for item in items]
        if keep is not None and items:
            keep(items, dumps(results))
        return results
    shares = _shares(len(items), processes, weights)
    children = [_fork(function, [items[i] for i in share], keep) for share in shares[1:]]
    mine = [items[i] for i in shares[0]]
    own = [function(item) for item in mine]
    if keep is not None:
        keep(mine, dumps(own))
    collected: list[list[Result]] = [own]
    for (pid, read_end), share in zip(children, shares[1:], strict=True):
        collected.append(_collect(pid, read_end) or [function(items[i]) for i in share])
    by_position: dict[int, Result] = {}
    for share, share_results in zip(shares, collected, strict=True):
        by_position.update(zip(share, share_results, strict=True))
    return [by_position[position] for position in range(len(items))]


def _shares(count: int, processes: int, weights: Sequence[float] | None) -> list[list[int]]:
    """The positions of the items each process computes, each share in the items' order.

    Without weights, every processes-th item: shares of the same size and of the same mix
    of work. With weights, the heaviest items first, each to the lightest share so far.
    """
    if weights is None:
        return [list(range(start, count, processes)) for start in range(processes)]
    if len(weights) != count:
        raise ValueError(f"{len(weights)} weights for {count} items")
    shares: list[list[int]] = [[] for _ in range(processes)]
    loads = [0.0] * processes
    for position in sorted(range(count), key=lambda i: -weights[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(position)
        loads[lightest] += weights[position]
    return [sorted(share) for share in shares]


def _fork(function: Callable[[Item], Result], share: Sequence[Item], keep: Keep[Item] | None) -> tuple[int, int]:
    """A child process computing function on share; its pid, and the pipe its results come through."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(function, share, write_end, keep)
    os.close(write_end)
    return pid, read_end


def _child(function: Callable[[Item], Result], share: Sequence[Item], write_end: int, keep: Keep[Item] | None) -> NoReturn:
    status = 1
    try:
        data = dumps([function(item) for item in share])
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
        if keep is not None:
            # After sending: the process waiting for the results need not wait for this too.
            # The results arrived whatever happens now: an error is reported, not fatal.
            try:
                keep(share, data)
            except BaseException:  # reported here; the results are already sent
                traceback.print_exc()
    finally:
        # Straight out: no cleanup, no buffers flushed twice, whatever happened.
        os._exit(status)


def dumps(value: Any) -> bytes:
    """value pickled as the processes send their results: records included."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    """A pickler for records: frozen dataclasses and their read-only mappings.

    pickle calls a frozen dataclass's own __getstate__ and __setstate__, written in Python
    and slower than everything else it does for the records; here a record is sent as its
    class and the tuple of its fields. MappingProxyType, which pickle cannot send at all,
    is sent as the dict it shows.
    """

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is MappingProxyType:
            return _mapping_proxy, (dict(obj),)
        if kind not in _GETTERS:
            _learn(kind)
        getter = _GETTERS[kind]
        if getter is None:
            return NotImplemented
        return _record, (kind, getter(obj))


# By class: a getter of a record's field values (None for a class that is no record), and a
# function that builds the record from them.
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}
_BUILDERS: dict[type, Callable[[tuple[Any, ...]], object]] = {}


def _learn(kind: type) -> None:
    """Whether kind is a record: a frozen dataclass whose fields are all slots (at least two: attrgetter of one gives no tuple)."""
    _GETTERS[kind] = None
    if not dataclasses.is_dataclass(kind) or not getattr(kind, "__dataclass_params__").frozen:  # noqa: B009 - not in typeshed
        return
    names = [field.name for field in dataclasses.fields(kind)]
    if len(names) < 2 or set(names) != set(getattr(kind, "__slots__", ())):
        return
    # As pickle rebuilds an object, without calling its __init__; written out, one field a line,
    # because records are most of what the processes send.
    lines = [
        "def build(values):",
        "    record = new(kind)",
        *(f"    setattr(record, {name!r}, values[{i}])" for i, name in enumerate(names)),
        "    return record",
    ]
    namespace: dict[str, Any] = {"new": object.__new__, "setattr": object.__setattr__, "kind": kind}
    exec("\n".join(lines), namespace)  # noqa: S102 - source written above from the dataclass's field names
    _GETTERS[kind] = operator.attrgetter(*names)
    _BUILDERS[kind] = namespace["build"]


def _record(kind: type, values: tuple[Any, ...]) -> object:
    """What pickle calls to rebuild a record."""
    if kind not in _BUILDERS:
        _learn(kind)
    return _BUILDERS[kind](values)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """What pickle calls to rebuild a MappingProxyType (whose class it cannot name)."""
    return MappingProxyType(items)


def _collect(pid: int, read_end: int) -> list[Result] | None:
    """The results a child sent, or None if it failed."""
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    results: list[Result] = pickle.loads(data)  # noqa: S301 - written by our own child process
    return results
