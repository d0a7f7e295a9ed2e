"""Every example notebook and exercise in examples/ runs, and its assertions hold.

The notebooks are jupytext percent-format scripts; they are executed here as scripts
(``runpy``), which runs exactly the cells a kernel would, in order, without depending on a
Jupyter kernel being installed. A second test checks that jupytext reads each file as a
notebook.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1] / "examples"
EXAMPLES = sorted(ROOT.rglob("*.py"))
NOTEBOOKS = [p for p in EXAMPLES if p.parent == ROOT]


def _id(p: Path) -> str:
    return str(p.relative_to(ROOT).with_suffix(""))


@pytest.mark.parametrize("path", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_example_runs(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.close("all")


@pytest.mark.parametrize("path", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_example_is_a_percent_format_notebook(path: Path) -> None:
    import jupytext

    nb = jupytext.read(path)
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
