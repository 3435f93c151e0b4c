"""Reinstate web: the Django project (persistence, people and teams, cases, the web UI, jobs)."""
