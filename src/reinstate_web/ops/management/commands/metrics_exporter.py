"""``python -m reinstate_web metrics_exporter``: serve the Prometheus metrics of this machine's
processes (the job workers' counts in PROMETHEUS_MULTIPROC_DIR) on a host that runs workers but
no web node, whose ``/metrics`` would show them otherwise. prometheus_client's own small HTTP
server; it has no sign-in, so it listens on loopback unless told otherwise (a private address
your Prometheus reaches, never a public one: docs/deploy.md)."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from prometheus_client import CollectorRegistry, multiprocess, start_http_server


class Command(BaseCommand):
    help = "Serve this machine's job-worker metrics for Prometheus (hosts without a web node)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:9464", help="ADDRESS:PORT to listen on.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
        if not folder or not os.path.isdir(folder):
            raise CommandError(
                "PROMETHEUS_MULTIPROC_DIR must name the folder this machine's workers write "
                "their metrics to (the same value as theirs)."
            )
        address, _, port = str(options["bind"]).rpartition(":")
        if not address or not port.isdigit():
            raise CommandError("--bind takes ADDRESS:PORT, for example 127.0.0.1:9464.")
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, folder)  # type: ignore[no-untyped-call]
        server, _thread = start_http_server(int(port), addr=address, registry=registry)
        self.stdout.write(f"Serving the metrics in {folder} on http://{address}:{port}/metrics")
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        signal.signal(signal.SIGINT, lambda *_: stopped.set())
        stopped.wait()
        server.shutdown()
