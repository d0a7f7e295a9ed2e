"""`policyts effect` on a user's file: China's catalogue is not its confounder list by default."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policyts.cli import main


def _file(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    t = np.arange(30)
    y = 100 * np.exp(0.03 * t + 0.02 * rng.standard_normal(30))
    path = tmp_path / "mine.csv"
    path.write_text("year,y\n" + "\n".join(f"{1995 + i},{v:.4f}" for i, v in enumerate(y)) + "\n")
    return path


def _confounders(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[str]:
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    return [w for w in out["warnings"] if w.startswith("confounding event")]


def test_a_dated_event_on_a_users_file_has_no_catalogue_confounders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["effect", str(_file(tmp_path)), "--time", "year", "--y", "y", "--event", "2017"]
    base += ["--no-placebo", "--json"]
    assert _confounders(capsys, base) == []
    cn = _confounders(capsys, [*base, "--jurisdiction", "CN"])
    assert any("cnipa_statistical_change_2017" in w for w in cn)
    # A catalogued event brings its own jurisdiction: China's events confound it.
    by_id = base[:7] + ["declassified_patents_2017", "--no-placebo", "--json"]
    assert any("cnipa_statistical_change_2017" in w for w in _confounders(capsys, by_id))
