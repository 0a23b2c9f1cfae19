"""The package's imports point one way: no module of kibaru imports, directly
or through others, a module that imports it back.

Every import statement counts, inside functions too (an import moved into a
function hides a circle, it does not remove it); only ``if TYPE_CHECKING:``
blocks, which never run, are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "kibaru"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)  # the else branch does run
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kibaru modules that module ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from .x import y": y is a submodule, or a name of x
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        found.update(t for t in targets if t in known and t != name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def test_no_import_circles_in_kibaru():
    graph = import_graph()
    assert len(graph) > 100 and sum(map(len, graph.values())) > 300  # the walk found the package
    assert cycles(graph) == []


def test_the_walk_finds_a_circle_hidden_in_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": set()}
    assert cycles(graph) == []
    graph["c"].add("a")
    assert cycles(graph) == [["a", "b", "c"]]


def test_imports_inside_functions_count_and_type_checking_ones_do_not(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kibaru import pipeline\n"
                    "def f():\n    from kibaru.store import writer\n", encoding="utf-8")
    known = {"kibaru.pipeline", "kibaru.store.writer", "kibaru.store"}
    assert imports("kibaru.mod", path, known) == {"kibaru.store.writer"}


def test_lower_layers_never_import_the_front_door():
    """The records, readers and the coder's parts are below the pipeline: none of them imports it."""
    graph = import_graph()
    below = [name for name in graph if name.startswith(("kibaru.doc", "kibaru.ingest", "kibaru.normalize",
                                                         "kibaru.actors", "kibaru.events", "kibaru.places",
                                                         "kibaru.dates", "kibaru.nlp"))]
    assert below
    for name in below:
        assert not graph[name] & {"kibaru.pipeline", "kibaru.stages", "kibaru.store", "kibaru.web", "kibaru.cli"}, name
