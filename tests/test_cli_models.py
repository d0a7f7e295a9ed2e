"""The ``breaks``, ``chow``, ``cusum`` and ``report`` subcommands: JSON contract and errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policyts.cli import main

NILE = Path(__file__).parent / "reference" / "strucchange" / "nile.csv"
NILE_REF = json.loads((NILE.parent / "nile.json").read_text())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_breaks_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(
        capsys, "breaks", str(NILE), "--time", "time", "--y", "y", "--max-breaks", "5", "--json"
    )
    assert out["n_obs"] == 100 and out["min_segment"] == 15
    np.testing.assert_allclose(
        out["rss"], NILE_REF["breakpoints"]["summary_RSS_table"]["RSS"], rtol=1e-6
    )
    assert len(out["bic"]) == 6 and set(out["breaks_by_m"]) == {"1", "2", "3", "4", "5"}
    (brk,) = out["selected"]
    assert brk == {"index": 28, "label": 1899, "end_label": 1898, "ci": [1895, 1902]}
    sf = out["sup_f"]
    assert sf["wald"] == pytest.approx(75.92976942748543, rel=1e-9)
    assert sf["f"] == pytest.approx(sf["wald"])  # k = 1
    assert sf["p_value"] < 1e-10
    assert sf["break"]["label"] == 1899 and sf["break"]["end_label"] == 1898


def test_breaks_trim_as_observations_and_selection(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(
        capsys,
        "breaks",
        str(NILE),
        "--time",
        "time",
        "--y",
        "y",
        "--trim",
        "10",
        "--select",
        "sequential",
        "--max-breaks",
        "3",
        "--json",
    )
    assert out["min_segment"] == 10
    assert out["selection"] == "sequential"
    assert [b["label"] for b in out["selected"]][0] == 1899


def test_chow_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "chow", str(NILE), "--time", "time", "--y", "y", "--at", "1899", "--json")
    assert out["f"] == pytest.approx(75.92976942748543, rel=1e-9)
    assert out["df"] == [1, 98]
    assert out["p_value"] == pytest.approx(7.438494264988549e-14, rel=1e-4)


def test_cusum_json(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "cusum", str(NILE), "--time", "time", "--y", "y", "--json")
    assert out["kind"] == "ols-cusum" and out["p_value"] < 0.01 and out["crossed"] is True


def test_bad_input_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["breaks", str(NILE), "--time", "time", "--y", "flow"]) == 2
    err = capsys.readouterr().err
    assert "flow" in err and "Traceback" not in err
    assert main(["breaks", str(NILE), "--time", "time", "--y", "y", "--trim", "0.7"]) == 2
    assert "(0, 0.5)" in capsys.readouterr().err
    assert main(["chow", str(NILE), "--time", "time", "--y", "y", "--at", "1970"]) == 2
    assert "too near an end" in capsys.readouterr().err
    assert main(["breaks", str(NILE), "--time", "time", "--y", "y", "--max-breaks", "9"]) == 2
    assert "more than the sample allows" in capsys.readouterr().err
