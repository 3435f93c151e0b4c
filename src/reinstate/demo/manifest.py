"""What the demo-data generator planted, so tests can compute the expected figures themselves."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

MANIFEST_NAME = "_manifest.json"


@dataclass(frozen=True, slots=True)
class PlantedProblem:
    """One planted problem: the finding code it should produce, its ASINs, orders and details."""

    code: str
    category: str
    asins: tuple[str, ...] = ()
    orders: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "asins": list(self.asins),
            "orders": list(self.orders),
            "facts": self.facts,
        }


@dataclass(frozen=True, slots=True)
class DemoManifest:
    """The files written and every problem planted in them (saved as ``_manifest.json``).

    ``facts`` hold raw ground truth (order IDs by defect type, the complaint rows with their
    families, the window lengths), not the rates: tests derive the rates from the files.
    """

    out_dir: Path
    seed: int
    orders: int
    today: date
    files: dict[str, str]
    asins: dict[str, str]
    skus: dict[str, str]
    problems: tuple[PlantedProblem, ...]

    def problem(self, code: str) -> PlantedProblem:
        for problem in self.problems:
            if problem.code == code:
                return problem
        raise KeyError(code)

    def path(self, kind: str) -> Path:
        return self.out_dir / self.files[kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "orders": self.orders,
            "today": self.today.isoformat(),
            "files": self.files,
            "asins": self.asins,
            "skus": self.skus,
            "problems": [p.to_json() for p in self.problems],
        }

    def write(self) -> Path:
        target = self.out_dir / MANIFEST_NAME
        target.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2), "utf-8")
        return target

    @classmethod
    def read(cls, out_dir: Path) -> DemoManifest:
        raw = json.loads((out_dir / MANIFEST_NAME).read_text("utf-8"))
        return cls(
            out_dir=out_dir,
            seed=int(raw["seed"]),
            orders=int(raw["orders"]),
            today=date.fromisoformat(raw["today"]),
            files=dict(raw["files"]),
            asins=dict(raw["asins"]),
            skus=dict(raw["skus"]),
            problems=tuple(
                PlantedProblem(
                    p["code"], p["category"], tuple(p["asins"]), tuple(p["orders"]), p["facts"]
                )
                for p in raw["problems"]
            ),
        )
