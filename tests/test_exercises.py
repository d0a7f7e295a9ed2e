"""Teaching exercises: the checkers accept right answers, reject wrong ones with the
likely mistake named, and every exercise has a solution that passes."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from policyts import exercises as ex

DIR = Path(__file__).parents[1] / "examples" / "exercises"
STUDENT = sorted(DIR.glob("*.py"))


# The student versions and the solutions run through a Jupyter kernel in
# tests/test_examples.py, which checks that the former print "no answer yet" and the
# latter "correct".


def test_every_exercise_has_a_solution_and_there_are_five() -> None:
    names = [p.name for p in STUDENT]
    assert len(names) >= 5
    assert names == sorted(p.name for p in (DIR / "solutions").glob("*.py"))


def test_feedback_is_truthy_only_when_passed() -> None:
    assert ex.Feedback(True, "x") and str(ex.Feedback(True, "x")) == "correct: x"
    assert not ex.Feedback(False, "y") and str(ex.Feedback(False, "y")) == "not yet: y"
    with pytest.raises(ValueError, match="unknown exercise series 'gdp'"):
        ex.exercise_series("gdp")


# --------------------------------------------------------------------------- 01 Chow


def _hand_chow(y: np.ndarray, X: np.ndarray, b: int) -> float:
    def rss(yy: np.ndarray, xx: np.ndarray) -> float:
        coef = np.linalg.solve(xx.T @ xx, xx.T @ yy)
        r = yy - xx @ coef
        return float(r @ r)

    n, k = X.shape
    r1 = rss(y[:b], X[:b]) + rss(y[b:], X[b:])
    return ((rss(y, X) - r1) / k) / (r1 / (n - 2 * k))


@pytest.fixture(scope="module")
def resident() -> tuple[np.ndarray, np.ndarray]:
    from policyts import datasets

    y = np.log(datasets.load("cn_invention_applications")["resident"].values)
    n = y.size
    return y, np.column_stack([np.ones(n), np.arange(1, n + 1.0)])


def test_chow_checker_accepts_the_hand_computation(resident) -> None:
    y, X = resident
    f = _hand_chow(y, X, 2008 - 1985)
    assert ex.check_chow_by_hand(f, (2, 34))
    assert ex.check_chow_by_hand(f * (1 + 1e-8), (2, 34))  # another solver's rounding
    assert ex.check_chow_by_hand(f, np.array([2, 34]))
    assert f == pytest.approx(11.188996291375522, rel=1e-9)


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        ("wald", "Wald scale"),
        ("late", "one year late"),
        ("early", "one year early"),
        ("levels", "on the counts"),
        ("no_trend", "linear trend"),
        ("df2", "n - 2k"),
        ("junk", "differs from the library"),
    ],
)
def test_chow_checker_names_the_mistake(resident, mistake: str, message: str) -> None:
    y, X = resident
    b = 2008 - 1985
    n, k = X.shape
    f = _hand_chow(y, X, b)
    wrong = {
        "wald": 2 * f,
        "late": _hand_chow(y, X, b + 1),
        "early": _hand_chow(y, X, b - 1),
        "levels": _hand_chow(np.exp(y), X, b),
        "no_trend": _hand_chow(y, X[:, :1], b),
        "df2": f * (n - k) / (n - 2 * k),
        "junk": 1.0,
    }[mistake]
    fb = ex.check_chow_by_hand(wrong)
    assert not fb and message in fb.message


def test_chow_checker_wants_the_right_degrees_of_freedom(resident) -> None:
    y, X = resident
    f = _hand_chow(y, X, 2008 - 1985)
    fb = ex.check_chow_by_hand(f, (2, 36))
    assert not fb and "degrees of freedom" in fb.message
    assert not ex.check_chow_by_hand(None)


@pytest.mark.parametrize("f", [11.19, 11.189, 11.18900, np.float64(11.19)])
def test_chow_checker_compares_at_the_printed_precision(f: float) -> None:
    # F = 11.188996...; the summaries print 11.1890 and the examples 11.19.
    fb = ex.check_chow_by_hand(f, (2, 34))
    assert fb, fb.message
    assert "F = 11.1890" in fb.message


@pytest.mark.parametrize(
    ("f", "message"),
    [
        (11.18, "differs from the library"),  # rounded the wrong way
        (11.20, "too coarse"),  # 11.2: right to one decimal only
        (11.0, "differs from the library"),  # 11.2 rounded to one decimal
        (12.0, "differs from the library"),
        (22.38, "Wald scale"),  # the hints also work on rounded answers
    ],
)
def test_chow_checker_rejects_wrong_or_too_coarse_rounding(f: float, message: str) -> None:
    fb = ex.check_chow_by_hand(f, (2, 34))
    assert not fb and message in fb.message


def test_chow_checker_requires_every_part_of_the_answer() -> None:
    for f in (11.189, 11.19, 11.188996291375522):
        fb = ex.check_chow_by_hand(f, None)
        assert not fb and "F is right; now give its degrees of freedom" in fb.message
        assert not ex.check_chow_by_hand(f)
    fb = ex.check_chow_by_hand(11.19, (2,))
    assert not fb and "a pair of whole numbers" in fb.message and "1 item" in fb.message


@pytest.mark.parametrize(
    ("f", "df", "message"),
    [
        ("eleven", (2, 34), "f_stat should be a number (a float such as 11.19), not the text"),
        ("11.19", (2, 34), "not the text '11.19'"),
        (True, (2, 34), "not bool True"),
        ([11.19], (2, 34), "f_stat should be a number"),
        (11.19, "2, 34", "df should be a pair of whole numbers such as (2, 30), not str"),
        (11.19, ("2", "34"), "df[0] should be a whole number (an int such as 3), not the text"),
        (11.19, (2.5, 34), "df[0] should be a whole number"),
        (11.19, 2, "df should be a pair of whole numbers"),
    ],
)
def test_chow_checker_says_what_type_it_expected(f, df, message: str) -> None:
    fb = ex.check_chow_by_hand(f, df)
    assert not fb and message in fb.message, fb.message


# --------------------------------------------------------------------------- 02 breaks


def test_breaks_checker() -> None:
    right = {"m_bic": 3, "m_lwz": 2, "m_sequential": 3, "robust_breaks": [2009, 2016]}
    assert ex.check_number_of_breaks(**right)
    assert ex.check_number_of_breaks(**{**right, "robust_breaks": (2016, 2009)})
    fb = ex.check_number_of_breaks(**{**right, "m_lwz": 3})
    assert not fb and "LWZ" in fb.message
    fb = ex.check_number_of_breaks(**{**right, "robust_breaks": [2008, 2015]})
    assert not fb and "last years of the old regimes" in fb.message
    fb = ex.check_number_of_breaks(**{**right, "robust_breaks": [1994, 2009, 2016]})
    assert not fb and "keep those in all" in fb.message
    assert not ex.check_number_of_breaks(m_bic=3)
    assert ex.check_number_of_breaks(**{**right, "m_bic": np.int64(3), "m_lwz": 2.0})


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"m_bic": "3"}, "m_bic should be a whole number (an int such as 3), not the text '3'"),
        ({"m_lwz": 2.5}, "m_lwz should be a whole number"),
        ({"m_sequential": True}, "m_sequential should be a whole number"),
        ({"robust_breaks": "2009, 2016"}, "robust_breaks should be a list of whole numbers"),
        ({"robust_breaks": 2009}, "robust_breaks should be a list of whole numbers, not int"),
        ({"robust_breaks": [2009, "2016"]}, "robust_breaks[1] should be a whole number"),
    ],
)
def test_breaks_checker_says_what_type_it_expected(wrong: dict, message: str) -> None:
    right = {"m_bic": 3, "m_lwz": 2, "m_sequential": 3, "robust_breaks": [2009, 2016]}
    fb = ex.check_number_of_breaks(**{**right, **wrong})
    assert not fb and message in fb.message, fb.message
    assert "is not 3" not in fb.message


# --------------------------------------------------------------------------- 03 one year


def test_one_year_checker() -> None:
    from policyts import datasets

    y = datasets.load("patent_intensive_industries")["gdp_share"].values
    X = np.column_stack([np.ones(7), np.arange(1, 8.0)])

    def rss(yy: np.ndarray, xx: np.ndarray) -> float:
        coef = np.linalg.lstsq(xx, yy, rcond=None)[0]
        return float(((yy - xx @ coef) ** 2).sum())

    # Predictive F by hand: one post-period year, six pre-period years, two coefficients.
    f = ((rss(y, X) - rss(y[:6], X[:6])) / 1) / (rss(y[:6], X[:6]) / 4)
    right = {"chow_possible": False, "f_stat": f, "df": (1, 4), "reason": "a"}
    assert ex.check_one_year_post_period(**right)
    assert ex.check_one_year_post_period(**{**right, "reason": " A "})
    fb = ex.check_one_year_post_period(**{**right, "chow_possible": True})
    assert not fb and "fewer observations than coefficients" in fb.message
    f_2023 = ((rss(y, X) - rss(y[:5], X[:5])) / 2) / (rss(y[:5], X[:5]) / 3)
    fb = ex.check_one_year_post_period(**{**right, "f_stat": f_2023})
    assert not fb and "first affects 2024" in fb.message
    fb = ex.check_one_year_post_period(**{**right, "df": (1, 5)})
    assert not fb and "df are" in fb.message
    fb = ex.check_one_year_post_period(**{**right, "reason": "b"})
    assert not fb and "reason 'b'" in fb.message
    assert set(ex.REASONS) == {"a", "b", "c"}
    assert ex.check_one_year_post_period(**{**right, "f_stat": round(f, 2)})
    assert ex.check_one_year_post_period(**{**right, "chow_possible": np.False_})
    fb = ex.check_one_year_post_period(**{**right, "f_stat": round(f, 1) + 0.3})
    assert not fb and "predictive F differs" in fb.message
    fb = ex.check_one_year_post_period(**{**right, "reason": "d"})
    assert not fb and "not one of ['a', 'b', 'c']" in fb.message
    for wrong, message in [
        ({"chow_possible": "False"}, "chow_possible should be True or False (a bool), not str"),
        ({"chow_possible": 0}, "chow_possible should be True or False (a bool), not int"),
        ({"f_stat": "0.5"}, "f_stat should be a number"),
        ({"df": (1, 4, 0)}, "df should be a pair of whole numbers"),
        ({"reason": 1}, "reason should be one of the letters ['a', 'b', 'c'] (a str)"),
    ]:
        fb = ex.check_one_year_post_period(**{**right, **wrong})
        assert not fb and message in fb.message, (wrong, fb.message)


# --------------------------------------------------------------------------- 04 intervals


def test_interval_checker_examples() -> None:
    inf = math.inf
    assert ex.check_claim_interval("dp.declassified_2017.uppal", 2700, 3300)
    assert ex.check_claim_interval(
        "dp.declassified_2018.uppal", 4000, inf, lower_open=True, upper_open=True
    )
    assert ex.check_claim_interval("pi.product_output_2024.seed", 9e11, 1e12)
    fb = ex.check_claim_interval("dp.declassified_2018.uppal", 4000, inf, upper_open=True)
    assert not fb and "not which are excluded" in fb.message
    fb = ex.check_claim_interval("dp.declassified_2018.uppal", 4000, 4400, lower_open=True)
    assert not fb and "nothing bounds it from above" in fb.message
    fb = ex.check_claim_interval("dp.declassified_2017.uppal", 2850, 3150)
    assert not fb and "bounds differ" in fb.message
    assert not ex.check_claim_interval("dp.declassified_2017.uppal", None, None)
    with pytest.raises(ValueError, match="unknown claim id"):
        ex.check_claim_interval("dp.no_such_claim", 1, 2)
    # "False" is a true string: it must not pass as a closed bound
    fb = ex.check_claim_interval(
        "dp.declassified_2018.uppal", 4000, inf, lower_open="True", upper_open=True
    )
    assert not fb and "lower_open should be True or False (a bool), not str" in fb.message
    fb = ex.check_claim_interval("dp.declassified_2017.uppal", "2700", 3300)
    assert not fb and "lower should be a number" in fb.message
    # bounds are stated numbers, not computed ones: no rounding accepted
    assert not ex.check_claim_interval("dp.declassified_2017.uppal", 2700.4, 3300)


def test_interval_checker_agrees_with_every_claim_of_the_catalogue() -> None:
    import policyts.indicators as pi

    for claim in pi.claims():
        iv = claim.interval()
        args = (claim.id, iv.lower, iv.upper)
        assert ex.check_claim_interval(*args, lower_open=iv.lower_open, upper_open=iv.upper_open), (
            claim.id
        )
        flipped = ex.check_claim_interval(
            *args, lower_open=not iv.lower_open, upper_open=iv.upper_open
        )
        assert not flipped, claim.id


def test_interval_sum_checker() -> None:
    inf = math.inf
    assert ex.check_interval_sum(6700, inf, lower_open=True, upper_open=True)
    fb = ex.check_interval_sum(7000, inf, lower_open=True, upper_open=True)
    assert not fb and "adds the stated numbers" in fb.message
    assert not ex.check_interval_sum(6700, inf, lower_open=False, upper_open=True)
    fb = ex.check_interval_sum(6700, inf, lower_open=1, upper_open=True)
    assert not fb and "lower_open should be True or False" in fb.message


# --------------------------------------------------------------------------- 05 placebo


def test_placebo_checker() -> None:
    # 1988-2020 are the years where a Chow test with 2 coefficients can be computed in
    # 1985-2022 (3 observations per side); without 2008 that is 32 placebo years, of which
    # 29 reject at 5 % and 8 have a larger F than 2008.
    right = {"n_placebos": 32, "share_rejecting": 29 / 32, "p_value": 9 / 33}
    assert ex.check_placebo(**right)
    fb = ex.check_placebo(**{**right, "n_placebos": 33})
    assert not fb and "leave the event year" in fb.message
    fb = ex.check_placebo(**{**right, "n_placebos": 38})
    assert not fb and "where chow() can be computed" in fb.message
    fb = ex.check_placebo(**{**right, "p_value": 8 / 32})
    assert not fb and "(1 + #) / (1 + n)" in fb.message
    fb = ex.check_placebo(**{**right, "share_rejecting": 0.5})
    assert not fb and "share" in fb.message
    assert not ex.check_placebo()
    # at the printed precision: the solution prints the share with two decimals, p with three
    assert ex.check_placebo(n_placebos=32, share_rejecting=0.91, p_value=0.273)
    assert ex.check_placebo(n_placebos=32.0, share_rejecting=0.906, p_value=0.27)
    fb = ex.check_placebo(**{**right, "share_rejecting": 0.9})
    assert not fb and "too coarse" in fb.message
    fb = ex.check_placebo(**{**right, "p_value": 0.28})
    assert not fb and "placebo p-value differs" in fb.message
    for wrong, message in [
        ({"n_placebos": "32"}, "n_placebos should be a whole number (an int such as 3)"),
        ({"n_placebos": 32.5}, "n_placebos should be a whole number"),
        ({"share_rejecting": "91%"}, "share_rejecting should be a number"),
        ({"p_value": None}, "no answer yet"),
        ({"p_value": [0.27]}, "p_value should be a number"),
    ]:
        fb = ex.check_placebo(**{**right, **wrong})
        assert not fb and message in fb.message, (wrong, fb.message)


def test_the_module_examples_hold() -> None:
    import doctest

    result = doctest.testmod(ex, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0


def test_claim_interval_names_a_missing_claim_id() -> None:
    from policyts.exercises import check_claim_interval

    with pytest.raises(ValueError, match="claim_id must be a claim id"):
        check_claim_interval(None, 1.0, 2.0)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 06 common break


def _ssr_by_hand(panel) -> tuple[int, int, float]:
    """Common date, provinces there and SSR ratio, by normal equations province by province
    (apart from the checker's vectorised least squares)."""
    years = panel["year"].values
    T = years.size
    best_own, ssr = [], {}
    for k in range(2013, 2022):
        X = np.column_stack([np.ones(T), np.arange(1.0, T + 1), (years >= k).astype(float)])
        per = []
        for p in panel["province"].values:
            yv = panel.sel(province=p).values
            coef = np.linalg.solve(X.T @ X, X.T @ yv)
            per.append(float(((yv - X @ coef) ** 2).sum()))
        ssr[k] = per
    dates = sorted(ssr)
    common = min(dates, key=lambda k: sum(ssr[k]))
    for i in range(panel.sizes["province"]):
        best_own.append(min(dates, key=lambda k: ssr[k][i]))
    own_total = sum(min(ssr[k][i] for k in dates) for i in range(panel.sizes["province"]))
    return common, sum(d == common for d in best_own), sum(ssr[common]) / own_total


@pytest.fixture(scope="module")
def common_answers() -> dict[str, object]:
    date, n_at, ratio = _ssr_by_hand(ex.exercise_panel("provinces"))
    sim_date, sim_n, _ = _ssr_by_hand(ex.exercise_panel("simulated"))
    return {
        "common_date": date,
        "n_at_common": n_at,
        "ssr_ratio": ratio,
        "simulated_common_date": sim_date,
        "simulated_n_at_common": sim_n,
        "reason": "a",
    }


def test_common_checker_accepts_the_hand_computation(common_answers) -> None:
    right = common_answers
    assert ex.check_common_vs_specific(**right)
    assert (right["common_date"], right["n_at_common"]) == (2013, 13)
    assert (right["simulated_common_date"], right["simulated_n_at_common"]) == (2017, 8)
    assert right["ssr_ratio"] == pytest.approx(1.1861374937, rel=1e-9)
    # the printed precision, and another solver's rounding
    assert ex.check_common_vs_specific(**{**right, "ssr_ratio": 1.19})
    assert ex.check_common_vs_specific(**{**right, "ssr_ratio": 1.186})
    assert ex.check_common_vs_specific(**{**right, "reason": " A "})
    assert ex.check_common_vs_specific(**{**right, "common_date": np.int64(2013)})


def test_the_common_date_is_common_breaks_least_squares_date() -> None:
    from policyts.models import common_break

    for name, date in (("provinces", 2013), ("simulated", 2017)):
        panel = ex.exercise_panel(name)
        assert common_break(panel, dim="year", trend=True, bootstrap=99).ls_break_label == date


def test_a_large_common_break_is_every_provinces_own_date() -> None:
    # Ten noise sds from 2017 in every province: each own date is 2017 and one common date
    # fits exactly as well as 31 own dates.
    panel = ex.exercise_panel("simulated")
    big = panel + 0.9 * (panel["year"] >= 2017)
    assert ex._common_truth(big) == (2017, 31, pytest.approx(1.0))
    assert _ssr_by_hand(big)[:2] == (2017, 31)


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"common_date": 2012}, "last year of the old regime"),
        ({"common_date": 2014}, "its own linear trend"),
        ({"common_date": 2019}, "use their logarithm"),
        ({"common_date": 2016}, "common_date differs"),
        ({"n_at_common": 31}, "n_at_common differs"),
        ({"ssr_ratio": 1 / 1.1861374937179}, "upside down"),
        ({"ssr_ratio": 0.5}, "cannot fit better"),
        ({"ssr_ratio": 1.2}, "too coarse"),
        ({"ssr_ratio": 1.25}, "ssr_ratio differs"),
        ({"simulated_common_date": 2013}, "exercise_panel('simulated')"),
        ({"simulated_n_at_common": 31}, "exercise_panel('simulated')"),
        ({"reason": "b"}, "compare the simulated panel"),
        ({"reason": "z"}, "is not one of"),
        ({"common_date": "2013"}, "common_date should be a whole number"),
        ({"ssr_ratio": "1.19"}, "ssr_ratio should be a number"),
        ({"reason": 1}, "reason should be one of the letters"),
        ({"reason": None}, "no answer yet"),
    ],
)
def test_common_checker_names_the_mistake(common_answers, wrong, message) -> None:
    fb = ex.check_common_vs_specific(**{**common_answers, **wrong})
    assert not fb and message in fb.message, (wrong, fb.message)


def test_exercise_panel_is_a_copy_and_rejects_unknown_names() -> None:
    p = ex.exercise_panel("provinces")
    p[:] = 0.0
    assert float(ex.exercise_panel("provinces").sum()) > 0
    with pytest.raises(ValueError, match="unknown exercise panel 'regions'"):
        ex.exercise_panel("regions")
