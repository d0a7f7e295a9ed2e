"""Seasonality of sub-annual series: the season of each period, seasonal regressors
(dummies or Fourier terms) and the pre-period check that decides whether a series is
seasonal.

The season of a period comes from its calendar label (month 1-12, quarter 1-4), so a
series that starts in July still gets July's dummy in July. Annual series have no
season. Positional series (bare arrays) have one only when the user declares ``freq``;
position 0 is then the first season.

Notes
-----
The seasonality check is the F test of ``P - 1`` seasonal dummies in the pre-period
regression on a constant and a linear trend with AR(1) errors estimated by REML (the
kernel of ``its``), so that persistent or trending noise is not mistaken for seasons.
The series is called seasonal when ``p < 0.05``: the check chooses a model, and wrongly
leaving seasons out biases the effect while wrongly including them only costs degrees of
freedom. Size and power by simulation (tests/reference/seasonality/size_power.json, 1,000
replications per cell; trend plus AR(1) noise with rho = 0, 0.5, 0.9 or a random walk;
3, 5 and 10 years of monthly pre-period) and a fast version in tests/test_seasonal.py.
A rank test on the first differences by month (Kruskal-Wallis, the ``kw`` test of R's
seastests) was tried first: its size was fine but it found a seasonal sine of 1.5
innovation standard deviations in only 1-2% of 3-year and 8-32% of 5-year pre-periods
(at 1%), against 16-82% and 49-100% for the F test.

References
----------
Harville, D. A. (1974). Bayesian inference for variance components using only error
contrasts. Biometrika 61(2), 383-385.
Ollech, D. and Webel, K. (2020). A random forest-based approach to identifying the most
informative seasonality tests. Deutsche Bundesbank Discussion Paper 55/2020.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from policyts._series import Series1D
from policyts.models._results import HypothesisTest
from policyts.models.effects._gaussian import reml_ar1

__all__ = [
    "FREQS",
    "SEASONAL",
    "SEASONALITY_ALPHA",
    "Calendar",
    "calendar",
    "seasonal_columns",
    "seasonality_test",
]

FREQS = {"year": 1, "quarter": 4, "month": 12}
"""Declared frequencies (``freq=``) and their number of seasons per year."""

_ALIASES = {
    "year": "year",
    "annual": "year",
    "a": "year",
    "y": "year",
    "quarter": "quarter",
    "quarterly": "quarter",
    "q": "quarter",
    "month": "month",
    "monthly": "month",
    "m": "month",
}

SEASONAL = ("dummies", "fourier")
"""Seasonal regressors: ``dummies`` (one per season but the first) or ``fourier``
(``harmonics`` pairs of sine and cosine terms)."""

SEASONALITY_ALPHA = 0.05
"""Level at which the pre-period seasonality check calls a series seasonal."""

_SEASON_WORD = {4: "quarter", 12: "month"}


@dataclass(frozen=True)
class Calendar:
    """Frequency and season of every period of a series.

    ``freq`` is ``"year"``, ``"quarter"``, ``"month"`` or ``"other"`` (daily, weekly,
    positional without a declared frequency); ``period`` the seasons per year (1 when
    there are none); ``season`` the 0-based season of each period (January or the first
    quarter is 0).
    """

    freq: str
    period: int
    season: np.ndarray
    source: str

    @property
    def seasonal_data(self) -> bool:
        """True for quarterly and monthly series."""
        return self.period > 1


def _label_freq(s: Series1D) -> str:
    f = s.freq
    if f == "year":
        return "year"
    if f == "position":
        return "other"
    base = str(f).upper().lstrip("0123456789")
    if base.startswith(("A", "Y", "BA", "BY")):
        return "year"
    if base.startswith(("Q", "BQ")):
        return "quarter"
    if base.startswith(("M", "BM", "SM")) and not base.startswith("MIN"):
        return "other" if base.startswith("SM") else "month"
    return "other"


def calendar(s: Series1D, freq: str | None = None) -> Calendar:
    """The frequency and seasons of ``s``: from its labels, or ``freq`` when declared.

    Raises
    ------
    ValueError
        For an unknown ``freq``, or one that contradicts the labels (mixed frequencies).
    """
    from_labels = _label_freq(s)
    if freq is not None:
        key = _ALIASES.get(str(freq).strip().lower()) if isinstance(freq, str) else None
        if key is None:
            raise ValueError(
                f"unknown freq {freq!r}; use 'year', 'quarter' or 'month' (or leave it out "
                "to read the frequency from the time labels)"
            )
        if s.freq != "position" and from_labels != key:
            raise ValueError(
                f"freq={freq!r} contradicts the time labels of series {s.name!r}, which are "
                f"{from_labels if from_labels != 'other' else s.freq!r} "
                f"({s.label(0)} .. {s.label(s.n - 1)}): mixed frequencies; drop freq= or give "
                "labels of that frequency"
            )
    else:
        key = from_labels
    if key not in FREQS:
        return Calendar("other", 1, np.zeros(s.n, dtype=int), "labels")
    period = FREQS[key]
    if period == 1:
        return Calendar(key, 1, np.zeros(s.n, dtype=int), "labels" if freq is None else "freq")
    labels = s.labels
    if s.freq == "position":
        season = np.arange(s.n) % period
        return Calendar(key, period, season, "freq (position 0 = first season)")
    if isinstance(labels, pd.DatetimeIndex):
        idx = labels.to_period("M" if period == 12 else "Q")
    else:
        idx = pd.PeriodIndex(labels)
    season = np.asarray(idx.month - 1 if period == 12 else idx.quarter - 1, dtype=int)
    return Calendar(key, period, season, "labels" if freq is None else "freq")


def seasonal_columns(
    cal: Calendar, kind: str, harmonics: int
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Seasonal regressors for every period: ``(values (n, k), names)``.

    ``dummies``: one indicator per season except the first (January, first quarter),
    named ``month:02`` .. ``month:12`` or ``quarter:2`` .. ``quarter:4``. ``fourier``:
    ``cos(2 pi j s / P)`` and ``sin(2 pi j s / P)`` for ``j = 1 .. harmonics`` with ``s``
    the 0-based season and ``P`` the seasons per year; the sine of the Nyquist harmonic
    (``2 j = P``) is identically zero and left out.
    """
    P, s = cal.period, cal.season
    if kind == "dummies":
        word = _SEASON_WORD[P]
        width = 2 if P == 12 else 1
        cols = [(s == j).astype(float) for j in range(1, P)]
        names = [f"{word}:{j + 1:0{width}d}" for j in range(1, P)]
        return np.column_stack(cols), tuple(names)
    cols, names = [], []
    for j in range(1, harmonics + 1):
        ang = 2 * np.pi * j * s / P
        cols.append(np.cos(ang))
        names.append(f"fourier:cos{j}")
        if 2 * j != P:
            cols.append(np.sin(ang))
            names.append(f"fourier:sin{j}")
    return np.column_stack(cols), tuple(names)


def seasonality_test(y: np.ndarray, season: np.ndarray, period: int) -> HypothesisTest | None:
    """F test of the seasonal dummies in the pre-period regression of ``y`` (model scale)
    on a constant, a linear trend and ``period - 1`` dummies with AR(1) errors (REML GLS,
    the ``its`` kernel): ``W / (period - 1)`` against F(period - 1, n - k - 1). None when
    some season has fewer than two observations or the regression has too few degrees of
    freedom."""
    n = y.size
    counts = np.bincount(season[:n], minlength=period)
    X = np.column_stack(
        [np.ones(n), np.arange(n, dtype=float)]
        + [(season[:n] == j).astype(float) for j in range(1, period)]
    )
    k = X.shape[1]
    if counts.min() < 2 or n - k - 1 < 3:
        return None
    rho, beta, cov, _, _ = reml_ar1(y, X)
    b, V = beta[0, 2:], cov[0, 2:, 2:]
    q = period - 1
    with np.errstate(all="ignore"):
        stat = float(b @ np.linalg.solve(V, b)) / q
    p = float(stats.f.sf(stat, q, n - k - 1)) if np.isfinite(stat) else 0.0
    return HypothesisTest(
        name="Seasonality check (F test of seasonal dummies, trend and AR(1) errors by REML, "
        "pre-period)",
        stat=stat,
        pvalue=p,
        scale="F (Wald / q)",
        null_hypothesis="no seasonal effects (every season has the same mean given the trend)",
        alternative_hypothesis="the seasons differ (seasonal series)",
        df=(float(q), float(n - k - 1)),
        distribution="F",
        details={
            "seasons": period,
            "observations": int(n),
            "ar1_rho": float(rho[0]),
            "alpha": SEASONALITY_ALPHA,
        },
    )


@dataclass(frozen=True)
class SeasonalChoice:
    """What the model does about seasons, and why.

    ``kind`` is ``"none"``, ``"dummies"`` or ``"fourier"`` (regressors for ``its``,
    ``counts``, ``regression`` and ``sarimax``; a stochastic seasonal state for ``ucm``);
    ``columns``/``names`` the regressors (empty for ``ucm`` and when none);
    ``seasonal_order`` the ``(P, D, Q, s)`` of ``sarimax``.
    """

    kind: str
    period: int
    harmonics: int
    seasonal_order: tuple[int, int, int, int]
    columns: np.ndarray | None
    names: tuple[str, ...]
    test: HypothesisTest | None
    description: str
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    def details(self, cal: Calendar) -> dict[str, object]:
        out: dict[str, object] = {
            "frequency": cal.freq,
            "seasons_per_year": cal.period,
            "seasonal": self.description,
            "seasonal_terms": list(self.names),
        }
        if any(self.seasonal_order):
            out["seasonal_order"] = list(self.seasonal_order)
        if self.test is not None:
            out["seasonality_test"] = {
                "name": self.test.name,
                "statistic": self.test.stat,
                "p_value": self.test.pvalue,
                "alpha": SEASONALITY_ALPHA,
            }
        return out


def check_seasonal_args(
    seasonal: object, harmonics: object, seasonal_order: object, model: str
) -> None:
    """Type checks that need no data (called before the series is read)."""
    if seasonal is not None and not isinstance(seasonal, bool) and seasonal not in SEASONAL:
        raise ValueError(
            f"seasonal must be None (decide from the data), True, False, 'dummies' or "
            f"'fourier', got {seasonal!r}"
        )
    if model == "synthetic" and seasonal not in (None, False):
        raise ValueError(
            "seasonal does not apply to model='synthetic': the donors carry the seasons of "
            "their own series"
        )
    if harmonics is not None and seasonal != "fourier":
        raise ValueError("harmonics applies only to seasonal='fourier'")
    if seasonal_order is not None and model != "sarimax":
        raise ValueError(
            f"seasonal_order={seasonal_order!r} does not apply to model={model!r}; it is "
            "used by model='sarimax'"
        )


def _seasonal_order(so: object, cal: Calendar) -> tuple[int, int, int, int]:
    msg = (
        "seasonal_order must be (P, D, Q) or (P, D, Q, s) whole numbers with P, Q >= 0, "
        f"0 <= D <= 1 and s >= 2 seasons per cycle, got {so!r}"
    )
    try:
        vals = [int(v) for v in so]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ValueError(msg) from None
    if any(float(v) != float(w) for v, w in zip(vals, so, strict=False)):  # type: ignore[call-overload]
        raise ValueError(msg)
    if len(vals) == 3:
        if cal.period < 2:
            raise ValueError(
                f"seasonal_order={so!r} without a period needs quarterly or monthly time "
                f"labels (the series is {cal.freq}); give (P, D, Q, s) or declare freq="
            )
        vals.append(cal.period)
    if len(vals) != 4 or min(vals[:3]) < 0 or vals[1] > 1 or vals[3] < 2:
        raise ValueError(msg)
    if cal.period > 1 and vals[3] != cal.period:
        raise ValueError(
            f"seasonal_order has s = {vals[3]} but the series is {cal.freq}ly with "
            f"{cal.period} seasons per year"
        )
    return vals[0], vals[1], vals[2], vals[3]


def resolve_seasonal(
    cal: Calendar,
    *,
    model: str,
    seasonal: object,
    harmonics: int | None,
    seasonal_order: object,
    y_pre: np.ndarray,
    name: str,
) -> SeasonalChoice:
    """Decide the seasonal terms of a model from the options and the pre-period.

    ``seasonal=None`` (the default) includes seasonal dummies (a stochastic seasonal
    for ``ucm``) on quarterly and monthly series whose pre-period passes the seasonality
    check; ``True``/``"dummies"``/``"fourier"`` include them regardless; ``False`` leaves
    them out (with a warning when the check finds seasons).
    """
    so = (0, 0, 0, 0) if seasonal_order is None else _seasonal_order(seasonal_order, cal)
    n_pre = y_pre.size
    warns: list[str] = []
    notes: list[str] = []
    P, D, Q, s = so
    if any(so):
        span = s * (P + D + Q)
        if span >= n_pre:
            raise ValueError(
                f"seasonal_order {so} reaches back s * (P + D + Q) = {span} periods, as long "
                f"as or longer than the pre-period of {n_pre} periods: use a smaller seasonal "
                "order or a longer pre-period"
            )
    asked = "dummies" if seasonal is True else seasonal
    if not cal.seasonal_data:
        if asked in SEASONAL:
            raise ValueError(
                f"seasonal={seasonal!r} needs quarterly or monthly data, but series {name!r} "
                f"is {'annual' if cal.freq == 'year' else 'not on a calendar frequency'}"
                + (
                    " (declare freq='month' or 'quarter' for a bare array)"
                    if cal.freq == "other"
                    else ""
                )
            )
        desc = "none (annual data)" if cal.freq == "year" else "none"
        if any(so):
            desc = f"seasonal ARIMA {so[:3]} with period {s}"
        return SeasonalChoice("none", cal.period, 0, so, None, (), None, desc, (), ())
    test = seasonality_test(y_pre, cal.season[:n_pre], cal.period)
    found = test is not None and test.pvalue < SEASONALITY_ALPHA
    word = _SEASON_WORD[cal.period]
    test_text = (
        f"F test of {word} dummies in the pre-period with trend and AR(1) errors: "
        f"F = {test.stat:.3g}, p = {test.pvalue:.3g}"
        if test is not None
        else ""
    )
    if asked is None:
        if model == "synthetic":
            kind = "none"
            notes.append("synthetic control: the donors carry the seasons (no seasonal terms)")
        elif any(so):
            kind = "none"
        elif test is None:
            kind = "none"
            warns.append(
                f"the pre-period ({n_pre} periods) is too short to check for seasonality "
                f"(two observations of each {word} and {cal.period + 5} in all are needed): no seasonal "
                "terms; give seasonal='dummies' to include them anyway"
            )
        elif found:
            kind = "dummies"
            notes.append(
                f"seasonal {word} effects included: the pre-period is seasonal ({test_text})"
            )
        else:
            kind = "none"
            notes.append(f"no seasonal terms: the pre-period shows no seasonality ({test_text})")
    elif asked is False:
        kind = "none"
        if found:
            warns.append(
                f"seasonal=False on {cal.freq}ly data whose pre-period is seasonal "
                f"({test_text}): the model runs through the seasonal cycle, so its trend, "
                "errors and effects mix in season effects"
            )
    else:
        kind = str(asked)
    if kind != "none" and D >= 1 and model == "sarimax":
        raise ValueError(
            f"seasonal={seasonal!r} (deterministic seasonal terms) together with seasonal "
            f"differencing (D = {D} in seasonal_order) is not identified: drop one of them"
        )
    h = 0
    if kind == "fourier":
        h = (2 if cal.period == 12 else 1) if harmonics is None else -1
        if isinstance(harmonics, int | np.integer) and not isinstance(harmonics, bool):
            h = int(harmonics)
        if not 1 <= h <= cal.period // 2:
            raise ValueError(
                f"harmonics must be a whole number from 1 to {cal.period // 2} for "
                f"{cal.freq}ly data, got {harmonics!r}"
            )
    cols: np.ndarray | None = None
    names: tuple[str, ...] = ()
    if kind != "none" and model != "ucm":
        cols, names = seasonal_columns(cal, kind, h)
    if kind == "none":
        desc = "none" if not any(so) else f"seasonal ARIMA {so[:3]} with period {s}"
    elif model == "ucm":
        desc = (
            f"trigonometric seasonal component ({h} harmonic(s), period {cal.period})"
            if kind == "fourier"
            else f"stochastic seasonal component (period {cal.period})"
        )
    elif kind == "fourier":
        desc = f"Fourier terms ({len(names)}: {h} harmonic(s), period {cal.period})"
    else:
        desc = f"{word} dummies ({len(names)}, base {'January' if cal.period == 12 else 'Q1'})"
    if kind != "none" and any(so):
        desc += f" and seasonal ARIMA {so[:3]} with period {s}"
    return SeasonalChoice(
        kind, cal.period, h, so, cols, tuple(names), test, desc, tuple(warns), tuple(notes)
    )
