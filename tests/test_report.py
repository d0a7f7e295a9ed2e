"""The main job: ``policyts report``."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_report_writes_identical_results_twice(tmp_path: Path) -> None:
    from policyts.report import run_report

    a = run_report(tmp_path / "a", progress=False)
    run_report(tmp_path / "b", progress=False)
    assert (tmp_path / "a" / "results.json").read_bytes() == (
        tmp_path / "b" / "results.json"
    ).read_bytes()
    html = (tmp_path / "a" / "index.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    resident = a["analyses"][0]
    assert resident["variable"] == "resident" and resident["n_obs"] == 38
    dec = next(e for e in resident["events"] if e["event"] == "declassified_patents_2017")
    assert dec["first_treated"] == 2017
    assert "cnipa_statistical_change_2017" in dec["confounders"]


def test_report_bad_input_leaves_nothing(tmp_path: Path) -> None:
    from policyts.report import run_report

    with pytest.raises(ValueError, match="unknown event id"):
        run_report(tmp_path / "r", event_ids=("no_such_event",), progress=False)
    assert not (tmp_path / "r").exists()
    with pytest.raises(ValueError, match="cannot write the report"):
        run_report(tmp_path / "missing" / "deeper" / "r", progress=False)
    assert list(tmp_path.iterdir()) == []
