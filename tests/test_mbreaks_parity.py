"""Bai-Perron under the authors' options against R mbreaks 1.0.1 (tests/reference/mbreaks).

Every stored case is checked for RSS, dates for each m, sup F(m), UDmax, WDmax, sup F(l+1|l),
the critical values, BIC/LWZ/KT (values and choices), the sequential procedure at four
levels and, for each fixed m (mbreaks ``dofix``), dates, 90 and 95 % intervals, coefficients
and standard errors. mbreaks' dates and interval bounds are 1-based positions of the old
regime's last observation, i.e. policyts' ``Break.index``; ``Break.ci_index`` is one less.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from policyts.models import bai_perron

REF = Path(__file__).parent / "reference" / "mbreaks"
CASES = [
    "realint_paper",
    "realint_hetvar",
    "nkpc_partial",
    "nile_trend",
    "hetshift",
    "cn_resident_growth",
    "realint_hetdat0",
    "nile_robust_pooled",
    "nkpc_partial_robust",
]
LEVELS = {"0.1": 0.90, "0.05": 0.95, "0.025": 0.975, "0.01": 0.99}
RTOL = 1e-6  # statistics; the issue asks for 1e-4, the code agrees to about 1e-12


def _vec(x: Any) -> list[int]:
    return [int(v) for v in np.atleast_1d(x)] if x is not None else []


@cache
def _case(name: str) -> dict[str, Any]:
    return json.loads((REF / f"{name}.json").read_text())


def _call(name: str, **kw: Any) -> Any:
    ref = _case(name)
    data = pd.read_csv(REF / ref["data"]["csv"])
    z = _vec_names(ref["data"]["z"])
    x = _vec_names(ref["data"]["x"])
    o = {**ref["options"], **{k: int(kw.pop(k)) for k in ("hetq", "hetomega") if k in kw}}
    y = data[ref["data"]["y"]].to_numpy(float)
    trend = z == ["trend"]
    exog = None if trend or not z else data[z].to_numpy(float)
    fixed = data[x] if x else None
    kw.setdefault("max_breaks", o["m"])
    return bai_perron(
        y,
        exog,
        trim=o["eps1"],
        trend=trend,
        robust=bool(o["robust"]),
        prewhite=bool(o["prewhit"]),
        het_data=bool(o["hetdat"]),
        het_var=bool(o["hetvar"]),
        het_q=bool(o["hetq"]),
        het_omega=bool(o["hetomega"]),
        fixed=fixed,
        **kw,
    )


def _vec_names(x: Any) -> list[str]:
    return [] if x is None else [str(v) for v in np.atleast_1d(x)]


@cache
def _default(name: str) -> Any:
    return _call(name)


def _ci(res_breaks: Any, n: int) -> list[list[int]]:
    return [[b.ci_index[0] + 1, b.ci_index[1] + 1] for b in res_breaks]


def _clip(ci: Any, n: int) -> list[list[int]]:
    # policyts clips an interval to the sample; mbreaks does not.
    return [[max(int(lo), 1), min(int(hi), n)] for lo, hi in np.asarray(ci).reshape(-1, 2)]


@pytest.mark.parametrize("name", CASES)
def test_rss_dates_and_statistics(name: str) -> None:
    ref, res = _case(name), _default(name)
    M = ref["options"]["m"]
    assert res.min_segment == ref["options"]["h"]
    np.testing.assert_allclose(res.rss, ref["rss"], rtol=1e-9)
    for m in range(1, M + 1):
        assert [b.index for b in res.breaks_by_m[m]] == _vec(ref["dates_by_m"][m - 1])
    np.testing.assert_allclose([t.scaled_f for t in res.sup_f_tests], ref["supF"], rtol=RTOL)
    np.testing.assert_allclose(
        [t.scaled_f for t in res.sequential_tests], ref["supF_next"], rtol=RTOL, atol=1e-12
    )
    assert res.udmax.scaled_f == pytest.approx(ref["udmax"], rel=RTOL)
    assert res.wdmax.scaled_f == pytest.approx(ref["wdmax"]["0.05"], rel=RTOL)


@pytest.mark.parametrize("name", CASES)
def test_critical_values_match_mbreaks_tables(name: str) -> None:
    ref, res = _case(name), _default(name)
    for row, key in enumerate(LEVELS):
        for m, t in enumerate(res.sup_f_tests):
            want = ref["cv_supF"][row][m]
            if want is not None:
                assert t.critical_values[key] == pytest.approx(want, abs=1e-9)
        for l_, t in enumerate(res.sequential_tests):
            assert t.critical_values[key] == pytest.approx(ref["cv_supF_next"][row][l_], abs=1e-9)
        assert res.udmax.critical_values[key] == pytest.approx(ref["cv_Dmax"][row], abs=1e-9)


@pytest.mark.parametrize("name", CASES)
def test_information_criteria(name: str) -> None:
    ref, res = _case(name), _default(name)
    np.testing.assert_allclose(res.bic, ref["ic"]["BIC"]["values"], rtol=1e-9)
    np.testing.assert_allclose(res.lwz, ref["ic"]["LWZ"]["values"], rtol=1e-9)
    np.testing.assert_allclose(res.kt, ref["ic"]["KT"]["values"], rtol=1e-9)
    for crit in ("BIC", "LWZ", "KT"):
        assert int(np.nanargmin(getattr(res, crit.lower()))) == ref["ic"][crit]["selected_m"]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("sig", list(LEVELS))
def test_sequential_procedure(name: str, sig: str) -> None:
    ref = _case(name)
    want = ref["sequential"][sig]
    res = _call(name, select="sequential", level=LEVELS[sig])
    assert res.selection == "sequential"
    assert res.selected_m == want["nbreak"]
    assert [b.index for b in res.breaks] == _vec(want.get("dates"))
    if want["nbreak"] and sig in ("0.1", "0.05"):
        ci = want["ci95"] if sig == "0.05" else want["ci90"]
        assert _ci(res.breaks, res.n_obs) == _clip(ci, res.n_obs)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("level", [0.95, 0.90])
def test_given_number_of_breaks(name: str, level: float) -> None:
    ref = _case(name)
    for m_key, want in ref["fix"].items():
        m = int(m_key)
        # mbreaks' dofix always sets hetq = hetomega = 1, whatever the case's options.
        res = _call(name, breaks=m, level=level, hetq=True, hetomega=True)
        assert res.selection == "given" and res.selected_m == m
        assert [b.index for b in res.breaks] == _vec(want["dates"])
        ci = want["ci95"] if level == 0.95 else want["ci90"]
        assert _ci(res.breaks, res.n_obs) == _clip(ci, res.n_obs)
        if level == 0.95:
            _check_coefficients(res, want, ref)


def _check_coefficients(res: Any, want: dict[str, Any], ref: dict[str, Any]) -> None:
    q, p = ref["data"]["q"], ref["data"]["p"]
    fixed = list(res.names[q:])
    changing = list(res.names[:q])
    beta = np.asarray(want["beta"])
    se = np.asarray(want["se"])
    for j, reg in enumerate(res.regimes):
        for i, nm in enumerate(changing):
            assert reg.coef[nm] == pytest.approx(beta[p + j * q + i], rel=1e-8)
            assert reg.se[nm] == pytest.approx(se[p + j * q + i], rel=1e-8)
        for i, nm in enumerate(fixed):
            assert reg.coef[nm] == pytest.approx(beta[i], rel=1e-8)
            assert reg.se[nm] == pytest.approx(se[i], rel=1e-8)


# ---------------------------------------------------------------------------------------
# The homoskedastic path, sup F(l+1|l) when no regime can hold a break, and the CLI


def _realint() -> pd.Series:
    df = pd.read_csv(REF / "realint.csv")
    return pd.Series(df["rate"].to_numpy(), index=pd.PeriodIndex(df["quarter"], freq="Q"))


def test_homoskedastic_wald_kernel_equals_the_default_path() -> None:
    from policyts.models._bp_robust import RobustOptions, wald_f

    y = _realint()
    res = bai_perron(y, trim=0.15, max_breaks=5)
    assert res.options["engine"] == "homoskedastic"
    Z, X0 = np.ones((len(y), 1)), np.empty((len(y), 0))
    for m, t in enumerate(res.sup_f_tests, start=1):
        dates = [b.index for b in res.breaks_by_m[m]]
        assert wald_f(y.to_numpy(), Z, X0, dates, RobustOptions()) == pytest.approx(
            t.scaled_f, rel=1e-10
        )


def test_sup_f_next_is_zero_when_no_regime_can_hold_a_break() -> None:
    res = bai_perron(_realint(), trim=0.15, max_breaks=5)
    h = res.min_segment
    edges = [0, *(b.index for b in res.breaks_by_m[4]), res.n_obs]
    assert all(b - a < 2 * h for a, b in zip(edges[:-1], edges[1:], strict=True))
    assert res.sequential_tests[4].scaled_f == 0.0  # mbreaks gives 0 here too
    assert res.sequential_tests[4].reject is False


def test_cli_reproduces_bai_perron_2003_realint(capsys: pytest.CaptureFixture[str]) -> None:
    from policyts.cli import main

    argv = ["breaks", str(REF / "realint.csv"), "--time", "quarter", "--y", "rate"]
    argv += ["--trim", "0.15", "--max-breaks", "5", "--robust", "--select", "sequential"]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ref = _case("realint_paper")
    np.testing.assert_allclose([t["scaled_f"] for t in out["sup_f_tests"]], ref["supF"], rtol=1e-4)
    np.testing.assert_allclose(
        [t["scaled_f"] for t in out["sequential_tests"]][1:], ref["supF_next"][1:], atol=1e-4
    )
    np.testing.assert_allclose(
        [t["scaled_f"] for t in out["sup_f_tests"]],
        [57.906, 43.014, 33.323, 24.771, 18.326],
        atol=5e-4,
    )
    assert out["udmax"]["scaled_f"] == pytest.approx(ref["udmax"], rel=1e-4)
    assert out["selected_m"] == 3 and out["selection"] == "sequential"
    assert [b["index"] for b in out["selected"]] == [24, 47, 79]
    assert [b["index_ci"] for b in out["selected"]] == [[18, 38], [33, 49], [77, 82]]
    assert out["selected"][0]["ci"] == ["1965Q2", "1970Q2"]  # end labels, old regime
    assert out["options"]["robust"] and out["options"]["het_var"] and out["options"]["prewhite"]
    # The homoskedastic pure-change Andrews test is not reported under other assumptions.
    assert out["sup_f"] is None and "not computed" in out["sup_f_note"]
    se = [r["se"]["const"] for r in out["regimes"]]
    np.testing.assert_allclose(se, ref["sequential"]["0.05"]["se"], rtol=1e-8)


def test_cli_partial_change_with_fixed_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from policyts.cli import main

    argv = ["breaks", str(REF / "nkpc.csv"), "--time", "quarter", "--y", "inf", "--x", "inflag"]
    argv += ["--fixed", "lbs", "--fixed", "inffut", "--trim", "0.15", "--max-breaks", "3"]
    argv += ["--het-var", "--no-prewhite", "--breaks", "3", "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    want = _case("nkpc_partial")["fix"]["3"]
    assert [b["index"] for b in out["selected"]] == want["dates"]
    assert [b["index_ci"] for b in out["selected"]] == want["ci95"]
    assert out["options"]["fixed"] == ["lbs", "inffut"] and not out["options"]["robust"]
    # beta: lbs, inffut, then (const, inflag) regime by regime
    assert out["regimes"][2]["coef"]["inflag"] == pytest.approx(want["beta"][2 + 2 * 2 + 1])
    assert out["regimes"][0]["coef"]["lbs"] == pytest.approx(want["beta"][0])


def test_cli_rejects_a_column_both_changing_and_fixed(capsys: pytest.CaptureFixture[str]) -> None:
    from policyts.cli import main

    argv = ["breaks", str(REF / "nkpc.csv"), "--time", "quarter", "--y", "inf"]
    assert main([*argv, "--x", "lbs", "--fixed", "lbs", "--json"]) == 2
    assert "both as --x (changing) and --fixed" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# Bad input


def _nkpc() -> pd.DataFrame:
    df = pd.read_csv(REF / "nkpc.csv")
    return df.set_index(pd.PeriodIndex(df["quarter"], freq="Q"))


def test_fixed_naming_a_changing_regressor_raises() -> None:
    df = _nkpc()
    with pytest.raises(ValueError, match=r"\['lbs'\] also appear among the regressors"):
        bai_perron(df["inf"], df[["lbs"]], fixed=df[["lbs"]])
    with pytest.raises(ValueError, match="duplicates the changing regressor 'lbs'"):
        bai_perron(df["inf"], df[["lbs"]], fixed=df[["lbs"]].rename(columns={"lbs": "b"}))
    with pytest.raises(ValueError, match="fixed regressor 'one' is constant"):
        bai_perron(df["inf"], fixed=pd.DataFrame({"one": 2.0}, index=df.index))


def test_options_needing_a_regressor_the_model_lacks_raise() -> None:
    df = _nkpc()
    with pytest.raises(ValueError, match="the model has no regressors"):
        bai_perron(df["inf"], const=False, fixed=df[["lbs"]])
    with pytest.raises(ValueError, match="het_data=False is not defined with robust=True"):
        bai_perron(df["inf"], robust=True, het_data=False)
    with pytest.raises(ValueError, match="het_data=False is not defined with fixed regressors"):
        bai_perron(df["inf"], het_data=False, fixed=df[["lbs"]])


def test_prewhite_without_robust_is_noted_not_dropped() -> None:
    res = bai_perron(_realint(), prewhite=False)
    assert any("prewhite=False has no effect" in note for note in res.notes)
    assert res.sup_f_tests[0].scaled_f == bai_perron(_realint()).sup_f_tests[0].scaled_f


def test_het_q_and_het_omega_are_the_interval_options_on_the_default_path() -> None:
    y = _realint()
    a = bai_perron(y, trim=0.15, breaks=3, het_q=False, het_omega=False)
    b = bai_perron(y, trim=0.15, breaks=3, het_reg=False, het_err=False)
    c = bai_perron(y, trim=0.15, breaks=3)
    assert [x.ci_index for x in a.breaks] == [x.ci_index for x in b.breaks]
    assert [x.ci_index for x in a.breaks] != [x.ci_index for x in c.breaks]


def test_breaks_beyond_the_trimming_raise() -> None:
    y = _realint()  # n = 103, h = 15: at most 5 breaks
    with pytest.raises(ValueError, match="breaks=6 is more than the trimming allows"):
        bai_perron(y, trim=0.15, breaks=6)
    with pytest.raises(ValueError, match="breaks=6 is more than the trimming allows"):
        bai_perron(y, trim=0.15, breaks=6, robust=True)
    with pytest.raises(ValueError, match="breaks=4 exceeds max_breaks=3"):
        bai_perron(y, trim=0.15, max_breaks=3, breaks=4)
    with pytest.raises(ValueError, match="whole number >= 1"):
        bai_perron(y, breaks=0)


def test_given_breaks_on_the_homoskedastic_path() -> None:
    res = bai_perron(_realint(), trim=0.15, breaks=3)
    assert res.selection == "given" and res.selected_m == 3
    assert [b.index for b in res.breaks] == [24, 47, 79]
    assert all(b.ci_index is not None for b in res.breaks) and len(res.regimes) == 4


def test_intervals_by_m_on_request() -> None:
    ref = _case("realint_paper")
    res = _call("realint_paper", intervals_by_m=True)
    for m_key, want in ref["fix"].items():
        brks = res.breaks_by_m[int(m_key)]
        assert _ci(brks, res.n_obs) == _clip(want["ci95"], res.n_obs)
    plain = _default("realint_paper")
    assert all(b.ci_index is None for b in plain.breaks_by_m[4])


def test_robust_sup_f_holds_size_better_under_ar1_errors() -> None:
    # Small version of benchmarks/sim_bp_robust_size.py (2,000 reps there: at n = 100,
    # rho = 0.5 the homoskedastic size is 0.48, the robust one 0.14). With 300 reps the
    # Monte Carlo s.e. is at most 0.03, so the bounds below sit 4+ s.e. from those values.
    from policyts.models._bp_robust import RobustOptions, one_break, wald_f

    rng = np.random.default_rng(11)
    n, reps, rho = 100, 300, 0.5
    u = rng.standard_normal((reps, n + 50))
    e = np.zeros_like(u)
    for t in range(1, u.shape[1]):
        e[:, t] = rho * e[:, t - 1] + u[:, t]
    ys = e[:, 50:]
    Z, X0 = np.ones((n, 1)), np.empty((n, 0))
    cv = 8.58  # Bai & Perron (2003), sup F(1), q = 1, eps = 0.15, 5 %
    dates = [one_break(y, Z, X0, 15) for y in ys]
    homo = np.mean(
        [wald_f(y, Z, X0, [b], RobustOptions()) > cv for y, b in zip(ys, dates, strict=True)]
    )
    opts = RobustOptions(robust=True, het_var=True)
    rob = np.mean([wald_f(y, Z, X0, [b], opts) > cv for y, b in zip(ys, dates, strict=True)])
    assert homo > 0.35
    assert rob < 0.25


def test_singular_regime_covariance_is_a_value_error() -> None:
    y = np.r_[np.zeros(20), np.ones(20)]  # a perfect fit: the HAC scores vanish
    with pytest.raises(ValueError, match="covariance matrix is singular in some regime"):
        bai_perron(y, trim=0.15, robust=True, het_var=True)


def test_regimes_too_short_for_the_fixed_regressors() -> None:
    rng = np.random.default_rng(3)
    n = 40
    fixed = rng.standard_normal((n, 5))
    with pytest.raises(ValueError, match=r"needs 2h > p \+ 2q"):
        bai_perron(rng.standard_normal(n), trim=0.05, fixed=fixed)


def test_hac_bandwidth_in_a_three_observation_regime_is_a_value_error() -> None:
    # n = 20 with trim 0.15: a regime of 3 observations leaves 2 prewhitened scores, whose
    # AR(1) fit is exact, so Andrews' plug-in bandwidth is 0/0 (mbreaks returns NaN).
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(10), np.ones(10)] + rng.normal(0, 0.3, 20)
    opts = {"robust": True, "het_var": True, "het_q": True, "het_omega": True}  # --robust
    with pytest.raises(ValueError, match=r"regime with 2 usable observations.*--no-prewhite"):
        bai_perron(y, trim=0.15, **opts)
    res = bai_perron(y, trim=0.15, prewhite=False, **opts)
    assert res.breaks
