"""A second process for the work of a build that MkDocs does not wait for at once.

MkDocs builds the pages one after the other, on one core. Writing the Markdown of the
generated pages ahead of MkDocs, drawing the preview cards and finishing each written
page go to one other process, on another core, as tasks run in the order they are
given; the build waits for the last of them only at its end, and then runs here
whatever that process has not started (finish_here), so that both work until the end.

On Linux, a program with a single thread forks: the process starts at once, with
everything this one has loaded. Elsewhere, and under `mkdocs serve` (its server runs
threads, which a fork would leave half copied), a new interpreter is started instead.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


class BackgroundError(Exception):
    """A task failed in the other process; the message names the original error."""


class Background:
    """The other process and the tasks given to it; the process starts with the first task."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: list[_Task[Any]] = []

    def submit(self, function: Callable[..., Result], /, *args: Any) -> Future[Result]:
        """Run function(*args) in the other process, after the tasks given before; function must be importable by name."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=_context())
        task = _Task(self._pool.submit(function, *args), function, args)
        self._tasks.append(task)
        return task.result

    def finish_here(self) -> None:
        """Run in this process, last first, the tasks the other process has not started: both then work until the end.

        Their results, or errors, reach their futures as if the other process had run them.
        """
        for task in reversed(self._tasks):
            task.run_here_unless_started()

    def forks(self) -> bool:
        """Whether the process, not started yet, will start as a fork: it then has everything this one has when it starts."""
        return self._pool is None and _context().get_start_method() == "fork"

    def wait(self) -> None:
        """Wait for every task; BackgroundError for the first one that failed. The process ends either way."""
        try:
            for task in self._tasks:
                task.result.result()
        except Exception as error:
            raise BackgroundError(f"{type(error).__name__}: {error}") from error
        finally:
            self.close()

    def close(self) -> None:
        """End the process: the tasks not started yet are dropped, the one running is finished."""
        if self._pool is not None:
            # Cancelled here rather than by shutdown(cancel_futures=True), which the executor
            # skips once nothing refers to it any more.
            running = [task for task in self._tasks if not task.result.done() and not task.cancel()]
            # With nothing running there is nothing to wait for but the process's exit; otherwise
            # the build is failing and should not wait for work it no longer needs.
            self._pool.shutdown(wait=not running)
            self._pool = None
        self._tasks.clear()


class _Task(Generic[Result]):
    """A task given to the other process: its result comes from there, or from here if this process runs it instead."""

    def __init__(self, there: Future[Result], function: Callable[..., Result], args: tuple[Any, ...]) -> None:
        self.there = there
        self.function = function
        self.args = args
        self.result: Future[Result] = Future()
        there.add_done_callback(self._arrived)

    def run_here_unless_started(self) -> None:
        if not self.there.cancel():
            return  # started, or done, over there
        try:
            value = self.function(*self.args)
        except Exception as error:  # the task's own failure: it reaches the future, as from the other process
            self.result.set_exception(error)
        else:
            self.result.set_result(value)

    def cancel(self) -> bool:
        """Drop the task if it has not started: its future is cancelled."""
        if not (self.there.cancel() and self.result.cancel()):
            return False
        # As an executor does for a task it drops: concurrent.futures.wait() counts the future as done.
        self.result.set_running_or_notify_cancel()
        return True

    def _arrived(self, there: Future[Result]) -> None:
        if there.cancelled():
            return  # run here, or dropped: see run_here_unless_started and cancel
        error = there.exception()
        if error is not None:
            self.result.set_exception(error)
        else:
            self.result.set_result(there.result())


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    # A new interpreter imports the tasks' functions by name, but MkDocs takes the hooks'
    # folder off sys.path again once it has loaded hooks/guide.py: put it back.
    hooks = str(Path(__file__).resolve().parent.parent)
    if hooks not in sys.path:
        sys.path.append(hooks)
    return multiprocessing.get_context("spawn")
