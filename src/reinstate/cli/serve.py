"""``reinstate serve``: start the web app and its background worker.

The core never imports Django, so this command hands over to ``python -m reinstate_web serve``
in a new process image.
"""

from __future__ import annotations

import os
import sys

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(False, "--demo", help="Load the demo organisation and case first."),
    no_worker: bool = typer.Option(False, "--no-worker", help="Do not start the job worker."),
    job_workers: int = typer.Option(
        1, "--job-workers", min=1, help="Job worker processes (docs/deploy.md)."
    ),
) -> None:
    """Start the web app on http://HOST:PORT plus the background job worker."""
    argv = [sys.executable, "-m", "reinstate_web", "serve", "--host", host, "--port", str(port)]
    if demo:
        argv.append("--demo")
    if no_worker:
        argv.append("--no-worker")
    argv += ["--job-workers", str(job_workers)]
    os.execv(sys.executable, argv)  # noqa: S606 - replacing this process is the point


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
