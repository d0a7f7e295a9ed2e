"""Every example notebook and exercise in examples/ runs through a Jupyter kernel, and its
assertions hold.

The notebooks are jupytext percent-format files. Each is read with jupytext and executed
cell by cell in a fresh ``python3`` kernel (ipykernel, through nbclient), exactly as
``make notebooks`` does (``docs/run_notebooks.py``): an error or a failed ``assert`` in any
cell fails the test, with the cell named. The student versions of the exercises must run
and print the checker's "no answer yet"; the solutions must pass their checkers.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[1] / "examples"
RUNNER = Path(__file__).parents[1] / "docs" / "run_notebooks.py"


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("policyts_run_notebooks", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_notebooks = _runner()
EXAMPLES = run_notebooks.notebook_paths()
NOTEBOOKS = [p for p in EXAMPLES if p.parent == ROOT]
STUDENT = [p for p in EXAMPLES if p.parent == ROOT / "exercises"]
SOLUTIONS = [p for p in EXAMPLES if p.parent == ROOT / "exercises" / "solutions"]


def _id(p: Path) -> str:
    return str(p.relative_to(ROOT).with_suffix(""))


def test_the_runner_finds_every_notebook() -> None:
    assert EXAMPLES == sorted(ROOT.rglob("*.py"))
    assert len(NOTEBOOKS) >= 5 and len(STUDENT) == len(SOLUTIONS) >= 5
    assert [p.name for p in STUDENT] == [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("path", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_notebook_runs_in_a_kernel(path: Path) -> None:
    nb = run_notebooks.execute(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "a code cell did not run"
    printed = run_notebooks.stream_text(nb)
    if path in STUDENT:
        assert "not yet: no answer yet" in printed and "correct:" not in printed
    elif path in SOLUTIONS:
        assert "correct:" in printed and "not yet:" not in printed


def test_a_failing_cell_fails_the_run(tmp_path: Path) -> None:
    from nbclient.exceptions import CellExecutionError

    bad = tmp_path / "examples" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "# %% [markdown]\n# # A notebook that fails\n\n# %%\nx = 1\n\n# %%\nassert x == 2, 'x is 1'\n"
    )
    with pytest.raises(CellExecutionError, match="x is 1"):
        run_notebooks.execute(bad)


def test_make_notebooks_writes_ipynb_with_outputs(tmp_path: Path) -> None:
    import nbformat

    path = ROOT / "exercises" / "solutions" / "04_qualifier_to_interval.py"
    assert run_notebooks.main(["--out", str(tmp_path), str(path)]) == 0
    target = tmp_path / "exercises" / "solutions" / "04_qualifier_to_interval.ipynb"
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    assert "correct:" in run_notebooks.stream_text(nb)
    with pytest.raises(SystemExit):
        run_notebooks.main(["--out", str(tmp_path), str(tmp_path / "elsewhere.py")])


@pytest.mark.parametrize("path", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_example_is_a_percent_format_notebook(path: Path) -> None:
    nb = run_notebooks.read(path)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[0] == "markdown" and "code" in kinds
    assert nb.cells[0].source.startswith("# ")  # a title
    assert nb.metadata["kernelspec"]["language"] == "python"


TOPICS = (
    "quickstart.py",
    "declassification_2017.py",
    "special_action_2023.py",
    "patent_targets_pressure.py",
    "bring_your_own_csv.py",
)


def test_the_example_set() -> None:
    assert set(TOPICS) <= {p.name for p in NOTEBOOKS}
    for name in TOPICS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert text.count("\nassert ") >= 3, f"{name} asserts too little"
