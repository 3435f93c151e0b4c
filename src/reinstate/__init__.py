"""Reinstate: the domain core.

Pure Python: notice diagnosis, report analysis, appeal composition and checking, and the
``reinstate`` command line. It never imports Django and never reads environment variables;
callers pass options as values.
"""

__version__ = "0.1.0"
