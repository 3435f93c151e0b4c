"""Demo data: Seller Central exports of an invented store with planted problems, and the
manifest of what was planted (what the analysis must find). Used by ``reinstate demo-data``,
``make run``'s demo case, the tests and the benchmarks; the product itself never reads it."""

from reinstate.demo.catalog import catalogue
from reinstate.demo.data import write_demo_data
from reinstate.demo.manifest import DemoManifest, PlantedProblem

__all__ = ["DemoManifest", "PlantedProblem", "catalogue", "write_demo_data"]
