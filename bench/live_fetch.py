"""How long Reinstate's side of a live fetch takes, against the local server that plays Amazon.

Starts ``tests/core/live/amazon_mock.py`` on 127.0.0.1, then fetches the four standard reports
(performance JSON and feedback as GZIP, both returns reports plain; each report goes through
IN_QUEUE, IN_PROGRESS, DONE) with polling pauses of zero, so the figure is the client's own cost:
token exchange, 4 createReport, 12 getReport, 4 getReportDocument, 4 downloads, decompression.
A real fetch is dominated by Amazon's preparation time (seconds to minutes), not by this.

Also times the same fetch with documents of ``--rows`` rows each, to show the download and
decompression cost of large reports. Run: ``.venv/bin/python bench/live_fetch.py [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.live.amazon_mock import (
    APP_ID,
    CLIENT_SECRET,
    FBA_RETURNS,
    FEEDBACK,
    FEEDBACK_TSV,
    REFRESH_TOKEN,
    AmazonMock,
)

from reinstate.live import (
    Connection,
    Credentials,
    PollPolicy,
    ReportsClient,
    RetryPolicy,
    fetch_reports,
    standard_requests,
)

NO_WAIT = PollPolicy(first_wait=0.0, factor=1.0, max_wait=0.0, deadline=60.0)


def _once(amazon: AmazonMock) -> float:
    connection = Connection(
        Credentials(APP_ID, CLIENT_SECRET, REFRESH_TOKEN),
        "US",
        endpoint=amazon.url,
        token_url=amazon.token_url,
    )
    started = time.perf_counter()
    with ReportsClient(connection, retry=RetryPolicy(attempts=1)) as client:
        outcomes = fetch_reports(client, standard_requests(datetime.now(UTC)), poll=NO_WAIT)
    elapsed = time.perf_counter() - started
    assert all(o.report is not None for o in outcomes), [o.error for o in outcomes]
    return elapsed


def _measure(amazon: AmazonMock, repeat: int) -> tuple[float, float]:
    _once(amazon)  # warm-up: imports, first connections
    times = [_once(amazon) for _ in range(repeat)]
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    amazon = AmazonMock().start()
    try:
        best, median = _measure(amazon, args.repeat)
        print(f"4 small reports: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms")
        header, row = FEEDBACK_TSV.splitlines()[0], FEEDBACK_TSV.splitlines()[1]
        big = (header + "\n" + (row + "\n") * args.rows).encode()
        amazon.documents[FEEDBACK] = big
        amazon.documents[FBA_RETURNS] = big.replace(b"Rating", b"x")
        best, median = _measure(amazon, max(args.repeat // 4, 3))
        size = len(big) / 1024 / 1024
        print(
            f"with two {size:.0f} MB reports ({args.rows} rows, one GZIP, one plain): "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )
    finally:
        amazon.stop()


if __name__ == "__main__":
    main()
