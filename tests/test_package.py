"""Package-level promises: fast import, no pyplot at import time, typed."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import policyts


def test_import_does_not_load_pyplot_or_dask() -> None:
    code = (
        "import sys, policyts, policyts.models, policyts.datasets, policyts.events, "
        "policyts.indicators; "
        "print(sorted(m for m in ('matplotlib.pyplot', 'dask', 'seaborn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_and_py_typed() -> None:
    assert policyts.__version__.count(".") == 2
    assert resources.files("policyts").joinpath("py.typed").is_file()
