"""Degenerate series never get a number: a ValueError naming the problem for one series, a
reason in panels.  A noise-free step is not degenerate: it gets strucchange's exact answer.
First differences are labelled by their later period."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from policyts.cli import main
from policyts.models import bai_perron, chow, chow_predictive, cusum, f_path, sup_f
from policyts.models._degenerate import fit_tolerance, series_reasons
from policyts.models.bai_perron import check_dating_size, dating_seconds
from policyts.models.panel import bai_perron_panel, chow_panel, cusum_panel, sup_f_panel

REF = Path(__file__).parent / "reference" / "strucchange"
STEP = json.loads((REF / "step.json").read_text())
YEARS = np.arange(1990, 2021)  # 31 years


def series(values: Any) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=YEARS[: len(values)], name="y")


def noisy(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(31)


STEP_Y = np.r_[np.ones(15), 2 * np.ones(16)]  # 1 -> 2, first period of the new regime 2005

# Every single-series test, called the way a user would.
TESTS: dict[str, Callable[..., Any]] = {
    "chow": lambda y, **kw: chow(y, at=2000, **kw),
    "chow_predictive": lambda y, **kw: chow_predictive(y, at=2019, **kw),
    "sup_f": sup_f,
    "f_path": f_path,
    "bai_perron": bai_perron,
    "ols-cusum": lambda y, **kw: cusum(y, kind="ols-cusum", **kw),
    "rec-cusum": lambda y, **kw: cusum(y, kind="rec-cusum", **kw),
}

# (values, keyword arguments, message pattern)
DEGENERATE: dict[str, tuple[np.ndarray, dict[str, Any], str]] = {
    "constant": (np.full(31, 3.0), {}, r"'y' is constant \(every value is 3\)"),
    "overflow": (
        1e307 * (1 + 0.1 * noisy(1)),
        {},
        r"reach 1\.\d+e\+307, too large .* rescale it, e.g. divide by 1e307",
    ),
    "underflow": (1e-170 * noisy(2), {}, r"differ by at most .*e-170.* multiply by 1e17\d"),
    "lone value": (
        np.r_[np.zeros(20), 5.0, np.zeros(10)],
        {},
        r"too few distinct values: all values but one equal 0 \(the exception is 5 at 2010\)",
    ),
    "perfect line": (
        0.5 + 0.25 * np.arange(1, 32),
        {"trend": True},
        r"the regressors \['const', 'trend'\] fit series 'y' exactly",
    ),
    "perfect fit on exog": (
        3.0 * np.sin(np.arange(31.0)),
        {"exog": np.sin(np.arange(31.0)), "const": False},
        r"the regressors \['x0'\] fit series 'y' exactly",
    ),
}


@pytest.mark.parametrize("case", list(DEGENERATE))
@pytest.mark.parametrize("test", list(TESTS))
def test_degenerate_series_raise_a_named_problem(case: str, test: str) -> None:
    values, kw, pattern = DEGENERATE[case]
    kw = dict(kw)
    if "exog" in kw:
        kw["exog"] = pd.DataFrame({"x0": kw["exog"]}, index=YEARS)
    with pytest.raises(ValueError, match=r"cannot be computed: .*" + pattern):
        TESTS[test](series(values), **kw)


@pytest.mark.parametrize("test", ["chow", "sup_f", "bai_perron", "ols-cusum"])
def test_collinear_and_overflowing_regressors(test: str) -> None:
    y = series(noisy(3))
    t = np.arange(1.0, 32.0)
    with pytest.raises(ValueError, match=r"collinear \(rank 2 < 3"):
        TESTS[test](y, exog=pd.DataFrame({"x": 2 * t}, index=YEARS), trend=True)
    # Collinear only up to rounding: the same.
    near = 2 * t * (1 + 1e-15 * noisy(4))
    with pytest.raises(ValueError, match="collinear"):
        TESTS[test](y, exog=pd.DataFrame({"x": near}, index=YEARS), trend=True)
    with pytest.raises(ValueError, match=r"regressor 'x' reaches .*e\+300, too large"):
        TESTS[test](y, exog=pd.DataFrame({"x": 1e300 * (1 + noisy(5))}, index=YEARS))


def test_constant_series_gave_chow_f_of_minus_29_before() -> None:
    # The measured bug: chow() on a constant series returned F = -29.
    with pytest.raises(ValueError, match="constant"):
        chow(series(np.full(31, 1234.5)), at=2005)


def test_values_near_1e307_never_give_nan_pvalues() -> None:
    y = series(1e307 * (1 + 0.01 * noisy(6)))
    with pytest.raises(ValueError, match="too large for double-precision"):
        bai_perron(y)
    # Rescaled as the message says, the series is analysed, and scaled results agree
    # with those of the unscaled noise (the tests are scale-invariant).
    res = sup_f(y / 1e307)
    ref = sup_f(series(1 + 0.01 * noisy(6)))
    assert np.isfinite(res.pvalue)
    np.testing.assert_allclose(res.wald, ref.wald, rtol=1e-9)


@pytest.mark.parametrize("rel", [1e-6, 1e-9])
def test_small_noise_is_not_refused_and_gives_scale_free_statistics(rel: float) -> None:
    # Noise far above rounding but tiny relative to the level: accepted, and the
    # statistics equal those of the noise alone (F is invariant to y -> a + b y).
    e = noisy(7)
    y = series(1000.0 + rel * 1000.0 * e)
    base = series(e)
    assert rel * 1000.0 * np.linalg.norm(e) / np.linalg.norm(y) > 100 * fit_tolerance(31)
    np.testing.assert_allclose(sup_f(y).wald, sup_f(base).wald, rtol=1e-4)
    np.testing.assert_allclose(chow(y, at=2005).stat, chow(base, at=2005).stat, rtol=1e-4)
    np.testing.assert_allclose(
        cusum(y, kind="ols-cusum").stat, cusum(base, kind="ols-cusum").stat, rtol=1e-4
    )
    assert [b.label for b in bai_perron(y).breaks] == [b.label for b in bai_perron(base).breaks]


# --- noise-free steps: exact answers, as strucchange ---------------------------------------


def read_case(name: str) -> pd.Series:
    d = pd.read_csv(REF / f"{name}.csv")
    return pd.Series(d["y"].to_numpy(float), index=d["time"].astype(int).to_numpy(), name="y")


def test_noise_free_step_matches_strucchange() -> None:
    ref = STEP["step_mean"]
    y = read_case("step_mean")
    np.testing.assert_array_equal(y.to_numpy(), STEP_Y)
    res = bai_perron(y, max_breaks=5)
    assert res.min_segment == ref["h"] == 4
    # strucchange's breakpoint b (last of the old regime, 1-based) = our 0-based index of
    # the first period of the new regime.
    for m in range(1, 6):
        assert [b.index for b in res.breaks_by_m[m]] == ref["breakpoints_by_m"][str(m)], m
    assert res.rss[0] == pytest.approx(ref["summary_RSS"][0], rel=1e-12)
    assert res.rss[1:] == tuple(ref["summary_RSS"][1:6]) == (0.0,) * 5
    assert np.isneginf(res.bic[1:]).all() and ref["summary_BIC"][1] is None  # -Inf
    assert [b.index for b in res.breaks] == ref["selected_breakpoints"] == [15]
    (brk,) = res.breaks
    assert brk.label == 2005 and brk.end_label == ref["selected_breakdates"][0] == 2004
    assert brk.ci == (2004, 2004)  # zero residuals: the date is exact
    assert res.sup_f_tests[0].reject and res.sequential_tests[0].reject
    assert not res.sequential_tests[1].reject  # supF(2|1) = 0: regimes fit exactly
    assert res.sequential_tests[1].scaled_f == 0.0
    assert any("fits exactly" in note for note in res.notes)
    seq = bai_perron(y, max_breaks=5, select="sequential")
    assert [b.label for b in seq.breaks] == [2005]
    sf = sup_f(y)
    assert sf.break_index == ref["Fstats_breakpoint"] and sf.break_label == 2005
    assert np.isposinf(sf.wald) and sf.pvalue == 0.0
    exact = chow(y, at=2005)
    assert np.isposinf(exact.stat) and exact.pvalue == 0.0 and "fits exactly" in exact.note
    assert chow(y, at=2000).stat == pytest.approx(ref["chow_at_10"], rel=1e-12)


def test_noise_free_step_in_a_trend_model() -> None:
    # strucchange's RSS for m >= 1 here is rounding noise (1e-30), so its BIC picks 3
    # breaks by chance; the exact answer is the one break both find for m = 1.
    ref = STEP["step_trend"]
    y = read_case("step_trend")
    res = bai_perron(y, trend=True, max_breaks=5)
    assert [b.index for b in res.breaks_by_m[1]] == ref["breakpoints_by_m"]["1"] == [15]
    assert ref["selected_breakpoints"] == [15, 19, 25] and max(ref["summary_RSS"][1:]) < 1e-29
    assert [b.label for b in res.breaks] == [2005] and res.rss[1] == 0.0
    assert chow(y, at=2000, trend=True).stat == pytest.approx(ref["chow_at_10"], rel=1e-10)


@pytest.mark.parametrize("shift", [0.0, 1e6])
def test_noise_free_step_on_the_long_path(shift: float) -> None:
    # n > 700 runs the scanning dynamic programme; ties go to the earliest break there too.
    n, b = 1000, 430
    y = shift + np.r_[np.zeros(b), np.ones(n - b)]
    res = bai_perron(y, trim=100, max_breaks=3)
    assert [x.index for x in res.breaks] == [b]
    assert [x.index for x in res.breaks_by_m[2]] == [100, b]
    assert [x.index for x in res.breaks_by_m[3]] == [100, 200, b]


def test_a_step_under_small_noise_is_the_same_problem_rescaled() -> None:
    # Noise 1e-6 of the step is no rounding: the answer is that of the step scaled by 1e6
    # with unit noise (BIC may add a chance break there too).
    y = series(STEP_Y + 1e-6 * noisy(8))
    big = series(1e6 * STEP_Y + noisy(8))
    res, ref = bai_perron(y), bai_perron(big)
    assert [b.label for b in res.breaks_by_m[1]] == [2005]
    for m in range(1, 6):
        assert [b.index for b in res.breaks_by_m[m]] == [b.index for b in ref.breaks_by_m[m]]
    assert res.selected_m == ref.selected_m
    assert sup_f(y).break_label == 2005 and np.isfinite(sup_f(y).wald)
    np.testing.assert_allclose(sup_f(y).wald, sup_f(big).wald, rtol=1e-5)


# --- panels: a reason instead of a number ------------------------------------------------


def test_panel_reasons_for_degenerate_series() -> None:
    rows = {name: v for name, (v, kw, _) in DEGENERATE.items() if not kw}
    rows["ok"] = STEP_Y + noisy(9)
    rows["step"] = STEP_Y
    da = xr.DataArray(
        np.stack(list(rows.values())),
        dims=("case", "year"),
        coords={"case": list(rows), "year": YEARS},
    )
    patterns = {
        "constant": "constant series",
        "overflow": "too large for double-precision",
        "underflow": "too little for double-precision",
        "lone value": "too few distinct values.* at 2010",
    }
    for fn, kw in [
        (sup_f_panel, {}),
        (chow_panel, {"at": 2000}),
        (bai_perron_panel, {"max_breaks": 2}),
        (cusum_panel, {"kind": "ols-cusum"}),
    ]:
        ds = fn(da, **kw)
        for case, pattern in patterns.items():
            r = ds.sel(case=case)
            assert pytest.approx(0) == int(r.n_obs), (fn.__name__, case)
            assert __import__("re").search(pattern, str(r.reason.item())), (fn.__name__, case)
            for v in ds.data_vars:
                x = r[v].values
                if x.dtype.kind == "f":
                    assert np.isnan(x).all(), (fn.__name__, case, v)
        assert ds.sel(case="ok").reason.item() == "", fn.__name__
        assert ds.sel(case="step").reason.item() == "", fn.__name__
    # The computed series equal the single-series results; the step is exact.
    sf = sup_f_panel(da)
    assert float(sf.sup_wald.sel(case="ok")) == pytest.approx(
        sup_f(series(rows["ok"])).wald, rel=1e-10
    )
    assert np.isposinf(float(sf.sup_wald.sel(case="step")))
    assert float(sf.break_label.sel(case="step")) == 2005
    bp = bai_perron_panel(da, max_breaks=2)
    assert int(bp.selected_m.sel(case="step")) == 1
    assert float(bp.break_label.sel(case="step")[0]) == 2005


def test_panel_reason_for_a_perfect_fit_on_the_trend() -> None:
    data = np.stack([0.5 + 0.25 * np.arange(31.0), noisy(10)])
    da = xr.DataArray(data, dims=("s", "year"), coords={"year": YEARS})
    for fn, kw in [(sup_f_panel, {}), (chow_panel, {"at": 2000}), (cusum_panel, {})]:
        ds = fn(da, trend=True, **kw)
        assert "fit the series exactly" in ds.reason[0].item(), fn.__name__
        assert ds.reason[1].item() == ""


def test_series_reasons_is_vectorised_and_empty_for_good_rows() -> None:
    Y = np.stack([noisy(s) for s in range(50)])
    X = np.ones((31, 1))
    assert (series_reasons(Y, X, ["const"]) == "").all()
    Y[7] = 2.0
    got = series_reasons(Y, X, ["const"])
    assert got[7].startswith("the series is constant") and (np.delete(got, 7) == "").all()


# --- size guard ---------------------------------------------------------------------------


def test_dating_too_long_is_refused_before_computing() -> None:
    y = np.random.default_rng(0).standard_normal(200_000)
    with pytest.raises(ValueError, match=r"O\(n\^2\).*not started.*sup_f\(\)"):
        bai_perron(y, trim=0.15)
    assert dating_seconds(200_000, 1, 5) > 60
    assert dating_seconds(2_000, 2, 5) < 1  # the long reference series stay well inside


def test_grid_step_is_the_named_option_that_scales() -> None:
    y = np.random.default_rng(0).standard_normal(1_000_000)
    with pytest.raises(ValueError, match=r"Pass grid_step=\d+ \(breaks searched every"):
        bai_perron(y)
    rng = np.random.default_rng(12)
    n = 3000
    mu = np.zeros(n)
    mu[750:] += 1.0
    mu[1500:] -= 1.5
    mu[2253:] += 1.0
    y = mu + rng.standard_normal(n)
    exact = bai_perron(y, trim=0.1)
    for step in (1, 10, 37):
        grid = bai_perron(y, trim=0.1, grid_step=step)
        # Up to the true number of breaks (well separated) the grid finds the optimum;
        # beyond it (spurious breaks in noise) it need not.
        last = max(exact.breaks_by_m) if step == 1 else 3
        for m in range(1, last + 1):
            assert [b.index for b in grid.breaks_by_m[m]] == [
                b.index for b in exact.breaks_by_m[m]
            ], (step, m)
            assert grid.rss[m] == exact.rss[m]
        assert grid.selected_m == exact.selected_m == 3
        assert (step > 1) == any("grid_step" in note for note in grid.notes)
    found = np.array([b.index for b in exact.breaks])
    assert np.abs(found - [750, 1500, 2253]).max() <= 5
    # A series too long for the exact search runs on the grid, breaks where they are.
    n = 100_000
    y = rng.standard_normal(n)
    y[41_234:] += 0.5
    with pytest.raises(ValueError, match="grid_step="):
        bai_perron(y, max_breaks=2)
    res = bai_perron(y, max_breaks=2, grid_step=25)
    # The one-break optimum is known exactly in O(n): the sup-F date.
    assert [b.index for b in res.breaks_by_m[1]] == [sup_f(y).break_index]
    assert [abs(b.index - 41_234) < 50 for b in res.breaks] == [True]
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="grid_step must be a whole number"):
            bai_perron(y[:100], grid_step=bad)


def test_dating_estimate_warns_between_the_limits() -> None:
    with pytest.warns(RuntimeWarning, match="takes about .* minutes"):
        check_dating_size(60_000, 1, 9000, 5)
    check_dating_size(1_000, 1, 150, 5)  # silent


# --- first differences --------------------------------------------------------------------


def growth_step() -> pd.Series:
    # Growth 0.05 a year to 2004, 0.15 from 2005 on (a change in the growth rate at 2005).
    g = np.where(YEARS >= 2005, 0.15, 0.05) + 0.01 * noisy(11)
    return series(np.cumsum(g))


def test_difference_labels_a_break_by_its_first_new_growth_period() -> None:
    y = growth_step()
    res = bai_perron(y, difference=True)
    assert res.labels[0] == 1991 and res.n_obs == 30
    assert [b.label for b in res.breaks] == [2005]
    assert res.series_name == "diff(y)"
    assert any("growth rate" in n for n in res.notes) and "growth rate" in res.summary()
    sf = sup_f(y, difference=True)
    assert sf.break_label == 2005 and "growth rate" in sf.note
    assert sf.wald == pytest.approx(sup_f(series(np.diff(y))).wald, rel=1e-12)
    ch = chow(y, at=2005, difference=True)
    same = chow(pd.Series(np.diff(y), index=YEARS[1:]), at=2005)
    assert ch.stat == pytest.approx(same.stat, rel=1e-12) and "growth rate" in ch.note
    assert f_path(y, difference=True).labels[0] == 1991 + 4  # h = floor(0.15 * 30) = 4


def test_difference_on_bare_arrays_uses_the_original_positions() -> None:
    y = growth_step().to_numpy()
    # Position 15 is 2005: the first difference y[15] - y[14] is the first new growth.
    ch = chow(y, at=15, difference=True)
    assert ch.details["first period of new regime"] == 15
    assert [b.label for b in bai_perron(y, difference=True).breaks] == [15]


def test_difference_refused_for_panels_with_the_workaround() -> None:
    da = xr.DataArray(np.stack([noisy(1), noisy(2)]), dims=("s", "year"), coords={"year": YEARS})
    with pytest.raises(ValueError, match=r"y.diff\(dim\)"):
        bai_perron(da, difference=True)
    with pytest.raises(ValueError, match=r"y.diff\(dim\)"):
        sup_f(da, difference=True)


def test_cli_difference(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    pd.DataFrame({"year": YEARS, "v": growth_step().to_numpy()}).to_csv(path, index=False)
    assert main(["breaks", str(path), "--time", "year", "--y", "v", "--difference", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [b["label"] for b in out["selected"]] == [2005] and out["n_obs"] == 30
    assert any("growth rate" in n for n in out["notes"])
    args = ["chow", str(path), "--time", "year", "--y", "v", "--at", "2005", "--difference"]
    assert main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["at"] == 2005 and out["n_before"] == 14 and out["n_after"] == 16
