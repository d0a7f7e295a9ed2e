"""Checkers for the teaching exercises in ``examples/exercises/``.

Each exercise fixes a setup (series, transformation, model, date) in its docstring; the
matching ``check_*`` function recomputes the right answer with the library and compares it
with the student's. A checker never raises on a wrong or missing answer: it returns a
:class:`Feedback` that is falsy, with a message that names the likely mistake (a Wald
statistic where an F was asked, a break one period off, an interval closed where the
qualifier excludes its bound ...). Only malformed input (a claim id that does not exist)
raises ``ValueError``.

Three rules make the checkers hard to fool:

* every part of an answer is required: a right F statistic without its degrees of freedom
  is not yet right;
* a computed number is compared at full precision (relative 1e-6) or at the precision it
  is written with, when that is at least two decimals: 11.19 and 11.189 both match
  F = 11.18899..., as the library prints it, but 11.2 is too coarse to tell;
* an answer of the wrong type (the text ``"3"`` for a number, ``"False"`` for a bool) is
  refused with a message naming the type expected, never compared.

========================  =======================================================
exercise                  checker
========================  =======================================================
01 Chow test by hand      :func:`check_chow_by_hand`
02 number of breaks       :func:`check_number_of_breaks`
03 one-year post-period   :func:`check_one_year_post_period`
04 qualifier to interval  :func:`check_claim_interval`, :func:`check_interval_sum`
05 placebo test           :func:`check_placebo`
06 common or own breaks   :func:`check_common_vs_specific`
========================  =======================================================

Examples
--------
>>> from policyts.exercises import check_chow_by_hand
>>> fb = check_chow_by_hand(None)
>>> bool(fb), fb.message.startswith("no answer yet")
(False, True)
>>> print(check_chow_by_hand(11.19, None))
not yet: F is right; now give its degrees of freedom, df = (numerator, denominator)
>>> print(check_chow_by_hand(11.19, (2, 34)))
correct: F = 11.1890 with df = (2, 34), p = 0.000185
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np

__all__ = [
    "COMMON_REASONS",
    "Feedback",
    "REASONS",
    "check_chow_by_hand",
    "check_common_vs_specific",
    "check_claim_interval",
    "check_interval_sum",
    "check_number_of_breaks",
    "check_one_year_post_period",
    "check_placebo",
    "exercise_panel",
    "exercise_series",
]

#: Relative tolerance for numbers a student computes with other code (lstsq, formulas).
RTOL = 1e-6

#: A rounded answer is compared at the precision it is written with, when that has at least
#: this many decimal places (the library prints statistics with two or four).
MIN_DECIMALS = 2


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: true when the answer is right, with a message either way.

    Examples
    --------
    >>> fb = Feedback(False, "no answer yet")
    >>> bool(fb), str(fb)
    (False, 'not yet: no answer yet')
    """

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return ("correct: " if self.passed else "not yet: ") + self.message


class _WrongType(Exception):
    """An answer of the wrong type; its message becomes the feedback."""


def _checker(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Turn a wrong-typed answer into a falsy :class:`Feedback` instead of an exception."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Feedback:
        try:
            return func(*args, **kwargs)
        except _WrongType as err:
            return Feedback(False, str(err))

    return wrapper


def _missing(*values: Any) -> bool:
    return any(v is None for v in values)


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _number(value: Any, name: str) -> float:
    """``value`` as a float, or :class:`_WrongType` naming the type expected."""
    if isinstance(value, (str, bytes)):
        raise _WrongType(
            f"{name} should be a number (a float such as 11.19), not the text {value!r}"
        )
    arr = np.asarray(value) if not isinstance(value, (bool, np.bool_)) else None
    if arr is None or arr.ndim != 0 or arr.dtype.kind not in "iuf":
        raise _WrongType(
            f"{name} should be a number (a float such as 11.19), not {_describe(value)}"
        )
    return float(arr)


def _whole(value: Any, name: str) -> int:
    """``value`` as an int (3 or 3.0), or :class:`_WrongType` naming the type expected."""
    if isinstance(value, (str, bytes)):
        raise _WrongType(
            f"{name} should be a whole number (an int such as 3), not the text {value!r}"
        )
    try:
        x = _number(value, name)
    except _WrongType:
        raise _WrongType(
            f"{name} should be a whole number (an int such as 3), not {_describe(value)}"
        ) from None
    if not x.is_integer():
        raise _WrongType(f"{name} should be a whole number (an int such as 3), not {x!r}")
    return int(x)


def _flag(value: Any, name: str) -> bool:
    """``value`` as a bool, or :class:`_WrongType`: the text ``"False"`` is not False."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise _WrongType(f"{name} should be True or False (a bool), not {_describe(value)}")


def _whole_list(value: Any, name: str, length: int | None = None) -> list[int]:
    """A list or tuple of whole numbers (of ``length`` items when given)."""
    what = "a pair of whole numbers such as (2, 30)" if length == 2 else "a list of whole numbers"
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise _WrongType(f"{name} should be {what}, not {_describe(value)}")
    if length is not None and len(value) != length:
        raise _WrongType(f"{name} should be {what}; you gave {len(value)} item(s)")
    out = []
    for i, item in enumerate(value):
        try:
            out.append(_whole(item, f"{name}[{i}]"))
        except _WrongType as err:
            raise _WrongType(f"{name} should be {what}: {err}") from None
    return out


def _decimals(x: float) -> int | None:
    """Decimal places ``x`` is written with (its shortest repr); None when not finite."""
    if not math.isfinite(x):
        return None
    exponent = Decimal(repr(x)).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _rounded_match(x: float, ref: float) -> bool:
    """True when ``x`` is ``ref`` rounded to the decimals ``x`` is written with."""
    d = _decimals(x)
    if d is None or not math.isfinite(ref):
        return False
    return abs(x - ref) <= 0.5 * 10.0 ** (-d) + 1e-12 * abs(ref)


def _matches(x: float, ref: float, rtol: float = RTOL) -> bool:
    """Right to a relative ``rtol`` (another solver's rounding), or right at the printed
    precision: ``x`` has at least :data:`MIN_DECIMALS` decimals, two significant digits, and
    equals ``ref`` rounded to them (11.19 and 11.189 both match 11.18899...)."""
    if math.isclose(x, ref, rel_tol=rtol, abs_tol=1e-12):
        return True
    d = _decimals(x)
    if d is None or d < MIN_DECIMALS:
        return False
    digits = Decimal(repr(x)).normalize().as_tuple().digits
    return len(digits) >= 2 and _rounded_match(x, ref)


def _too_coarse(x: float, ref: float) -> str | None:
    """A message when ``x`` is ``ref`` rounded to fewer than :data:`MIN_DECIMALS` decimals."""
    if _rounded_match(x, ref):
        return (
            f"{x!r} is right to the precision you gave, which is too coarse to check; give "
            f"at least {MIN_DECIMALS} decimals, as the library prints it ({ref:.2f})"
        )
    return None


# --------------------------------------------------------------------------- series


def _first_year(event_id: str) -> int:
    from policyts import events

    year = events.first_affected_period(event_id, "year")
    if not isinstance(year, int):  # pragma: no cover - "year" always gives an int
        raise ValueError(f"event {event_id!r} did not map to a year")
    return year


_SERIES = {
    "resident": ("cn_invention_applications", "resident", True, 1985, 2022),
    "fujian_utility_model": ("fujian_patents", "applications_utility_model", True, 1987, 2020),
    "patent_intensive_gdp_share": ("patent_intensive_industries", "gdp_share", False, 2018, 2024),
}


def exercise_series(name: str) -> Any:
    """The series an exercise uses, exactly as its checker does.

    Parameters
    ----------
    name : {"resident", "fujian_utility_model", "patent_intensive_gdp_share"}
        ``"resident"``: log of China's resident invention applications, 1985-2022;
        ``"fujian_utility_model"``: log of Fujian's utility-model applications, 1987-2020;
        ``"patent_intensive_gdp_share"``: GDP share of the patent-intensive industries,
        2018-2024 (2019 derived), not logged.

    Returns
    -------
    xarray.DataArray
        Labelled by ``year``.


    Examples
    --------
    >>> y = exercise_series("resident")
    >>> y.dims, int(y.size), int(y["year"][0])
    (('year',), 38, 1985)
    """
    if name not in _SERIES:
        raise ValueError(f"unknown exercise series {name!r}; use one of {sorted(_SERIES)}")
    return _series(name)


@cache
def _series(name: str) -> Any:
    from policyts import datasets

    dataset, variable, log, start, end = _SERIES[name]
    da = datasets.load(dataset)[variable].sel(year=slice(start, end))
    return np.log(da) if log else da


# --------------------------------------------------------------------------- 01 Chow by hand


def _chow_f(y: np.ndarray, X: np.ndarray, b: int) -> float:
    def rss(yy: np.ndarray, xx: np.ndarray) -> float:
        coef, *_ = np.linalg.lstsq(xx, yy, rcond=None)
        r = yy - xx @ coef
        return float(r @ r)

    n, k = X.shape
    r0 = rss(y, X)
    r1 = rss(y[:b], X[:b]) + rss(y[b:], X[b:])
    return ((r0 - r1) / k) / (r1 / (n - 2 * k))


@_checker
def check_chow_by_hand(f_stat: Any, df: Sequence[Any] | None = None) -> Feedback:
    """Exercise 01: the Chow F statistic at the 2008 IP strategy, computed by hand.

    Setup: ``exercise_series("resident")`` (log resident invention applications,
    1985-2022); the model ``y_t = a + b t + u_t`` with ``t = 1..n``; the break at the first
    affected year of ``ip_strategy_2008`` (2008 is the first year of the new regime); both
    coefficients may change.

    Parameters
    ----------
    f_stat : float
        Your F statistic, at full precision or rounded to at least two decimals.
    df : (int, int)
        Your degrees of freedom (numerator, denominator). Required: a right F with no
        degrees of freedom is not yet a right answer.

    Returns
    -------
    Feedback
        Right when ``f_stat`` equals :func:`policyts.models.chow`'s statistic (to a relative
        1e-6, or rounded to the decimals you give, at least two) and ``df`` its degrees of
        freedom. An answer of the wrong type gets a message naming the type expected.

    Examples
    --------
    >>> print(check_chow_by_hand(11.19, (2, 34)))
    correct: F = 11.1890 with df = (2, 34), p = 0.000185
    """
    from policyts.models import chow

    if _missing(f_stat):
        return Feedback(False, "no answer yet: compute f_stat and df and check again")
    f = _number(f_stat, "f_stat")
    y = _series("resident")
    year = _first_year("ip_strategy_2008")
    ref = chow(y, at=year, trend=True)
    k = int(ref.df[0])
    if not _matches(f, ref.stat):
        yv = np.asarray(y.values, dtype=float)
        n = yv.size
        t = np.arange(1, n + 1, dtype=float)
        X = np.column_stack([np.ones(n), t])
        b = year - 1985
        hints = [
            (k * ref.stat, "this is k times F, the Wald scale; divide by the k = 2 coefficients"),
            (
                ref.stat * (n - k) / (n - 2 * k),
                "the denominator's degrees of freedom are n - 2k (two regimes of k "
                "coefficients each), not n - k",
            ),
            (
                _chow_f(yv, X, b + 1),
                "you split one year late: 2008 is the first year of the new regime, so "
                "the first regime ends in 2007",
            ),
            (
                _chow_f(yv, X, b - 1),
                "you split one year early: the new regime starts in 2008, not 2007",
            ),
            (
                _chow_f(np.exp(yv), X, b),
                "that is the test on the counts; the exercise uses their logarithm",
            ),
            (
                _chow_f(yv, X[:, :1], b),
                "the model needs a linear trend besides the intercept",
            ),
        ]
        for value, why in hints:
            if _matches(f, value, 1e-4):
                return Feedback(False, why)
        coarse = _too_coarse(f, ref.stat)
        if coarse:
            return Feedback(False, coarse)
        return Feedback(
            False,
            "F differs from the library's; check the three regressions (whole sample, "
            "1985-2007, 2008-2022) and F = ((RSS_0 - RSS_1 - RSS_2) / k) / ((RSS_1 + RSS_2) "
            "/ (n - 2k))",
        )
    if df is None:
        return Feedback(
            False,
            "F is right; now give its degrees of freedom, df = (numerator, denominator)",
        )
    got = _whole_list(df, "df", length=2)
    if tuple(got) != tuple(int(d) for d in ref.df):
        return Feedback(
            False,
            f"F is right but the degrees of freedom are not: numerator k, denominator "
            f"n - 2k; you gave {tuple(got)}",
        )
    return Feedback(
        True,
        f"F = {ref.stat:.4f} with df = ({k}, {int(ref.df[1])}), p = {ref.pvalue:.3g}",
    )


# --------------------------------------------------------------------------- 02 breaks


@cache
def _breaks_truth() -> dict[str, Any]:
    from policyts.models import bai_perron

    y = _series("fujian_utility_model")
    out: dict[str, Any] = {}
    for sel in ("bic", "lwz", "sequential"):
        res = bai_perron(y, trend=True, trim=0.15, select=sel)
        out[sel] = (res.selected_m, [int(b.label) for b in res.breaks])
    common = set(out["bic"][1]) & set(out["lwz"][1]) & set(out["sequential"][1])
    out["robust"] = sorted(common)
    return out


@_checker
def check_number_of_breaks(
    *,
    m_bic: Any = None,
    m_lwz: Any = None,
    m_sequential: Any = None,
    robust_breaks: Sequence[Any] | None = None,
) -> Feedback:
    """Exercise 02: how many breaks, by three criteria, and which breaks they agree on.

    Setup: ``exercise_series("fujian_utility_model")`` (log of Fujian's utility-model
    applications, 1987-2020), ``bai_perron(y, trend=True, trim=0.15)`` with the default
    largest number of breaks; selection by BIC, by LWZ and by the sequential
    sup F(l + 1 | l) tests at 5 %.

    Parameters
    ----------
    m_bic, m_lwz, m_sequential : int
        The number of breaks each criterion selects.
    robust_breaks : list of int
        The breaks every criterion selects, as years of the **first period of the new
        regime**, in any order.

    Returns
    -------
    Feedback
        Right when all four parts are; an answer of the wrong type (the text ``"3"``, a
        float with a fraction) gets a message naming the type expected.

    Examples
    --------
    >>> print(check_number_of_breaks())
    not yet: no answer yet: give m_bic, m_lwz, m_sequential and robust_breaks
    """
    if _missing(m_bic, m_lwz, m_sequential, robust_breaks):
        return Feedback(False, "no answer yet: give m_bic, m_lwz, m_sequential and robust_breaks")
    answers = {
        "bic": _whole(m_bic, "m_bic"),
        "lwz": _whole(m_lwz, "m_lwz"),
        "sequential": _whole(m_sequential, "m_sequential"),
    }
    given = sorted(_whole_list(robust_breaks, "robust_breaks"))
    truth = _breaks_truth()
    for name, got in answers.items():
        if got != truth[name][0]:
            more = " (LWZ penalises each break more than BIC)" if name == "lwz" else ""
            return Feedback(False, f"the number chosen by {name.upper()} is not {got}{more}")
    robust = truth["robust"]
    if given != robust:
        if given == [b - 1 for b in robust]:
            return Feedback(
                False,
                "these are the last years of the old regimes; give the first year of "
                "each new regime (the break label policyts uses)",
            )
        return Feedback(
            False, "compare the break years of the three selections and keep those in all"
        )
    return Feedback(
        True,
        f"BIC {truth['bic'][0]}, LWZ {truth['lwz'][0]}, sequential {truth['sequential'][0]}; "
        f"all agree on {robust}",
    )


# --------------------------------------------------------------------------- 03 one year

REASONS = {
    "a": (
        "The Chow F test estimates the model separately after the event; with one "
        "post-event year there are fewer observations than coefficients, so it cannot be "
        "computed. The predictive test only asks whether that year fits the forecast of "
        "the model estimated before the event."
    ),
    "b": "One year is too short for any test, so the predictive test always gives p = 1.",
    "c": "The predictive test corrects the Chow test for autocorrelated errors.",
}
"""Choices for the ``reason`` of :func:`check_one_year_post_period`."""


@_checker
def check_one_year_post_period(
    *,
    chow_possible: Any = None,
    f_stat: Any = None,
    df: Sequence[Any] | None = None,
    reason: Any = None,
) -> Feedback:
    """Exercise 03: a one-year post-period needs the Chow predictive test.

    Setup: ``exercise_series("patent_intensive_gdp_share")`` (2018-2024), model with
    intercept and trend, event ``special_action_patent_transformation_2023`` mapped to
    its first affected year (rule ``"majority"``).

    Parameters
    ----------
    chow_possible : bool
        Whether :func:`policyts.models.chow` can be computed at that year.
    f_stat : float
        The Chow predictive F statistic.
    df : (int, int)
        Its degrees of freedom.
    reason : {"a", "b", "c"}
        Which of :data:`REASONS` explains why the predictive test is needed.

    Returns
    -------
    Feedback
        Right when all four parts are (``f_stat`` to a relative 1e-6 or rounded to at
        least two decimals); an answer of the wrong type gets a message naming the type
        expected.

    Examples
    --------
    >>> print(check_one_year_post_period())
    not yet: no answer yet: give chow_possible, f_stat, df and reason
    """
    from policyts.models import chow_predictive

    if _missing(chow_possible, f_stat, df, reason):
        return Feedback(False, "no answer yet: give chow_possible, f_stat, df and reason")
    possible = _flag(chow_possible, "chow_possible")
    f = _number(f_stat, "f_stat")
    got = _whole_list(df, "df", length=2)
    if not isinstance(reason, str):
        raise _WrongType(
            f"reason should be one of the letters {sorted(REASONS)} (a str), not "
            f"{_describe(reason)}"
        )
    year = _first_year("special_action_patent_transformation_2023")
    y = _series("patent_intensive_gdp_share")
    ref = chow_predictive(y, at=year, trend=True)
    if possible:
        return Feedback(
            False,
            f"try chow(y, at={year}, trend=True): with one year after the event the "
            "second regime has fewer observations than coefficients",
        )
    if not _matches(f, ref.stat):
        alt = chow_predictive(y, at=year - 1, trend=True).stat
        if _matches(f, alt, 1e-4):
            return Feedback(
                False,
                f"the event (October 2023) first affects {year} under the 'majority' rule: "
                f"test at {year}, not {year - 1}",
            )
        coarse = _too_coarse(f, ref.stat)
        if coarse:
            return Feedback(False, coarse)
        return Feedback(False, "the predictive F differs; fit the model on 2018-2023 only")
    if tuple(got) != tuple(int(d) for d in ref.df):
        return Feedback(
            False,
            "df are (number of post-event periods, pre-event observations minus the k "
            "coefficients)",
        )
    if reason.strip().lower() not in REASONS:
        return Feedback(False, f"reason {reason!r} is not one of {sorted(REASONS)}")
    if reason.strip().lower() != "a":
        return Feedback(False, f"reason {reason!r} is not it; reread the three choices")
    return Feedback(
        True,
        f"predictive F = {ref.stat:.4f}, df = ({int(ref.df[0])}, {int(ref.df[1])}), "
        f"p = {ref.pvalue:.3g}: the 2024 value is in line with the 2018-2023 trend; one "
        "year cannot show more",
    )


# --------------------------------------------------------------------------- 04 intervals


def _compare_interval(
    iv: Any, lower: Any, upper: Any, lower_open: Any, upper_open: Any, what: str
) -> Feedback:
    lo = _number(lower, "lower")
    hi = _number(upper, "upper")
    lo_open = _flag(lower_open, "lower_open")
    hi_open = _flag(upper_open, "upper_open")

    def same(x: float, b: float) -> bool:
        return x == b if math.isinf(b) else bool(math.isclose(x, b, rel_tol=1e-9))

    if not same(lo, iv.lower) or not same(hi, iv.upper):
        if math.isinf(iv.upper) and not same(hi, iv.upper):
            return Feedback(False, f"{what}: nothing bounds it from above: upper = float('inf')")
        if math.isinf(iv.lower) and not same(lo, iv.lower):
            return Feedback(False, f"{what}: nothing bounds it from below: lower = -float('inf')")
        return Feedback(
            False,
            f"{what}: the bounds differ; apply the qualifier rule (policyts.indicators."
            "DEFAULT_RULE.describe())",
        )
    if lo_open != iv.lower_open or hi_open != iv.upper_open:
        return Feedback(
            False,
            f"{what}: the bounds are right but not which are excluded: 'more than' excludes "
            "the number itself, an infinite end is always open",
        )
    return Feedback(True, f"{what}: {iv}")


@_checker
def check_claim_interval(
    claim_id: str,
    lower: Any,
    upper: Any,
    *,
    lower_open: Any = False,
    upper_open: Any = False,
) -> Feedback:
    """Exercise 04: the interval a claim's qualifier implies under the default rule.

    Parameters
    ----------
    claim_id : str
        A claim of the catalogue, e.g. ``"dp.declassified_2018.uppal"``.
    lower, upper : float
        Your bounds (``float("inf")`` / ``-float("inf")`` for an unbounded side).
    lower_open, upper_open : bool
        Whether each bound is excluded (a bool: the text ``"False"`` is refused).

    Returns
    -------
    Feedback
        Right when both bounds (to a relative 1e-9) and both flags are.

    Raises
    ------
    ValueError
        For an unknown claim id.

    Examples
    --------
    >>> print(check_claim_interval("dp.declassified_2018.uppal", None, None))
    not yet: no answer yet for dp.declassified_2018.uppal
    """
    from policyts.indicators import claim_by_id

    if not isinstance(claim_id, str):
        raise ValueError(
            f"claim_id must be a claim id (text such as 'dp.declassified_2018.uppal'), not "
            f"{_describe(claim_id)}"
        )
    claim = claim_by_id(claim_id)
    if _missing(lower, upper):
        return Feedback(False, f"no answer yet for {claim_id}")
    return _compare_interval(claim.interval(), lower, upper, lower_open, upper_open, claim_id)


@_checker
def check_interval_sum(
    lower: Any, upper: Any, *, lower_open: Any = False, upper_open: Any = False
) -> Feedback:
    """Exercise 04: the two-year total the seed's own figures imply.

    The seed states "about 3,000" declassified in 2017 (``dp.declassified_2017.uppal``)
    and "more than 4,000" in 2018 (``dp.declassified_2018.uppal``); their sum by interval
    arithmetic is what the catalogue's derived claim ``dp.declassified_total.sum_uppal``
    holds.

    Examples
    --------
    >>> print(check_interval_sum(None, None))
    not yet: no answer yet for the two-year sum
    """
    from policyts.indicators import claim_by_id

    if _missing(lower, upper):
        return Feedback(False, "no answer yet for the two-year sum")
    iv = claim_by_id("dp.declassified_total.sum_uppal").interval()
    fb = _compare_interval(iv, lower, upper, lower_open, upper_open, "two-year sum")
    if not fb and _number(lower, "lower") == 7000.0:
        return Feedback(
            False,
            "7,000 adds the stated numbers; add the intervals instead (about 3,000 may be "
            "as low as 2,700)",
        )
    return fb


# --------------------------------------------------------------------------- 05 placebo


@cache
def _placebo_truth() -> tuple[int, float, float, int]:
    from policyts.models import chow

    y = _series("resident")
    year = _first_year("ip_strategy_2008")
    stats: dict[int, tuple[float, float]] = {}
    for label in [int(v) for v in y["year"].values]:
        try:
            r = chow(y, at=label, trend=True)
        except ValueError:
            continue
        stats[label] = (r.stat, r.pvalue)
    actual = stats.pop(year)[0]
    n = len(stats)
    share = float(np.mean([p < 0.05 for _, p in stats.values()]))
    exceed = sum(f >= actual for f, _ in stats.values())
    return n, share, (1 + exceed) / (1 + n), exceed


@_checker
def check_placebo(
    *, n_placebos: Any = None, share_rejecting: Any = None, p_value: Any = None
) -> Feedback:
    """Exercise 05: a placebo-in-time test of the Chow F at the 2008 IP strategy.

    Setup: ``exercise_series("resident")``, intercept and trend; the Chow F test at every
    year where it can be computed (each regime with more observations than the 2
    coefficients) except 2008, the first affected year of ``ip_strategy_2008``.

    Parameters
    ----------
    n_placebos : int
        Number of placebo years.
    share_rejecting : float
        Share of placebo years whose Chow p-value is below 0.05.
    p_value : float
        Placebo p-value of the 2008 statistic: ``(1 + #{placebo F >= F_2008}) / (1 +
        n_placebos)``.

    Returns
    -------
    Feedback
        Right when all three parts are (the two fractions exactly, or rounded to at least
        two decimals); an answer of the wrong type gets a message naming the type expected.

    Examples
    --------
    >>> print(check_placebo())
    not yet: no answer yet: give n_placebos, share_rejecting and p_value
    """
    if _missing(n_placebos, share_rejecting, p_value):
        return Feedback(False, "no answer yet: give n_placebos, share_rejecting and p_value")
    n_given = _whole(n_placebos, "n_placebos")
    share_given = _number(share_rejecting, "share_rejecting")
    p_given = _number(p_value, "p_value")
    n, share, p, exceed = _placebo_truth()
    if n_given != n:
        if n_given == n + 1:
            return Feedback(False, "leave the event year itself out of the placebo years")
        return Feedback(
            False, "count the years where chow() can be computed (it raises near the ends)"
        )
    if not _matches(share_given, share, 1e-9):
        return Feedback(
            False,
            _too_coarse(share_given, share) or "the share of placebo years with p < 0.05 differs",
        )
    if not _matches(p_given, p, 1e-9):
        if _matches(p_given, exceed / n, 1e-9):
            return Feedback(
                False, "count the actual statistic as one of the draws: (1 + #) / (1 + n)"
            )
        return Feedback(False, _too_coarse(p_given, p) or "the placebo p-value differs")
    return Feedback(
        True,
        f"{n} placebo years, {share:.0%} of them 'significant' at 5 %; placebo p = {p:.3g}: "
        "a Chow rejection at a chosen date says little in a trending series with breaks",
    )


# --------------------------------------------------------------------------- 06 common break

#: The first and last candidate break years of exercise 06 (first year of the new regime):
#: three years kept at each end of 2010-2023, as ``common_break``'s default trim of 0.15.
COMMON_CANDIDATES = (2013, 2021)

COMMON_REASONS = {
    "a": (
        "Each province's own date is estimated from 14 noisy years and often misses even a "
        "break that every province shares; one common date pools the 31 provinces. So few "
        "provinces at the common date, or a common date that fits somewhat worse than 31 "
        "own dates (it always fits worse), is not by itself evidence against a common break."
    ),
    "b": (
        "A break is common only if most provinces' own dates equal the common date; when "
        "few do, the break is province-specific."
    ),
    "c": (
        "The ratio of the two sums of squared residuals is an F statistic with (30, 31 x 10) "
        "degrees of freedom, so a ratio above 1.1 rejects a common date."
    ),
}
"""Choices for the ``reason`` of :func:`check_common_vs_specific`."""


def exercise_panel(name: str) -> Any:
    """The panel exercise 06 uses, exactly as its checker does.

    Parameters
    ----------
    name : {"provinces", "simulated"}
        ``"provinces"``: log of domestic invention applications of China's 31 provinces,
        2010-2023 (``cn_provincial_patents``). ``"simulated"``: a panel of the same shape
        with a break common to every province: levels N(8, 1.5^2), trends N(0.12, 0.05^2)
        a year, a level shift of 0.1 in every province from 2017, and independent N(0,
        0.1^2) noise (one noise standard deviation; ``numpy.random.default_rng(0)``).

    Returns
    -------
    xarray.DataArray
        Dimensions ``(province, year)``.

    Examples
    --------
    >>> p = exercise_panel("provinces")
    >>> p.dims, p.shape, int(p["year"][0])
    (('province', 'year'), (31, 14), 2010)
    """
    if name not in ("provinces", "simulated"):
        raise ValueError(f"unknown exercise panel {name!r}; use 'provinces' or 'simulated'")
    return _panel(name).copy()


@cache
def _panel(name: str) -> Any:
    import xarray as xr

    from policyts import datasets

    counts = datasets.load("cn_provincial_patents")["applications"].sel(kind="invention")
    counts = counts.drop_vars([c for c in counts.coords if c not in counts.dims])
    real = xr.apply_ufunc(np.log, counts, keep_attrs=True)
    if name == "provinces":
        return real
    rng = np.random.default_rng(0)
    n, years = real.sizes["province"], real["year"].values
    t = np.arange(years.size, dtype=float)
    level = rng.normal(8.0, 1.5, n)
    slope = rng.normal(0.12, 0.05, n)
    noise = rng.normal(0.0, 0.1, (years.size, n))
    values = level + np.outer(t, slope) + 0.1 * (years >= 2017)[:, None] + noise
    return xr.DataArray(
        values.T,
        dims=("province", "year"),
        coords={"province": real["province"].values, "year": years},
        name="simulated",
    )


def _ssr_by_date(panel: Any, *, trend: bool = True, candidates: Any = None) -> Any:
    """Sum of squared residuals of each province (columns) at each candidate date (rows):
    OLS of the province's series on a constant, a trend and a step from the date on."""
    Y = np.asarray(panel.transpose("year", "province").values, dtype=float)
    years = [int(v) for v in panel["year"].values]
    lo, hi = COMMON_CANDIDATES if candidates is None else candidates
    ks = [years.index(y) for y in range(lo, hi + 1)]
    T = Y.shape[0]
    rows = []
    for k in ks:
        cols = [np.ones(T)] + ([np.arange(1.0, T + 1)] if trend else [])
        X = np.column_stack([*cols, (np.arange(T) >= k).astype(float)])
        R = Y - X @ np.linalg.lstsq(X, Y, rcond=None)[0]
        rows.append(np.einsum("tn,tn->n", R, R))
    return np.array(rows), np.arange(lo, hi + 1)


def _common_truth(panel: Any, *, trend: bool = True) -> tuple[int, int, float]:
    """(common date, provinces whose own date is it, SSR common / SSR own dates)."""
    S, dates = _ssr_by_date(panel, trend=trend)
    k = int(np.argmin(S.sum(axis=1)))
    own = np.argmin(S, axis=0)
    return int(dates[k]), int(np.sum(own == k)), float(S[k].sum() / S.min(axis=0).sum())


@_checker
def check_common_vs_specific(
    *,
    common_date: Any = None,
    n_at_common: Any = None,
    ssr_ratio: Any = None,
    simulated_common_date: Any = None,
    simulated_n_at_common: Any = None,
    reason: Any = None,
) -> Feedback:
    """Exercise 06: a break common to all provinces, or a break date of each province's own?

    Setup: ``exercise_panel("provinces")``; each province has its own level and linear
    trend and a level shift from a break year (the first year of the new regime) among
    2013-2021 (:data:`COMMON_CANDIDATES`). ``SSR_i(k)`` is the sum of squared residuals of
    province ``i``'s least-squares fit with the break at ``k``.

    Parameters
    ----------
    common_date : int
        The year that minimises ``sum_i SSR_i(k)``: one date for all provinces, each with
        its own shift (Bai's 2010 least-squares common break).
    n_at_common : int
        How many provinces' own dates (``argmin_k SSR_i(k)``) equal ``common_date``.
    ssr_ratio : float
        ``sum_i SSR_i(common_date) / sum_i min_k SSR_i(k)``: how much worse one common date
        fits than 31 dates of their own.
    simulated_common_date, simulated_n_at_common : int
        The same two numbers on ``exercise_panel("simulated")``, whose break is common by
        construction.
    reason : {"a", "b", "c"}
        Which of :data:`COMMON_REASONS` says what the comparison shows.

    Returns
    -------
    Feedback
        Right when all six parts are (``ssr_ratio`` to a relative 1e-6 or rounded to at
        least two decimals); an answer of the wrong type gets a message naming the type
        expected.

    Examples
    --------
    >>> print(check_common_vs_specific())
    not yet: no answer yet: give common_date, n_at_common, ssr_ratio, simulated_common_date, simulated_n_at_common and reason
    """
    parts = (
        common_date,
        n_at_common,
        ssr_ratio,
        simulated_common_date,
        simulated_n_at_common,
        reason,
    )
    if _missing(*parts):
        return Feedback(
            False,
            "no answer yet: give common_date, n_at_common, ssr_ratio, simulated_common_date, "
            "simulated_n_at_common and reason",
        )
    date = _whole(common_date, "common_date")
    n_at = _whole(n_at_common, "n_at_common")
    ratio = _number(ssr_ratio, "ssr_ratio")
    sim_date = _whole(simulated_common_date, "simulated_common_date")
    sim_n = _whole(simulated_n_at_common, "simulated_n_at_common")
    if not isinstance(reason, str):
        raise _WrongType(
            f"reason should be one of the letters {sorted(COMMON_REASONS)} (a str), not "
            f"{_describe(reason)}"
        )
    real = _panel("provinces")
    truth = _common_truth(real)
    sim = _common_truth(_panel("simulated"))
    if date != truth[0]:
        if date == truth[0] - 1:
            return Feedback(
                False,
                "that is the last year of the old regime; give the first year of the new one",
            )
        if date == _common_truth(real, trend=False)[0]:
            return Feedback(False, "each province has its own linear trend besides its level")
        if date == _common_truth(np.exp(real))[0]:
            return Feedback(False, "that is the date for the counts; use their logarithm")
        return Feedback(
            False,
            f"common_date differs: sum SSR_i(k) over the provinces for each k in "
            f"{COMMON_CANDIDATES[0]}-{COMMON_CANDIDATES[1]} and take the smallest",
        )
    if n_at != truth[1]:
        return Feedback(
            False,
            "n_at_common differs: find each province's own argmin_k SSR_i(k) and count those "
            "equal to the common date",
        )
    if not _matches(ratio, truth[2]):
        if ratio > 0 and _matches(1.0 / ratio, truth[2], 1e-4):
            return Feedback(False, "the ratio is upside down: common-date SSR over own-date SSR")
        if ratio < 1:
            return Feedback(
                False, "one common date cannot fit better than each province's best date"
            )
        return Feedback(False, _too_coarse(ratio, truth[2]) or "ssr_ratio differs")
    if (sim_date, sim_n) != sim[:2]:
        return Feedback(False, "repeat the same steps on exercise_panel('simulated')")
    letter = reason.strip().lower()
    if letter not in COMMON_REASONS:
        return Feedback(False, f"reason {reason!r} is not one of {sorted(COMMON_REASONS)}")
    if letter != "a":
        return Feedback(
            False,
            f"reason {reason!r} is not it; compare the simulated panel, whose break is common "
            "by construction",
        )
    return Feedback(
        True,
        f"common date {truth[0]} with {truth[1]} of {real.sizes['province']} provinces there "
        f"and SSR ratio {truth[2]:.3f}; the simulated common break: date {sim[0]}, "
        f"{sim[1]} provinces there, SSR ratio {sim[2]:.3f}. Own dates and the ratio cannot "
        "tell a common break from province-specific ones; the panel test of common_break "
        "asks that question with its own null distribution",
    )
