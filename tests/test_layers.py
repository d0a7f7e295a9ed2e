"""The package's layers, checked from its imports (see "Architecture" in the README).

0 helpers (``policyts._series``, ``_output``, ``_progress``) -> 1 ``datasets``, ``events``,
``indicators`` -> 2 ``models`` -> 3 ``plotting``, ``accessor``, ``report``, the command-line
modules and ``exercises``. A module never imports a module of a higher layer at import time
(a lazy import of plotting inside a ``.plot()`` method is the one exception), never imports
another module's ``_private`` name (private *modules* are how internals are shared), and the
imports form no cycle.

``KNOWN`` lists what the code does not yet meet, so that nothing new is added to it: the test
also fails when an entry is no longer needed, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

KNOWN_PRIVATE: set[tuple[str, str, str]] = set()
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for p in (SRC / "policyts").rglob("*.py"):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def layer(module: str) -> int:
    parts = module.split(".")
    last = parts[-1]
    if last == "cli" or last.endswith("_cli") or module.startswith("policyts.cli"):
        return 3
    if len(parts) == 1:
        return 3  # the package's front door: registers the accessor, lazy attributes
    top = parts[1]
    if top in {"plotting", "accessor", "report", "exercises", "__main__"} or top.startswith(
        "_plot"
    ):
        return 3
    if top == "models":
        return 2
    if top in {"datasets", "events", "indicators"}:
        return 1
    return 0


def _imports(module: str) -> list[tuple[str, str | None, bool]]:
    """(imported module, imported name or None, at import time?) for one module."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top_level = {id(n) for n in tree.body}
    for node in tree.body:  # `if TYPE_CHECKING:` blocks are not run
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            top_level -= {id(n) for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        eager = id(node) in top_level
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                pkg = module.split(".")
                base = ".".join(pkg[: len(pkg) - node.level + (module in _packages())])
                base = f"{base}.{node.module}" if node.module else base
            if not base.startswith("policyts"):
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                if sub in MODULES:
                    out.append((sub, None, eager))
                else:
                    out.append((base, a.name, eager))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("policyts"):
                    out.append((a.name, None, eager))
    return out


def _packages() -> set[str]:
    return {m for m, p in MODULES.items() if p.name == "__init__.py"}


def test_no_module_imports_a_higher_layer_at_import_time() -> None:
    bad = [
        (m, target)
        for m in MODULES
        for target, name, eager in _imports(m)
        if eager
        and target in MODULES
        and layer(target) > layer(m)
        and not (name or "").startswith("__")  # the package's __version__
    ]
    assert bad == []


def test_lazy_imports_of_higher_layers_are_only_plotting() -> None:
    bad = [
        (m, target)
        for m in MODULES
        for target, _, eager in _imports(m)
        if not eager
        and target in MODULES
        and layer(target) > layer(m)
        and target not in {"policyts.plotting"}
        and layer(m) > 0
    ]
    assert bad == []


def test_no_module_imports_another_modules_private_name() -> None:
    found = set()
    for m in MODULES:
        for target, name, _ in _imports(m):
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            private_module = target.split(".")[-1].startswith("_")
            if not private_module:
                found.add((m, target, name))
    assert found - KNOWN_PRIVATE == set(), "new private imports"
    assert KNOWN_PRIVATE - found == set(), "fixed: remove from KNOWN_PRIVATE"


def _cycles() -> set[frozenset[str]]:
    graph = {
        m: {t for t, _, _ in _imports(m) if t in MODULES and t != m and not t.endswith("__main__")}
        for m in MODULES
    }
    # A package's __init__ importing its own submodules is how packages are built, not a
    # cycle between layers: leave those edges out.
    for m in graph:
        if m in _packages():
            graph[m] = {t for t in graph[m] if not t.startswith(m + ".")}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: set[frozenset[str]] = set()
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.add(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    cycles = _cycles()
    assert cycles - KNOWN_CYCLES == set(), "new import cycles"
    assert KNOWN_CYCLES - cycles == set(), "fixed: remove from KNOWN_CYCLES"


@pytest.mark.parametrize("module", ["policyts.models.chow", "policyts.models.bai_perron"])
def test_a_break_test_loads_neither_statsmodels_nor_matplotlib(module: str) -> None:
    import subprocess
    import sys

    code = f"import sys, {module}; print('statsmodels' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
