"""wizard/ and steps/ have no import cycle among their modules, counting only imports that run at import time.

The graph is built from the source with `ast`: module-level imports (also inside module-level `if`/`try`
and class bodies), not imports inside functions, nor those under `if TYPE_CHECKING:`. Relative imports are
resolved; `from pkg import name` points at the submodule `pkg.name` when there is one, else at `pkg`.
Importing `a.b.c` also runs the `__init__` of `a` and `a.b`, so those count too, except the importer's own
packages (they are already being imported when it runs).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("wizard", "steps")


def _modules(root: Path, package: str) -> dict[str, Path]:
    base = root.joinpath(*package.split("."))
    found = {}
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _runs_at_import(tree: ast.Module):
    """Import statements executed when the module is imported."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(root: Path, *packages: str) -> dict[str, set[str]]:
    modules = {name: path for package in packages for name, path in _modules(root, package).items()}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        targets: set[str] = set()
        for node in _runs_at_import(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            base = here[:len(here) - node.level + 1] if node.level else []
            source = ".".join(base + (node.module.split(".") if node.module else []))
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in modules else source)
        mine = set(_ancestors(name)) | {name}
        for target in targets:
            for step in (*_ancestors(target), target):
                if step in modules and step not in mine:
                    graph[name].add(step)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected component that has one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan; the graphs are small enough for recursion
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_path_through(graph, set(component), component[0]) for component in components]


def _path_through(graph: dict[str, set[str]], members: set[str], start: str) -> list[str]:
    """A shortest way from start back to start inside one component (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & members):
                if nxt == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start]


def test_no_import_cycles():
    graph = import_graph(ROOT, *PACKAGES)
    assert len(graph) > 150 and "steps.question" in graph and "wizard.sandbox.server" in graph, sorted(graph)
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_check_sees_a_bottom_of_file_import_and_a_package_init(tmp_path):
    """The checker itself: a cycle through a late import and one through a package's __init__ are found,
    an import inside a function is not one."""
    files = {
        "pkg/__init__.py": "",
        "pkg/a.py": "X = 1\n\nfrom .b import Y  # noqa: E402\n",
        "pkg/b.py": "from .a import X\nY = X\n",
        "pkg/c.py": "def later():\n    from . import d\n",
        "pkg/d.py": "from . import c\n",
        "pkg/svc/__init__.py": "from .handlers import handle\n",
        "pkg/svc/handlers.py": "from ..e import E\n\ndef handle():\n    return E\n",
        "pkg/svc/models.py": "",
        "pkg/e.py": "from .svc.models import *\nE = 1\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = {tuple(c) for c in cycles(import_graph(tmp_path, "pkg"))}
    assert found == {("pkg.a", "pkg.b", "pkg.a"), ("pkg.e", "pkg.svc", "pkg.svc.handlers", "pkg.e")}, found
