"""Independent polars work run side by side: the files of one upload, the metrics of one report.

polars releases the interpreter while a query runs, so a second query started from another
thread keeps the other cores busy while the first one waits on a step that uses only one
(a small group-by, a filter, the Python between queries). Results come back in the order of
the jobs whatever order they finish in, so a report is the same as when run one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import polars as pl

T = TypeVar("T")


def run_all(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run ``jobs`` on as many threads as polars has (the first ones start first); return
    their results in order. An exception in a job is raised here, after every job has ended.

    >>> run_all([lambda: 1, lambda: 2])
    [1, 2]
    """
    workers = min(len(jobs), pl.thread_pool_size())
    if workers <= 1:
        return [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reinstate-analysis") as pool:
        futures = [pool.submit(job) for job in jobs]
    return [future.result() for future in futures]
