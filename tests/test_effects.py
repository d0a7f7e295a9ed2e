"""Policy-effect models: event alignment, estimates against closed forms and statsmodels,
short post-periods, confounders, placebo mechanics, output objects and bad input."""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.outliers_influence import OLSInfluence
from statsmodels.tsa.statespace.structural import UnobservedComponents

from policyts.models import chow_predictive
from policyts.models.effects import EffectResult, effect, reml_ar1, synthetic_weights
from policyts.models.effects._placebo import block_statistics
from policyts.models.effects._statespace import forecast_cov


def years(values: np.ndarray, start: int = 1991, name: str = "y") -> pd.Series:
    return pd.Series(
        np.asarray(values, dtype=float),
        index=pd.Index(range(start, start + len(values)), name="year"),
        name=name,
    )


def its_series(
    n: int = 30,
    t0: int = 22,
    level: float = 0.0,
    slope: float = 0.0,
    sd: float = 0.5,
    seed: int = 0,
    start: int = 1991,
) -> pd.Series:
    rng = np.random.default_rng(seed)
    tc = np.arange(n) - t0
    y = 2 + 0.1 * tc + level * (tc >= 0) + slope * np.where(tc >= 0, tc, 0)
    return years(y + sd * rng.standard_normal(n), start)


def ols_its(
    y: np.ndarray, t0: int, rows: np.ndarray | None = None
) -> sm.regression.linear_model.RegressionResults:
    n = y.size
    tc = np.arange(n) - t0
    X = np.column_stack([np.ones(n), tc, tc >= 0, np.where(tc >= 0, tc, 0)]).astype(float)
    rows = np.arange(n) if rows is None else rows
    return sm.OLS(y[rows], X[rows]).fit()


# --- event alignment -------------------------------------------------------------------


def test_catalogue_event_maps_by_rule() -> None:
    y = its_series(n=11, t0=5, start=2015)  # 2015 .. 2025
    res = effect(y, event="special_action_patent_transformation_2023", errors="iid", placebo=False)
    assert res.first_treated == 2024 and res.first_treated_index == 9  # October: next year
    assert (res.n_pre, res.n_post) == (9, 2)
    assert res.pre_period == (2015, 2023) and res.post_period == (2024, 2025)
    res = effect(
        y,
        event="special_action_patent_transformation_2023",
        rule="containing",
        errors="iid",
        placebo=False,
    )
    assert res.first_treated == 2023 and res.n_post == 3


def test_event_given_as_id_date_or_label_agree() -> None:
    y = its_series(n=38, t0=23, level=0.5, start=1985)
    out = [
        effect(y, event=ev, errors="iid", placebo=False)
        for ev in ("ip_strategy_2008", "2008-06-05", 2008, "2008")
    ]
    assert {r.first_treated for r in out} == {2008}
    for r in out[1:]:
        assert r.level_change.estimate == pytest.approx(out[0].level_change.estimate, rel=1e-12)
    assert out[0].event_id == "ip_strategy_2008" and out[1].event_id is None


@pytest.mark.parametrize(("date", "first"), [("2008-07-02", 2008), ("2008-07-03", 2009)])
def test_majority_rule_on_an_annual_series(date: str, first: int) -> None:
    y = its_series(n=38, t0=23, start=1985)
    assert effect(y, event=date, errors="iid", placebo=False).first_treated == first


def test_quarterly_series_and_text_coordinates() -> None:
    idx = pd.period_range("2012Q1", periods=40, freq="Q")
    rng = np.random.default_rng(2)
    tc = np.arange(40) - 25
    y = pd.Series(5 + 0.05 * tc + 1.0 * (tc >= 0) + 0.2 * rng.standard_normal(40), index=idx)
    res = effect(y, event="2018-04-26", errors="iid", placebo=False)  # day 26 of 2018Q2
    assert res.first_treated == "2018Q2" and res.first_treated_index == 25
    assert res.level_change.ci[0] < 1.0 < res.level_change.ci[1]
    ds = res.to_dataset()
    assert ds["time"].values[25] == "2018Q2"


def test_anticipation_moves_the_first_treated_period() -> None:
    y = its_series(n=30, t0=20, level=1.0, seed=3)
    res = effect(y, event=2012, anticipation=2, errors="iid", placebo=False)
    assert res.first_treated == 2010 and res.first_treated_by_rule == 2012
    assert res.n_pre == 19 and res.n_post == 11
    assert any("anticipation" in n for n in res.notes)
    assert "anticipation 2" in res.summary()


def test_exclusion_window_drops_periods_and_says_so() -> None:
    y = its_series(n=30, t0=22, level=0.8, slope=0.1, seed=4)
    res = effect(y, event=2013, exclude=(1, 1), errors="iid", placebo=False)
    assert res.excluded == (2012, 2013)
    assert (res.n_pre, res.n_post) == (21, 7)
    assert list(res.role[20:24]) == [0, -1, -1, 1]
    assert "Excluded from estimation: 2012, 2013" in res.summary()
    rows = np.r_[0:21, 23:30]
    ref = ols_its(y.to_numpy(), 22, rows)
    assert res.level_change.estimate == pytest.approx(ref.params[2], rel=1e-10)
    assert res.slope_change.se == pytest.approx(ref.bse[3], rel=1e-10)
    assert res.slope_change.p_value == pytest.approx(ref.pvalues[3], rel=1e-8)


# --- estimates -------------------------------------------------------------------------


def test_iid_its_equals_statsmodels_ols_and_exact_prediction_interval() -> None:
    y = its_series(n=30, t0=22, level=0.7, slope=0.2, seed=5)
    res = effect(y, event=2013, errors="iid", placebo=False)
    ref = ols_its(y.to_numpy(), 22)
    assert res.level_change.estimate == pytest.approx(ref.params[2], rel=1e-10)
    assert res.level_change.se == pytest.approx(ref.bse[2], rel=1e-10)
    lo, hi = ref.conf_int(0.05)[3]
    assert res.slope_change.ci == pytest.approx((lo, hi), rel=1e-10)
    # the counterfactual: step = ramp = 0, t(n - k) prediction interval
    X = ref.model.exog.copy()
    X[:, 2:] = 0
    pred = ref.get_prediction(X[22:]).summary_frame(alpha=0.05)
    np.testing.assert_allclose(res.counterfactual[22:], pred["mean"], rtol=1e-10)
    np.testing.assert_allclose(res.lower[22:], pred["obs_ci_lower"], rtol=1e-10)
    np.testing.assert_allclose(res.upper[22:], pred["obs_ci_upper"], rtol=1e-10)
    joint = ref.f_test(np.eye(4)[2:])
    assert res.p_value == pytest.approx(float(joint.pvalue), rel=1e-8)


def test_log_model_scales_and_percent_versions() -> None:
    y = np.exp(its_series(n=30, t0=22, level=0.3, slope=0.05, sd=0.05, seed=6))
    res = effect(y, event=2013, log=True, errors="iid", placebo=False)
    ref = ols_its(np.log(y.to_numpy()), 22)
    lc, lcp = res.level_change, res.level_change_percent
    assert lc.scale == "log points" and lcp.scale == "percent"
    assert lc.estimate == pytest.approx(ref.params[2], rel=1e-10)
    assert lcp.estimate == pytest.approx(100 * np.expm1(lc.estimate), rel=1e-12)
    assert lcp.ci == pytest.approx(tuple(100 * np.expm1(c) for c in lc.ci), rel=1e-12)
    assert lcp.p_value == lc.p_value
    X = ref.model.exog.copy()
    X[:, 2:] = 0
    np.testing.assert_allclose(res.counterfactual[22:], np.exp(X[22:] @ ref.params), rtol=1e-10)
    d = res.to_dict()
    assert d["scale"] == "log points" and d["level_change_percent"]["scale"] == "percent"


def test_per_period_and_cumulative_effects_are_consistent() -> None:
    y = its_series(n=30, t0=22, level=2.0, seed=7)
    res = effect(y, event=2013, errors="iid", placebo=False, n_draws=20000)
    eff = res.effects
    np.testing.assert_allclose(eff["effect"], eff["observed"] - eff["counterfactual"])
    np.testing.assert_allclose(eff["effect_lower"], eff["observed"] - eff["upper"])
    assert res.cumulative_effect.estimate == pytest.approx(eff["effect"].sum(), rel=1e-12)
    assert res.average_effect.estimate == pytest.approx(eff["effect"].mean(), rel=1e-12)
    rel = 100 * (eff["observed"].sum() / eff["counterfactual"].sum() - 1)
    assert res.relative_effect_percent.estimate == pytest.approx(rel, rel=1e-12)
    # the cumulative interval from draws matches the exact t interval of the sum
    ref = ols_its(y.to_numpy(), 22)
    X = ref.model.exog.copy()
    X[:, 2:] = 0
    xs = X[22:].sum(0)
    sd = np.sqrt(xs @ ref.cov_params() @ xs + 8 * ref.scale)
    q = stats.t.ppf(0.975, ref.df_resid)
    lo, hi = res.cumulative_effect.ci
    assert (hi - lo) / 2 == pytest.approx(q * sd, rel=0.03)
    exceed = next(t for t in res.tests if t.name == "Prediction-interval exceedance")
    assert exceed.stat == eff["outside_interval"].sum() == 8


def test_single_post_period_uses_the_chow_predictive_test() -> None:
    y = its_series(n=20, t0=19, level=1.5, seed=8)
    res = effect(y, event=2010, errors="iid", placebo=False)
    assert res.n_post == 1 and res.slope_change is None
    assert any(w.startswith("short post-period") and "slope change" in w for w in res.warnings)
    pre = sm.OLS(y.to_numpy()[:19], sm.add_constant(np.arange(19) - 19.0)).fit()
    forecast = pre.params[0]  # the pre-period line at tc = 0
    assert res.level_change.estimate == pytest.approx(y.iloc[19] - forecast, rel=1e-10)
    cp = next(t for t in res.tests if t.name.startswith("Chow predictive"))
    ref = chow_predictive(y, at=2010, trend=True)
    assert cp.stat == pytest.approx(ref.stat, rel=1e-10)
    assert cp.pvalue == pytest.approx(ref.pvalue, rel=1e-10)
    # the level change's t test is the same test: t^2 = F
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-8)


def test_two_post_periods_saturate_level_and_slope() -> None:
    y = its_series(n=24, t0=22, level=1.0, slope=0.3, seed=9)
    res = effect(y, event=2013, errors="iid", placebo=False)
    assert res.n_post == 2 and res.slope_change is not None
    assert any("as many periods" in n for n in res.notes)
    assert any(w.startswith("short post-period") for w in res.warnings)
    cp = next(t for t in res.tests if t.name.startswith("Chow predictive"))
    assert res.joint_test.stat == pytest.approx(cp.stat, rel=1e-9)


def test_pulse_recovers_a_one_period_effect() -> None:
    rng = np.random.default_rng(10)
    tc = np.arange(30) - 20
    y = years(1 + 0.05 * tc + 3.0 * (tc == 0) + 0.1 * rng.standard_normal(30))
    res = effect(y, event=2011, interventions=("step", "pulse"), errors="iid", placebo=False)
    assert res.pulse.ci[0] < 3.0 < res.pulse.ci[1]
    assert res.level_change.ci[0] < 0.0 < res.level_change.ci[1]
    assert res.slope_change is None


def test_reml_ar1_with_gaps_maximises_the_restricted_likelihood() -> None:
    rng = np.random.default_rng(11)
    rows = np.r_[0:18, 21:30]
    n = 30
    X = np.column_stack([np.ones(n), np.arange(n)])[rows]
    u = np.zeros(n)
    for t in range(1, n):
        u[t] = 0.6 * u[t - 1] + rng.standard_normal()
    y = (1 + 0.1 * np.arange(n) + u)[rows]
    gaps = np.diff(rows).astype(float)
    rho, beta, cov, s2, ll = reml_ar1(y, X, gaps)

    def reml(r: float) -> float:
        # explicit GLS with the full correlation matrix r^|t - s|
        R = r ** np.abs(np.subtract.outer(rows, rows)) / (1 - r**2)
        Ri = np.linalg.inv(R)
        A = X.T @ Ri @ X
        b = np.linalg.solve(A, X.T @ Ri @ y)
        e = y - X @ b
        k = X.shape[1]
        return float(
            -0.5 * np.linalg.slogdet(R)[1]
            - 0.5 * np.linalg.slogdet(A)[1]
            - 0.5 * (y.size - k) * np.log(e @ Ri @ e)
        )

    grid = np.linspace(-0.95, 0.95, 3801)
    best = grid[np.argmax([reml(r) for r in grid])]
    assert rho[0] == pytest.approx(best, abs=1e-3)
    assert ll[0] == pytest.approx(reml(float(rho[0])), rel=1e-9)


def test_ar1_bootstrap_is_seeded() -> None:
    y = its_series(n=30, t0=22, level=0.5, seed=12)
    a = effect(y, event=2013, bootstrap=199, placebo=False)
    b = effect(y, event=2013, bootstrap=199, placebo=False)
    c = effect(y, event=2013, bootstrap=199, placebo=False, seed=1)
    assert a.level_change == b.level_change
    assert a.level_change.ci != c.level_change.ci
    assert a.level_change.p_value_method == "parametric bootstrap-t (199 draws)"
    assert a.details["bootstrap"] == 199


def test_hac_warns_in_short_series() -> None:
    y = its_series(seed=13)
    res = effect(y, event=2013, errors="hac", placebo=False)
    assert any("HAC standard errors are biased downwards" in w for w in res.warnings)
    assert "Newey-West" in res.method


def test_count_model_families() -> None:
    rng = np.random.default_rng(14)
    tc = np.arange(30) - 22
    mu = np.exp(4 + 0.04 * tc + 0.3 * (tc >= 0))
    y = years(rng.poisson(rng.gamma(20, mu / 20)))
    p = effect(y, event=2013, model="counts", family="poisson", placebo=False)
    q = effect(y, event=2013, model="counts", family="quasipoisson", placebo=False)
    phi = p.details["pearson_dispersion"]
    assert phi > 1.5 and any("overdispersion" in w for w in p.warnings)
    assert q.level_change.se == pytest.approx(p.level_change.se * np.sqrt(phi), rel=1e-6)
    assert q.level_change.estimate == pytest.approx(p.level_change.estimate, rel=1e-10)
    nb = effect(y, event=2013, model="counts", placebo=False)
    assert nb.details["nb2_alpha"] > 0 and nb.level_change_percent is not None
    assert np.all(np.diff(nb.lower[22:] <= nb.upper[22:]) == 0)


def test_zero_counts_are_allowed() -> None:
    y = years(np.r_[np.zeros(3), np.arange(1, 20)])
    res = effect(y, event=2010, model="counts", family="poisson", placebo=False)
    assert res.n_pre == 19


# --- counterfactual models -------------------------------------------------------------


def test_forecast_covariance_matches_statsmodels() -> None:
    rng = np.random.default_rng(15)
    x = np.cumsum(rng.standard_normal((30, 2)), axis=0)
    y = 1 + x @ [0.5, -0.3] + np.cumsum(0.3 * rng.standard_normal(30))
    res = UnobservedComponents(y[:24], exog=x[:24], level="llevel", mle_regression=False).fit(
        disp=0
    )
    Z = np.tile(res.filter_results.design[0, :, 0], (6, 1))
    Z[:, -2:] = x[24:]
    C = forecast_cov(res, Z)
    fc = res.get_forecast(6, exog=x[24:])
    np.testing.assert_allclose(np.diag(C), fc.var_pred_mean, rtol=1e-10)
    assert np.all(np.linalg.eigvalsh(C) > 0)


def test_regression_on_controls_is_the_chow_predictive_test_with_controls() -> None:
    rng = np.random.default_rng(16)
    n, t0 = 30, 22
    C = pd.DataFrame(
        np.cumsum(rng.standard_normal((n, 2)), axis=0) + 10,
        index=pd.Index(range(1991, 1991 + n), name="year"),
        columns=["a", "b"],
    )
    y = years(2 + C["a"] - 0.5 * C["b"] + 1.0 * (np.arange(n) >= t0) + 0.3 * rng.standard_normal(n))
    res = effect(y, event=2013, model="regression", controls=C, trend=False, placebo_units=C)
    ref = chow_predictive(y, C, at=2013)
    assert res.joint_test.stat == pytest.approx(ref.stat, rel=1e-9)
    fit = sm.OLS(y.iloc[:t0], sm.add_constant(C.iloc[:t0])).fit()
    np.testing.assert_allclose(res.counterfactual, fit.predict(sm.add_constant(C)), rtol=1e-10)
    assert res.level_change.ci[0] < 1.0 < res.level_change.ci[1]
    assert res.placebo_in_space is not None and res.placebo_in_space.n_placebos == 2


def test_synthetic_weights_solve_the_constrained_least_squares() -> None:
    rng = np.random.default_rng(17)
    C = rng.standard_normal((25, 4)) + np.arange(4)
    y = C @ [0.6, 0.4, 0.0, 0.0] + 0.05 * rng.standard_normal(25)
    w = synthetic_weights(y, C)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0, abs=1e-12)

    def best_on(support: list[int]) -> tuple[float, np.ndarray] | None:
        # equality-constrained least squares on a support: KKT system
        S = C[:, support]
        m = len(support)
        K = np.block([[2 * S.T @ S, np.ones((m, 1))], [np.ones((1, m)), np.zeros((1, 1))]])
        sol = np.linalg.solve(K, np.r_[2 * S.T @ y, 1.0])
        if np.any(sol[:m] < 0):
            return None
        full = np.zeros(4)
        full[support] = sol[:m]
        return float(np.sum((y - C @ full) ** 2)), full

    from itertools import combinations

    cands = [best_on(list(s)) for r in range(1, 5) for s in combinations(range(4), r)]
    rss, wbest = min((c for c in cands if c is not None), key=lambda c: c[0])
    np.testing.assert_allclose(w, wbest, atol=1e-6)


def test_synthetic_control_recovers_the_effect_and_ranks_first_in_space() -> None:
    rng = np.random.default_rng(18)
    n, t0 = 34, 23
    f = np.cumsum(rng.standard_normal((n, 2)), axis=0)
    donors = pd.DataFrame(
        {
            f"d{j}": 10 + f @ rng.uniform(0.2, 1.5, 2) + 0.1 * rng.standard_normal(n)
            for j in range(6)
        },
        index=pd.Index(range(1985, 1985 + n), name="year"),
    )
    synth = donors[["d0", "d1", "d2"]] @ [0.5, 0.3, 0.2]
    y = years(synth + 2.0 * (np.arange(n) >= t0) + 0.05 * rng.standard_normal(n), 1985)
    res = effect(y, event=2008, model="synthetic", controls=donors)
    assert res.level_change.estimate == pytest.approx(2.0, abs=0.2)
    assert np.isnan(res.level_change.ci[0]) and np.isnan(res.lower).all()
    weights = res.details["weights"]
    assert sum(weights.values()) == pytest.approx(1.0)
    assert res.placebo_in_space.p_value == pytest.approx(1 / 7)
    assert res.details["rmspe_ratio"] > 10


def test_ucm_and_sarimax_recover_a_level_shift() -> None:
    y = its_series(n=36, t0=26, level=3.0, sd=0.3, seed=19)
    u = effect(y, event=2017, model="ucm", components="dtrend")
    assert u.level_change.ci[0] < 3.0 < u.level_change.ci[1]
    assert u.level_change.p_value < 1e-4
    s = effect(y, event=2017, model="sarimax")
    assert abs(s.level_change.estimate - 3.0) < 3 * s.level_change.se
    assert s.level_change.p_value < 1e-4 and "ARIMA(1, 0, 0)" in s.method


# --- confounders -----------------------------------------------------------------------


def test_statistical_change_is_named_as_a_confounder() -> None:
    y = np.exp(its_series(n=38, t0=32, start=1985, sd=0.05))
    res = effect(y, event="declassified_patents_2017", log=True, errors="iid", placebo=False)
    assert "cnipa_statistical_change_2017" in res.confounders
    hit = [w for w in res.warnings if "cnipa_statistical_change_2017" in w]
    assert hit and "statistical" in hit[0] and "2016 .. 2018" in hit[0]
    assert "cnipa_statistical_change_2017" in res.summary()
    assert "declassified_patents_2017" not in res.confounders
    national = effect(
        y,
        event="declassified_patents_2017",
        log=True,
        errors="iid",
        placebo=False,
        jurisdiction="CN",
    )
    assert "fujian_statistical_coverage_2017" in res.confounders
    assert "fujian_statistical_coverage_2017" not in national.confounders


def test_statistical_change_elsewhere_in_the_sample_is_flagged() -> None:
    y = its_series(n=38, t0=36, start=1985)
    res = effect(y, event="patent_subsidy_end_2021", errors="iid", placebo=False)
    w = [x for x in res.warnings if x.startswith("statistical change inside the estimation")]
    assert any("cnipa_statistical_change_2017" in x and "pre-period" in x for x in w)
    near = {
        "cnipa_patent_application_notice_2021",
        "patent_law_amendment_2020_in_force",
        "patent_law_amendment_2020",
    }
    assert near <= set(res.confounders)


def test_a_date_flags_the_catalogue_event_on_that_date() -> None:
    y = its_series(n=38, t0=23, start=1985)
    res = effect(y, event="2008-06-05", errors="iid", placebo=False, confounder_window=0)
    assert "ip_strategy_2008" in res.confounders


# --- placebo mechanics -----------------------------------------------------------------


def test_placebo_in_time_is_the_cyclic_block_permutation_of_studentised_residuals() -> None:
    y = its_series(n=30, t0=25, level=1.0, seed=20)
    res = effect(y, event=2016, errors="iid")
    n = 30
    X = sm.add_constant(np.arange(n) - 25.0)
    r = OLSInfluence(sm.OLS(y.to_numpy(), X).fit()).resid_studentized_internal
    S, first = block_statistics(np.asarray(r), 5)
    pt = res.placebo_in_time
    assert pt.statistic == pytest.approx(np.abs(r[-5:]).mean(), rel=1e-10)
    assert pt.p_value == pytest.approx(np.mean(S >= S[0]), rel=1e-12)
    assert pt.n_placebos == 29 and pt.resolution == pytest.approx(1 / 30)
    assert pt.placebos[0] == "1991" and pt.placebos[-1] == "2020"  # in time order
    assert pt.placebo_statistics[-1] == pytest.approx(S[first == 29][0])  # wraps: 2020, 1991..
    assert res.placebo_p_value == pt.p_value


def test_placebo_in_space_ranks_the_treated_unit() -> None:
    rng = np.random.default_rng(21)
    n, t0 = 30, 22
    idx = pd.Index(range(1991, 1991 + n), name="year")
    tc = np.arange(n) - t0
    units = pd.DataFrame(
        {f"u{j}": 1 + 0.1 * tc + 0.3 * rng.standard_normal(n) for j in range(9)}, index=idx
    )
    y = years(1 + 0.1 * tc + 3.0 * (tc >= 0) + 0.3 * rng.standard_normal(n))
    res = effect(y, event=2013, errors="iid", placebo_units=units)
    assert res.placebo_in_space.p_value == pytest.approx(0.1)
    assert res.to_dict()["placebo_space_p_value"] == pytest.approx(0.1)


# --- output ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result() -> EffectResult:
    y = np.exp(its_series(n=38, t0=23, level=0.4, slope=0.02, sd=0.05, start=1985))
    y.attrs.update({"units": "applications", "long_name": "invention applications"})
    return effect(y, event="ip_strategy_2008", log=True, exclude=(0, 1))


def test_to_dict_is_json_ready_with_the_contract_keys(result: EffectResult) -> None:
    d = result.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text)["first_treated"] == 2008
    for key in (
        "first_treated",
        "n_pre",
        "n_post",
        "level_change",
        "slope_change",
        "placebo_p_value",
        "warnings",
    ):
        assert key in d
    assert set(d["level_change"]) >= {"estimate", "ci", "p_value"}
    assert len(d["level_change"]["ci"]) == 2
    assert d["n_pre"] == 23 and d["n_post"] == 14 and d["excluded"] == [2008]
    assert isinstance(d["warnings"], list) and all(isinstance(w, str) for w in d["warnings"])
    assert d["post_labels"][0] == 2009 and len(d["effects"]) == 14


def test_to_dataset_has_cf_attributes(result: EffectResult) -> None:
    ds = result.to_dataset()
    assert isinstance(ds, xr.Dataset) and ds.attrs["Conventions"] == "CF-1.10"
    for v in (
        "observed",
        "counterfactual",
        "counterfactual_lower",
        "counterfactual_upper",
        "effect",
        "period_role",
    ):
        assert v in ds
    assert ds["counterfactual"].attrs["units"] == "applications"
    assert ds["relative_effect"].attrs["units"] == "percent"
    assert ds["period_role"].sel(year=2008).item() == -1
    assert np.isnan(ds["effect"].sel(year=2008).item())
    np.testing.assert_allclose(ds["observed"].values, result.observed)


def test_plot_draws_observed_counterfactual_band_and_event(result: EffectResult) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = result.plot(ax=ax)
    assert out is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "observed" in labels and "counterfactual" in labels
    assert any(lab.startswith("event") for lab in labels)
    assert any(lab.startswith("95%") for lab in labels)
    assert ax.get_ylabel() == "invention applications [applications]"
    plt.close(fig)


def test_result_is_frozen_and_read_only(result: EffectResult) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.n_pre = 3
    with pytest.raises(ValueError, match="read-only"):
        result.observed[0] = 1.0
    with pytest.raises(TypeError):
        result.details["x"] = 1


def test_summary_states_periods_estimates_and_warnings(result: EffectResult) -> None:
    text = result.summary()
    for needle in (
        "Pre-period used:  1985 .. 2007 (23 periods)",
        "Post-period used: 2009 .. 2022 (14 periods)",
        "Excluded from estimation: 2008",
        "level change",
        "log points",
        "Placebo-in-time test",
        "patent_law_amendment_2008",
    ):
        assert needle in text
    assert str(result) == text


# --- property tests --------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(shift=st.integers(-50, 50), a=st.floats(-5, 5), b=st.floats(0.1, 10))
def test_label_shift_and_affine_invariance(shift: int, a: float, b: float) -> None:
    y = its_series(n=25, t0=18, level=0.5, slope=0.1, seed=22)
    base = effect(y, event=2009, errors="iid", placebo=False)
    moved = years(a + b * y.to_numpy(), 1991 + shift)
    res = effect(moved, event=2009 + shift, errors="iid", placebo=False)
    assert res.first_treated == 2009 + shift
    assert res.level_change.estimate == pytest.approx(b * base.level_change.estimate, rel=1e-7)
    assert res.slope_change.p_value == pytest.approx(base.slope_change.p_value, rel=1e-6)
    assert res.p_value == pytest.approx(base.p_value, rel=1e-6)


@settings(max_examples=20, deadline=None)
@given(c=st.floats(1e-3, 1e6))
def test_log_effects_do_not_depend_on_units(c: float) -> None:
    y = np.exp(its_series(n=25, t0=18, level=0.2, sd=0.1, seed=23))
    base = effect(y, event=2009, log=True, errors="iid", placebo=False)
    res = effect(c * y, event=2009, log=True, errors="iid", placebo=False)
    assert res.level_change.estimate == pytest.approx(base.level_change.estimate, abs=1e-9)
    assert res.level_change_percent.ci == pytest.approx(base.level_change_percent.ci, abs=1e-7)
    assert res.placebo_p_value == pytest.approx(base.placebo_p_value) or np.isnan(
        base.placebo_p_value
    )


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "match"),
    [
        ("patent_law_1985", "before the first observation"),
        ("cnipa_notice_2025_06_10", "post-period has zero length"),
        ("1993-05-01", "only 2 pre-period observation"),
        ("no_such_event", "unknown event id"),
        ("2008-13-01", "cannot parse the date"),
    ],
)
def test_bad_events(event: str, match: str) -> None:
    y = its_series(n=20, t0=10, start=1991)  # 1991 .. 2010
    with pytest.raises(ValueError, match=match):
        effect(y, event=event, errors="iid", placebo=False)


def test_all_post_periods_excluded() -> None:
    with pytest.raises(ValueError, match="zero length"):
        effect(its_series(n=20, t0=18), event=2009, exclude=(0, 2), placebo=False)


def test_non_positive_values_with_log_or_counts() -> None:
    y = its_series(n=20, t0=10)
    y.iloc[4] = -1.0
    with pytest.raises(ValueError, match="non-positive value.*1995.*log=True"):
        effect(y, event=2001, log=True, placebo=False)
    with pytest.raises(ValueError, match="negative value.*1995"):
        effect(y, event=2001, model="counts", placebo=False)
    frac = years(np.linspace(1, 20, 20) + 0.5)
    with pytest.raises(ValueError, match="non-integer value"):
        effect(frac, event=2001, model="counts", placebo=False)


def test_controls_must_cover_every_period() -> None:
    y = its_series(n=20, t0=10)
    short = pd.DataFrame({"c": np.arange(15.0) + 1}, index=pd.Index(range(1991, 2006), name="year"))
    with pytest.raises(ValueError, match="control 'c' has no value for 2006"):
        effect(y, event=2001, model="regression", controls=short)
    gap = pd.DataFrame({"c": np.arange(20.0) + 1}, index=y.index)
    gap.iloc[3, 0] = np.nan
    with pytest.raises(ValueError, match="control 'c' has missing values at 1994"):
        effect(y, event=2001, model="regression", controls=gap)


def test_series_must_be_one_regular_axis() -> None:
    y = its_series(n=20, t0=10)
    with pytest.raises(ValueError, match="not on a regular yearly axis"):
        effect(y.drop(1995), event=2001, placebo=False)
    with pytest.raises(ValueError, match="missing or non-finite"):
        effect(y.where(y.index != 1995), event=2001, placebo=False)
    da = xr.DataArray(np.ones((20, 2)), dims=("year", "unit"))
    with pytest.raises(ValueError, match="1-D series"):
        effect(da, event=2001, placebo=False)
    with pytest.raises(ValueError, match="positional labels"):
        effect(y.to_numpy(), event="2001-01-01", placebo=False)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"model": "counts", "errors": "ar1"}, "errors='ar1' does not apply to model='counts'"),
        ({"model": "counts", "log": True}, "already has a log link"),
        ({"model": "its", "family": "poisson"}, "family='poisson' does not apply"),
        ({"model": "ucm", "trend": True}, "trend=True does not apply"),
        ({"model": "bayes"}, "unknown model 'bayes'"),
        ({"model": "regression"}, "needs control series"),
        ({"errors": "iid", "bootstrap": 99}, "bootstrap applies only to errors='ar1'"),
        ({"bootstrap": 10}, "at least 99 draws"),
        ({"interventions": ("jump",)}, "unknown intervention 'jump'"),
        ({"exclude": 1}, "exclude must be a pair"),
        ({"anticipation": -1}, "anticipation must be >= 0"),
        ({"level": 1.5}, "level must lie in"),
        ({"order": (1, 0)}, "order=.*does not apply"),
        ({"model": "sarimax", "order": (1, 3, 0)}, "0 <= d <= 2"),
        ({"model": "ucm", "components": "spline"}, "unknown components 'spline'"),
    ],
)
def test_bad_options(kwargs: dict, match: str) -> None:
    y = its_series(n=20, t0=10)
    with pytest.raises(ValueError, match=match):
        effect(y, event=2001, placebo=False, **kwargs)


def test_synthetic_needs_two_donors_and_model_needs_enough_pre_periods() -> None:
    y = its_series(n=20, t0=10)
    one = pd.DataFrame({"c": np.arange(20.0) + 1}, index=y.index)
    with pytest.raises(ValueError, match="at least two donor"):
        effect(y, event=2001, model="synthetic", controls=one)
    with pytest.raises(ValueError, match="needs at least 4 pre-period observations"):
        effect(its_series(n=10, t0=3), event=1994, placebo=False)
