"""``python -m reinstate_web serve``: migrate, optionally load the demo, then run the web server
(gunicorn, settings in reinstate_web/gunicorn_conf.py) and the job workers (huey: the first also
queues the periodic jobs, the others only take jobs) until interrupted. The processes share one
folder for their Prometheus metrics (PROMETHEUS_MULTIPROC_DIR, DATA_DIR/metrics unless set,
emptied at start). docs/deploy.md runs the same pieces on several machines."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def _lower_priority() -> None:
    os.nice(10)


def _metrics_folder() -> None:
    """One empty folder for this machine's processes' metric files (prometheus_client's
    multiprocess mode); the children inherit the variable."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or str(settings.DATA_DIR / "metrics")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


class Command(BaseCommand):
    help = "Start the Reinstate web app and its background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--demo", action="store_true", help="Load the demo data first.")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument(
            "--job-workers",
            type=int,
            default=1,
            help="Job worker processes (each with REINSTATE_WORKERS threads).",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Do not migrate first (several web nodes: migrate once, before starting them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("load_demo", stdout=self.stdout)
        bind = f"{options['host']}:{options['port']}"
        commands = [
            [
                sys.executable,
                "-m",
                "gunicorn",
                "reinstate_web.wsgi:application",
                "--config",
                "python:reinstate_web.gunicorn_conf",
                "--bind",
                bind,
                "--workers",
                str(options["web_workers"]),
            ]
        ]
        if not options["no_worker"]:
            for number in range(max(1, options["job_workers"])):
                # One scheduler queues the periodic jobs; more would queue each of them twice.
                periodic = [] if number == 0 else ["--no-periodic"]
                commands.append(
                    [sys.executable, "-m", "reinstate_web", "run_huey", "--quiet", *periodic]
                )
        _metrics_folder()
        # The job worker runs at a lower CPU priority: a seller's click is served before a large
        # message or export finishes reading in the background.
        processes = [
            subprocess.Popen(command, preexec_fn=_lower_priority if index else None)
            for index, command in enumerate(commands)
        ]

        def stop(*_: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(
            self.style.SUCCESS(f"Reinstate is running on http://{bind}/")
            + f"  (data in {settings.DATA_DIR}; press Ctrl+C to stop)"
        )
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [p.returncode for p in processes if p.returncode not in (0, -15, None)]
        if failed:
            self.stderr.write(f"A server process stopped unexpectedly (exit status {failed[0]}).")
