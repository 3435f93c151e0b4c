"""Running Reinstate on several machines: ``/healthz`` (database, job queue, the workers' last
heartbeat), Prometheus metrics at ``/metrics`` (requests, jobs, mailbox lag) and the periodic
heartbeat job. See docs/deploy.md."""
