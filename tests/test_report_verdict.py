"""The report decides with tests valid for the series' persistence (issue: spurious breaks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from policyts.report import AnalysisSpec, run_report
from policyts.report._findings import TREND_BREAK_TEST, finding_of, verdict_of


def _entry(cls: str, tb_reject: bool | None, sup_p: float, boot_p: float) -> dict[str, Any]:
    tb: dict[str, Any] = (
        {"not_computable": "too short"}
        if tb_reject is None
        else {
            "statistic": 5.0 if tb_reject else 0.5,
            "pvalue": 0.01 if tb_reject else 0.4,
            "reject": tb_reject,
            "break": {"label": 2005},
        }
    )
    return {
        "years": [1985, 2022],
        "n_obs": 38,
        "persistence": {"class": cls, "largest_root": {"median_unbiased": 0.9, "ci": [0.7, 1.0]}},
        "trend_break": tb,
        "sup_f": {
            "p_value": sup_p,
            "bootstrap_p_value": boot_p,
            "break_label": 2005,
        },
        "bai_perron": {"breaks": [{"label": 2005, "ci": [2003, 2007]}]},
        "cusum": {"p_value": 0.5, "crossed": False},
        "events": [],
        "effects": [],
    }


@pytest.mark.parametrize(
    ("cls", "tb", "sup_p", "expected"),
    [
        ("unit root", True, 1e-6, "supported"),
        ("unit root", False, 1e-6, "not supported"),  # sup-F alone never supports
        ("unclear", False, 1e-6, "not supported"),
        ("stationary", False, 1e-6, "inconclusive"),
        ("stationary", False, 0.5, "not supported"),
        ("stationary", None, 1e-6, "supported"),  # sup-F valid when stationary
        ("unit root", None, 1e-6, "inconclusive"),
    ],
)
def test_verdict_rules(cls: str, tb: bool | None, sup_p: float, expected: str) -> None:
    v = verdict_of(_entry(cls, tb, sup_p, sup_p))
    assert v["break"] == expected and v["persistence"] == cls
    if tb is not None:
        assert v["basis"][0] == TREND_BREAK_TEST


def test_with_a_unit_root_sup_f_and_bai_perron_are_not_listed_as_support() -> None:
    e = _entry("unit root", False, 1e-6, 1e-3)
    e["verdict"] = verdict_of(e)
    f = finding_of(e)
    assert not any("sup-F" in s or "Bai-Perron" in s for s in f["supports"])
    weak = [s for s in f["does_not_support"] if s.startswith("Taking this as evidence")]
    assert any("sup-F p = 1e-06" in s for s in weak) and any("Bai-Perron" in s for s in weak)
    e = _entry("stationary", None, 1e-6, 1e-3)
    e["verdict"] = verdict_of(e)
    assert any("sup-F p = 1e-06" in s for s in finding_of(e)["supports"])


def _ar(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    u = np.zeros(n)
    e = sd * rng.standard_normal(n)
    for k in range(n):
        u[k] = (phi * u[k - 1] if k else 0.0) + e[k]
    return u


def test_report_on_random_walks_and_real_breaks(tmp_path: Path) -> None:
    """Four random walks with drift and two trend-stationary series with real breaks."""
    rng = np.random.default_rng(2026)
    n = 38
    t = np.arange(n)
    cols = {f"rw{i}": 5 + np.cumsum(0.1 + 0.05 * rng.standard_normal(n)) for i in range(4)}
    cols["slope"] = 5 + 0.05 * t + 0.10 * np.maximum(t - 20, 0) + _ar(rng, n, 0.3, 0.03)
    cols["level"] = 5 + 0.05 * t + 0.3 * (t >= 18) + _ar(rng, n, 0.3, 0.03)
    names = list(cols)
    rows = "\n".join(
        ",".join([str(1985 + i)] + [f"{cols[c][i]:.8f}" for c in names]) for i in range(n)
    )
    path = tmp_path / "sim.csv"
    path.write_text("year," + ",".join(names) + "\n" + rows + "\n")
    specs = tuple(AnalysisSpec.from_csv(path, c) for c in names)
    res = run_report(
        tmp_path / "r",
        analyses=specs,
        bundled=False,
        figures=False,
        comparators=False,
        progress=False,
        event_ids=("ip_strategy_2008",),
    )
    verdict = {a["variable"]: a["verdict"] for a in res["analyses"]}
    walks = [verdict[f"rw{i}"]["break"] for i in range(4)]
    assert walks.count("supported") <= 1, verdict
    assert verdict["slope"]["break"] == "supported", verdict
    assert verdict["level"]["break"] == "supported", verdict
    for a in res["analyses"]:
        v = a["verdict"]
        assert set(v) == {"break", "persistence", "basis", "caveat"}
        assert v["persistence"] in {"stationary", "unit root", "unclear"}


def test_provincial_verdicts_follow_the_size_of_the_common_break_test() -> None:
    from policyts.report._provinces import _verdict

    assert _verdict(0.2, 0.5)[0] == "not supported"
    assert _verdict(0.01, 0.5)[0] == "supported"
    assert _verdict(0.01, 0.9)[0] == "inconclusive"  # persistent factor: over-rejects
    # up to AR 0.8 the maximised Monte Carlo p-value held its size (benchmarks/common_break.md)
    assert _verdict(0.01, 0.85)[0] == "supported"
    assert _verdict(None, 0.5)[0] == "inconclusive"


def test_report_has_the_provincial_common_break_section(tmp_path: Path) -> None:
    from policyts.models import common_break

    spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020, "Fujian")
    res = run_report(
        tmp_path / "r", analyses=(spec,), figures=False, comparators=False, progress=False
    )
    pr = res["provinces"]
    assert pr["n_units"] == 31 and pr["years"] == [2010, 2023]
    at = {t["at"]: t for t in pr["tests"]}
    assert set(at) == {None, 2017, 2021}  # 2008 and 2024 lie outside 2010-2023
    from policyts import datasets

    counts = datasets.load("cn_provincial_patents")["applications"].sel(kind="invention")
    direct = common_break(
        counts.copy(data=np.log(counts.values)),
        dim="year",
        trend=True,
        at=2017,
        bootstrap=499,
        seed=1,
    )
    assert at[2017]["p_value"] == pytest.approx(direct.pvalue)
    # No common shift at 2017 in provincial invention applications (p = 0.33).
    assert direct.pvalue > 0.05 and at[2017]["verdict"] == "not supported"
    assert len(pr["by_unit"]) == 31
