"""Report options for a user's own series: several --y columns and --no-bundled."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policyts.cli import main


def _csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(7)
    t = np.arange(30)
    a = 5 + 0.05 * t + 0.02 * rng.standard_normal(30)
    b = 3 + 0.04 * t + 0.3 * (t >= 15) + 0.02 * rng.standard_normal(30)
    rows = "\n".join(f"{1990 + i},{a[i]:.6f},{b[i]:.6f}" for i in range(30))
    path = tmp_path / "mine.csv"
    path.write_text(f"year,a,b\n{rows}\n")
    return path


def test_no_bundled_analyses_only_the_users_columns(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    out = tmp_path / "r"
    argv = ["report", "--csv", str(path), "--y", "a", "b", "--no-bundled", "--out", str(out)]
    assert main([*argv, "--format", "md"]) == 0
    res = json.loads((out / "results.json").read_text())
    assert [a["variable"] for a in res["analyses"]] == ["a", "b"]
    assert res["claims"] == [] and res["audit"] == [] and res["indicators"] == []
    assert res["comparators"] is None and res["coverage"] == [] and res["sources"] == []
    assert res["settings"]["bundled"] is False
    # The level shift of 0.3 (15 noise sds) at 2005 in b is found where it is.
    bp = res["analyses"][1]["bai_perron"]
    assert [b["label"] for b in bp["breaks"]] == [2005]


def test_no_bundled_needs_a_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--no-bundled", "--out", str(tmp_path / "r")]) == 2
    assert "give --csv FILE --y COL" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_users_monthly_series_is_judged_against_the_users_event_only(tmp_path: Path) -> None:
    """R's Seatbelts: the compulsory seat-belt law, in force from 31 January 1983."""
    data = Path(__file__).parent / "reference" / "seatbelts" / "seatbelts.csv"
    out = tmp_path / "r"
    argv = ["report", "--csv", str(data), "--time", "month", "--y", "DriversKilled", "rear"]
    argv += ["--event", "1983-02", "--log", "--no-bundled", "--format", "md", "--out", str(out)]
    assert main(argv) == 0
    res = json.loads((out / "results.json").read_text())
    assert [e["id"] for e in res["events"]] == ["user_1983_02"]
    assert res["events"][0]["source"]["publisher"] == "the user"
    by = {a["variable"]: a for a in res["analyses"]}
    for a in by.values():
        assert [e["event"] for e in a["events"]] == ["user_1983_02"]
        assert a["events"][0]["confounders"] == []  # jurisdiction "none": no catalogue event
        assert a["jurisdiction"] == "none"
    killed = by["DriversKilled"]["effects"][0]["result"]["level_change"]
    # The seasonal model of the effect (month dummies, AR(1) errors), as R's nlme::gls.
    assert killed["estimate"] == pytest.approx(-0.19727, abs=1e-4)
    assert killed["ci"][1] < 0
    rear = by["rear"]["effects"][0]["result"]["level_change"]
    assert rear["ci"][0] < 0 < rear["ci"][1]  # rear seats were not covered by the law


def test_event_and_jurisdiction_need_a_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--event", "1983-02", "--out", str(tmp_path / "r")]) == 2
    assert "give the file with --csv" in capsys.readouterr().err
    path = _csv(tmp_path)
    argv = ["report", "--csv", str(path), "--y", "a", "--event", "not_an_event"]
    assert main([*argv, "--no-bundled", "--out", str(tmp_path / "r")]) == 2
    assert "unknown event id 'not_an_event'" in capsys.readouterr().err
