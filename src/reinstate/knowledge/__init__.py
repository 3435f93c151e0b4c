"""Reviewed knowledge base of Reinstate: YAML data files shipped inside the package.

Read them through :func:`reinstate.knowledge.loader.load`, which parses each file once per
process with the C-accelerated safe loader.
"""

from __future__ import annotations

from reinstate.knowledge.loader import load

__all__ = ["load"]
