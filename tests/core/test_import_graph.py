"""The house's import rules, read from the source (no module is imported):

* no import circle anywhere in ``src/``: counting imports inside functions too (a lazy import
  hides a circle from Python, not from a reader), not counting ``if TYPE_CHECKING:`` imports or a
  module importing its own package;
* the core (``reinstate``) never imports the web layer (``reinstate_web``); the demo data
  generators are imported by no product module of the core.

``tests/core/test_no_django.py`` checks the other invariant: the core never imports Django.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for statement in node.body for child in ast.walk(statement)}
    return skipped


def _imported(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text())
    skipped = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {
            other
            for other in _imported(path)
            if other in modules and other != name and not name.startswith(other + ".")
        }
        for name, path in modules.items()
    }


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def test_the_finder_sees_a_circle_through_a_lazy_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def test_there_is_no_import_circle_in_the_source() -> None:
    assert _circles(_graph()) == []


def test_the_core_never_imports_the_web_layer_or_the_demo() -> None:
    graph = _graph()
    wrong = sorted(
        (name, other)
        for name, imported in graph.items()
        if name.startswith("reinstate.") and not name.startswith("reinstate.demo")
        for other in imported
        if other.startswith("reinstate_web")
        or (other.startswith("reinstate.demo") and not name.startswith("reinstate.cli"))
    )
    assert wrong == []


def test_the_job_modules_are_called_never_calling_back() -> None:
    # Tasks call services and runners; a service or runner never imports a tasks module.
    graph = _graph()
    wrong = sorted(
        (name, other)
        for name, imported in graph.items()
        if name.rsplit(".", 1)[-1] in {"services", "runner"}
        for other in imported
        if other.rsplit(".", 1)[-1] == "tasks"
    )
    assert wrong == []


def test_no_module_reaches_into_a_librarys_private_modules() -> None:
    # A library's underscore modules change without notice (typer vendors click under
    # typer._click): only public APIs.
    wrong = []
    for name, path in _modules().items():
        for imported in _imported(path):
            top, *rest = imported.split(".")
            if top in {"reinstate", "reinstate_web", "__future__"}:
                continue
            if any(part.startswith("_") for part in rest[:-1]) or (
                rest and rest[-1].startswith("_") and not rest[-1].startswith("__")
            ):
                wrong.append((name, imported))
    assert sorted(set(wrong)) == []
