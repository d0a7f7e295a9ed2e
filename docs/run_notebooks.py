"""Execute the example notebooks through a Jupyter kernel and write them as ``.ipynb``.

The notebooks in ``examples/`` are kept as jupytext percent-format scripts (readable diffs,
linted like the package). This module reads each with jupytext, runs it cell by cell in a
fresh ``python3`` kernel (ipykernel, through nbclient) and, from the command line, writes
the executed notebook with its outputs::

    python docs/run_notebooks.py                 # every notebook -> build/notebooks/
    python docs/run_notebooks.py --out DIR examples/quickstart.py

``make notebooks`` runs the first form; ``make docs`` renders the written notebooks;
``tests/test_examples.py`` executes the same way, so an error or a failed ``assert`` in any
cell fails the test suite. Each notebook runs in a new temporary working folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEFAULT_OUT = ROOT / "build" / "notebooks"

#: Seconds a single cell may run (the machine running CI may be shared and slow).
CELL_TIMEOUT = 900


def notebook_paths() -> list[Path]:
    """Every notebook under ``examples/``: the examples, the exercises and their solutions."""
    return sorted(p for p in EXAMPLES.rglob("*.py") if not p.name.startswith("_"))


def read(path: Path) -> Any:
    """The jupytext percent-format file ``path`` as an nbformat v4 notebook."""
    import jupytext

    return jupytext.read(path)


def execute(path: Path, *, timeout: int = CELL_TIMEOUT, kernel_name: str = "python3") -> Any:
    """Run every cell of the notebook at ``path`` in a fresh kernel; return the notebook
    with its outputs.

    The kernel starts in a new temporary folder and without ``MPLBACKEND`` (so figures
    become inline outputs, as in Jupyter). A cell that raises stops the run with
    ``nbclient.exceptions.CellExecutionError`` naming the cell and the error.
    """
    from nbclient import NotebookClient

    nb = read(path)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with tempfile.TemporaryDirectory(prefix="policyts-nb-") as cwd:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=kernel_name,
            resources={"metadata": {"path": cwd}},
            # The kernel runs on this machine only; its warning about unencrypted local
            # TCP is noise in every run's log (cell errors still come through).
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        client.execute(env=env)
    return nb


def stream_text(nb: Any) -> str:
    """Everything the notebook's cells printed (stdout and stderr), in order."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
    return "".join(parts)


def write(nb: Any, path: Path, out: Path) -> Path:
    """Write ``nb`` (executed from ``path``) under ``out``, keeping its place in examples/."""
    import nbformat

    target = out / path.relative_to(EXAMPLES).with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or notebook_paths()
    for p in paths:
        if not p.is_relative_to(EXAMPLES) or p.suffix != ".py":
            parser.error(f"{p} is not a notebook under {EXAMPLES}")
    for p in paths:
        start = time.perf_counter()
        nb = execute(p, timeout=args.timeout)
        target = write(nb, p, args.out)
        rel = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{rel}  ({time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
