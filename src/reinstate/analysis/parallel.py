"""Independent polars work run side by side: the files of one upload, the metrics of one report.

polars releases the interpreter while a query runs, so a second query started from another
thread keeps the other cores busy while the first one waits on a step that uses only one
(a small group-by, a filter, the Python between queries). Callers take each result from its
own future, so a report is the same whatever order the jobs end in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import polars as pl

T = TypeVar("T")
P = ParamSpec("P")


class _InTurn(Executor):
    """Runs each job at once, in the caller's thread (one core: threads would only add cost)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - raised again by result(), as in a pool
            future.set_exception(exc)
        return future


@contextmanager
def side_by_side(*, enabled: bool = True, extra: int = 0) -> Iterator[Executor]:
    """An executor with as many threads as polars has (and ``extra`` more); leaving the block
    waits for every job. Not ``enabled`` (or on one core), the jobs run in turn as they are
    submitted.

    >>> with side_by_side() as jobs:
    ...     first, second = jobs.submit(len, "ab"), jobs.submit(len, "abc")
    >>> first.result(), second.result()
    (2, 3)
    """
    workers = pl.thread_pool_size()
    if workers <= 1 or not enabled:
        yield _InTurn()
        return
    with ThreadPoolExecutor(
        max_workers=workers + extra, thread_name_prefix="reinstate-analysis"
    ) as pool:
        yield pool
