"""Persistence diagnosis of one series: is the noise around its trend stationary or does
it have a unit root?

Break tests that assume stationary noise (sup-F, Bai-Perron, Chow) find spurious breaks
in random walks, so the diagnosis comes first.  :func:`persistence` runs the standard
unit-root and stationarity tests from :mod:`arch.unitroot` (ADF, DF-GLS, KPSS and the
Zivot-Andrews test that allows one break), estimates the largest autoregressive root
with a grid-bootstrap interval (Hansen 1999), and states one classification with the
evidence behind it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from policyts._series import as_series
from policyts.models._results import SummaryMixin, _json_value, format_number

__all__ = ["Persistence", "UnitRootTest", "largest_root", "persistence"]

CLASSES = ("stationary", "unit root", "unclear")


@dataclass(frozen=True, repr=False)
class UnitRootTest(SummaryMixin):
    """One unit-root or stationarity test (values as computed by :mod:`arch.unitroot`)."""

    name: str
    stat: float
    pvalue: float
    critical_values: dict[str, float]
    lags: int
    null_hypothesis: str
    reject: bool
    alpha: float = 0.05

    def summary(self) -> str:
        return (
            f"{self.name}: stat {format_number(self.stat)}, p {format_number(self.pvalue)}, "
            f"lags {self.lags}, reject at {self.alpha:.0%}: {self.reject}  "
            f"(H0: {self.null_hypothesis})"
        )

    def to_dict(self) -> dict[str, Any]:
        return _json_value(
            {
                "name": self.name,
                "stat": self.stat,
                "pvalue": self.pvalue,
                "critical_values": self.critical_values,
                "lags": self.lags,
                "null_hypothesis": self.null_hypothesis,
                "reject": self.reject,
                "alpha": self.alpha,
            }
        )


@dataclass(frozen=True)
class RootEstimate:
    """Largest autoregressive root: OLS value from the ADF regression, the grid-bootstrap
    median-unbiased value and a ``level`` confidence interval (Hansen 1999)."""

    ols: float
    median_unbiased: float
    ci: tuple[float, float]
    level: float
    lags: int
    method: str


@dataclass(frozen=True, repr=False)
class Persistence(SummaryMixin):
    """Result of :func:`persistence`.

    Attributes
    ----------
    classification : {"stationary", "unit root", "unclear"}
    evidence : tuple of str
        The reasons for the classification, one sentence each.
    tests : dict
        ``"ADF"``, ``"DF-GLS"``, ``"KPSS"``, ``"Zivot-Andrews"`` -> :class:`UnitRootTest`.
    root : RootEstimate
        Largest autoregressive root with its interval.
    trend : bool
        Whether the deterministic part is a linear trend (True) or a constant.
    nobs : int

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import persistence
    >>> y = np.cumsum(np.random.default_rng(0).normal(size=40))
    >>> res = persistence(y, draws=99)
    >>> res.nobs, res.trend, res.classification
    (40, True, 'unclear')
    """

    classification: str
    evidence: tuple[str, ...]
    tests: dict[str, UnitRootTest]
    root: RootEstimate
    trend: bool
    nobs: int
    name: str = "y"

    @property
    def largest_root(self) -> float:
        return self.root.median_unbiased

    def summary(self) -> str:
        title = (
            f"Persistence of {self.name} (n = {self.nobs}, {'trend' if self.trend else 'constant'})"
        )
        lines = [title, "=" * len(title), f"Classification: {self.classification}"]
        lines += [f"  - {e}" for e in self.evidence]
        lines += [t.summary() for t in self.tests.values()]
        r = self.root
        lines.append(
            f"Largest AR root: {format_number(r.median_unbiased)} (median-unbiased), "
            f"{r.level:.0%} interval [{format_number(r.ci[0])}, {format_number(r.ci[1])}], "
            f"OLS {format_number(r.ols)}; {r.method}"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        r = self.root
        return _json_value(
            {
                "class": self.classification,
                "evidence": list(self.evidence),
                "trend": self.trend,
                "nobs": self.nobs,
                "largest_root": {
                    "median_unbiased": r.median_unbiased,
                    "ols": r.ols,
                    "ci": list(r.ci),
                    "level": r.level,
                    "lags": r.lags,
                    "method": r.method,
                },
                "tests": {k: v.to_dict() for k, v in self.tests.items()},
            }
        )


def _default_max_lags(n: int) -> int:
    return int(math.floor(4.0 * (n / 100.0) ** 0.25))


def _adf_design(y: np.ndarray, lags: int, trend: bool) -> tuple[np.ndarray, np.ndarray]:
    """ADF regression ``dy_t = c [+ d t] + g y_{t-1} + sum_i psi_i dy_{t-i}``; rows
    t = lags + 1 .. n - 1.  Columns: y_{t-1}, lags of dy, 1, [t]."""
    n = y.size
    dy = np.diff(y, prepend=np.nan)
    s = lags + 1
    cols = [y[s - 1 : n - 1]] + [dy[s - i : n - i] for i in range(1, lags + 1)]
    cols.append(np.ones(n - s))
    if trend:
        cols.append(np.arange(s + 1.0, n + 1.0))
    return np.column_stack(cols), dy[s:]


def _batched_t(
    ylev: np.ndarray, lags: int, trend: bool, rho0: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Root estimate and t statistic ``(rho_hat - rho0)/se`` for each row of ``ylev``."""
    r, n = ylev.shape
    dy = np.diff(ylev, axis=1, prepend=np.nan)
    s = lags + 1
    m = n - s
    cols = [ylev[:, s - 1 : n - 1]] + [dy[:, s - i : n - i] for i in range(1, lags + 1)]
    cols.append(np.ones((r, m)))
    if trend:
        cols.append(np.broadcast_to(np.arange(s + 1.0, n + 1.0), (r, m)))
    x = np.stack(cols, axis=2)
    xtx_inv = np.linalg.inv(np.einsum("rmi,rmj->rij", x, x))
    beta = np.einsum("rij,rj->ri", xtx_inv, np.einsum("rmi,rm->ri", x, dy[:, s:]))
    resid = dy[:, s:] - np.einsum("rmi,ri->rm", x, beta)
    s2 = np.einsum("rm,rm->r", resid, resid) / (m - x.shape[2])
    rho = 1.0 + beta[:, 0]
    return rho, (rho - rho0) / np.sqrt(s2 * xtx_inv[:, 0, 0])


def largest_root(
    y: np.ndarray,
    *,
    lags: int,
    trend: bool = True,
    level: float = 0.90,
    draws: int = 199,
    grid: int = 61,
    seed: int | None = 0,
) -> RootEstimate:
    """Grid-bootstrap estimate of the largest autoregressive root (Hansen 1999).

    The root is ``rho = 1 + g`` in the ADF regression with ``lags`` lagged differences.
    For each ``rho0`` on a grid, the other coefficients are re-estimated with the root
    held at ``rho0``, ``draws`` series are generated from that model (residuals
    resampled, started at the observed first values) and the quantiles of the t
    statistic ``(rho* - rho0)/se*`` are found.  The interval collects the ``rho0`` whose
    quantiles bracket the observed ``(rho_hat - rho0)/se``; the median-unbiased
    estimate is the ``rho0`` where the observed statistic crosses the bootstrap median.
    Unlike the OLS interval, this one stays valid near and at a unit root.

    The grid ends at 1: explosive roots are not considered, so an interval reaching 1
    means "a unit root is not excluded", and a median-unbiased value of 1 means the
    observed statistic lies above the bootstrap median under a unit root (as in
    Andrews 1993, where the estimate is capped at 1).
    """
    y = np.asarray(y, dtype=float)
    n = y.size
    x, dy = _adf_design(y, lags, trend)
    coef, *_ = np.linalg.lstsq(x, dy, rcond=None)
    rho_hat, _ = _batched_t(y[None, :], lags, trend, np.array([1.0]))
    rho_ols = float(rho_hat[0])
    lo_g = min(rho_ols, 1.0) - 0.6
    rhos = np.linspace(lo_g, 1.0, grid)
    rng = np.random.default_rng(seed)
    s = lags + 1
    m = n - s
    sims = []
    for r0 in rhos:
        # restricted fit: dy_t - (r0 - 1) y_{t-1} on the other regressors
        dep = dy - (r0 - 1.0) * x[:, 0]
        cr, *_ = np.linalg.lstsq(x[:, 1:], dep, rcond=None)
        e = dep - x[:, 1:] @ cr
        e = e - e.mean()
        draw = rng.choice(e, size=(draws, m), replace=True)
        sims.append((cr, draw))
    # generate all grid points at once: rows = grid * draws
    ylev = np.empty((grid * draws, n))
    ylev[:, :s] = y[:s]
    psi = np.concatenate([np.repeat(c[None, :lags], draws, axis=0) for c, _ in sims])
    const = np.concatenate([np.full(draws, c[lags]) for c, _ in sims])
    slope = np.concatenate([np.full(draws, c[lags + 1] if trend else 0.0) for c, _ in sims])
    innov = np.concatenate([d for _, d in sims])
    rr = np.repeat(rhos, draws)
    for t in range(s, n):
        step = const + slope * (t + 1.0) + (rr - 1.0) * ylev[:, t - 1] + innov[:, t - s]
        for i in range(1, lags + 1):
            step = step + psi[:, i - 1] * (ylev[:, t - i] - ylev[:, t - i - 1])
        ylev[:, t] = ylev[:, t - 1] + step
    _, tstar = _batched_t(ylev, lags, trend, rr)
    tstar = tstar.reshape(grid, draws)
    a = (1.0 - level) / 2.0
    q_lo = np.quantile(tstar, a, axis=1)
    q_hi = np.quantile(tstar, 1.0 - a, axis=1)
    q_md = np.quantile(tstar, 0.5, axis=1)
    _, t_obs = _batched_t(np.repeat(y[None, :], grid, axis=0), lags, trend, rhos)
    inside = (t_obs >= q_lo) & (t_obs <= q_hi)
    if inside.any():
        ci = (float(rhos[inside].min()), float(rhos[inside].max()))
    else:  # the grid missed the set; fall back to the grid point closest to the median
        k = int(np.argmin(np.abs(t_obs - q_md)))
        ci = (float(rhos[k]), float(rhos[k]))
    # t_obs decreases in rho0 faster than the bootstrap median moves: one crossing
    diff = t_obs - q_md
    k = int(np.argmin(np.abs(diff)))
    mu = float(rhos[k])
    if 0 < k < grid - 1:
        j = k if diff[k] * diff[k + 1] <= 0 else k - 1
        if diff[j] != diff[j + 1] and diff[j] * diff[j + 1] <= 0:
            w = diff[j] / (diff[j] - diff[j + 1])
            mu = float(rhos[j] + w * (rhos[j + 1] - rhos[j]))
    return RootEstimate(
        ols=rho_ols,
        median_unbiased=mu,
        ci=ci,
        level=level,
        lags=lags,
        method=(
            f"Hansen (1999) grid bootstrap on the ADF regression ({lags} lagged "
            f"differences, {grid} grid points in [{rhos[0]:.2f}, {rhos[-1]:.2f}], "
            f"{draws} draws each)"
        ),
    )


def persistence(
    y: Any,
    trend: bool = True,
    *,
    max_lags: int | None = None,
    alpha: float = 0.05,
    root_level: float = 0.90,
    draws: int = 199,
    seed: int | None = 0,
) -> Persistence:
    """Diagnose whether a series' noise around its trend is stationary or has a unit root.

    Parameters
    ----------
    y : array_like, pandas.Series or xarray.DataArray
        One series without missing values, at least 15 observations.
    trend : bool
        Deterministic part: a linear trend (default) or only a constant.
    max_lags : int, optional
        Largest number of lagged differences for ADF, DF-GLS and Zivot-Andrews (BIC
        picks the number); default ``floor(4 (n/100)^(1/4))`` (3 for n = 38).
    alpha : float
        Level of each test in the classification.
    root_level : float
        Confidence level of the interval for the largest root.
    draws : int
        Bootstrap draws per grid point for the root interval.
    seed : int or None
        Seed of the root bootstrap.

    Returns
    -------
    Persistence

    Notes
    -----
    Classification (each test at ``alpha``):

    * ``"stationary"``: ADF or DF-GLS rejects the unit root and KPSS does not reject
      stationarity;
    * ``"unit root"``: neither ADF nor DF-GLS rejects, KPSS rejects, and Zivot-Andrews
      does not reject (a rejection there means a broken trend could be mistaken for a
      unit root);
    * ``"unclear"`` otherwise -- the usual outcome in series of 20-40 observations,
      where these tests have little power; read the root's interval then.

    ADF, DF-GLS, KPSS and Zivot-Andrews are :mod:`arch.unitroot`'s implementations
    (MacKinnon 1994/2010 p-values for ADF, response surfaces for DF-GLS and KPSS,
    simulated tables for Zivot-Andrews); the ADF and KPSS values are checked against
    statsmodels in the test suite.  KPSS uses arch's data-dependent bandwidth (Hobijn,
    Franses & Ooms 1998).  The root interval is computed here (see
    :func:`largest_root`).

    References
    ----------
    Dickey, D. A. and Fuller, W. A. (1979); Elliott, G., Rothenberg, T. J. and Stock,
    J. H. (1996); Kwiatkowski, D., Phillips, P. C. B., Schmidt, P. and Shin, Y. (1992);
    Zivot, E. and Andrews, D. W. K. (1992); Hansen, B. E. (1999). The grid bootstrap and
    the autoregressive model. Review of Economics and Statistics 81(4), 594-607.

    Examples
    --------
    A random walk of 40 periods (``draws`` kept small for speed):

    >>> import numpy as np
    >>> from policyts.models import persistence
    >>> y = np.cumsum(np.random.default_rng(0).normal(size=40))
    >>> res = persistence(y, draws=99)
    >>> res.classification
    'unclear'
    """
    from arch.unitroot import ADF, DFGLS, KPSS, ZivotAndrews

    s = as_series(y)
    if s.n < 15:
        raise ValueError(
            f"series {s.name!r} has {s.n} observations; the persistence tests need at least 15"
        )
    if np.ptp(s.values) == 0:
        raise ValueError(f"series {s.name!r} is constant; there is nothing to test")
    if not 0 < alpha < 0.5:
        raise ValueError(f"alpha must be in (0, 0.5), not {alpha!r}")
    if not 0 < root_level < 1:
        raise ValueError(f"root_level must be in (0, 1), not {root_level!r}")
    if max_lags is None:
        max_lags = _default_max_lags(s.n)
    if isinstance(max_lags, bool) or not isinstance(max_lags, int) or max_lags < 0:
        raise ValueError(f"max_lags must be a whole number >= 0, not {max_lags!r}")
    if s.n - 2 * max_lags < 12:
        raise ValueError(
            f"max_lags={max_lags} is too many for {s.n} observations; use at most "
            f"{max(0, (s.n - 12) // 2)}"
        )
    v = s.values
    tr: Literal["c", "ct"] = "ct" if trend else "c"
    adf = ADF(v, trend=tr, max_lags=max_lags, method="bic")
    dfgls = DFGLS(v, trend=tr, max_lags=max_lags, method="bic")
    with warnings.catch_warnings():
        # arch warns that its automatic KPSS bandwidth is now data-dependent; that is the
        # choice documented above.
        warnings.simplefilter("ignore", DeprecationWarning)
        kpss = KPSS(v, trend=tr)
        kpss_stat = float(kpss.stat)
    za = ZivotAndrews(v, trend="ct" if trend else "c", max_lags=max_lags, method="bic")

    def pack(name: str, res: Any, stat: float | None = None) -> UnitRootTest:
        return UnitRootTest(
            name=name,
            stat=float(res.stat if stat is None else stat),
            pvalue=float(res.pvalue),
            critical_values={k: float(c) for k, c in res.critical_values.items()},
            lags=int(res.lags),
            null_hypothesis=str(res.null_hypothesis),
            reject=bool(res.pvalue < alpha),
            alpha=alpha,
        )

    tests = {
        "ADF": pack("ADF", adf),
        "DF-GLS": pack("DF-GLS", dfgls),
        "KPSS": pack("KPSS", kpss, kpss_stat),
        "Zivot-Andrews": pack("Zivot-Andrews", za),
    }
    root = largest_root(
        v, lags=int(adf.lags), trend=trend, level=root_level, draws=draws, seed=seed
    )
    cls, evidence = _classify(tests, root, alpha)
    return Persistence(
        classification=cls,
        evidence=tuple(evidence),
        tests=tests,
        root=root,
        trend=trend,
        nobs=s.n,
        name=s.name,
    )


def _classify(
    tests: dict[str, UnitRootTest], root: RootEstimate, alpha: float
) -> tuple[str, list[str]]:
    adf, gls, kpss, za = (tests[k] for k in ("ADF", "DF-GLS", "KPSS", "Zivot-Andrews"))
    ur_rejected = adf.reject or gls.reject
    ev = [
        f"ADF {'rejects' if adf.reject else 'does not reject'} a unit root "
        f"(p = {format_number(adf.pvalue, 3)})",
        f"DF-GLS {'rejects' if gls.reject else 'does not reject'} a unit root "
        f"(p = {format_number(gls.pvalue, 3)})",
        f"KPSS {'rejects' if kpss.reject else 'does not reject'} stationarity "
        f"(p = {format_number(kpss.pvalue, 3)})",
        f"Zivot-Andrews {'rejects' if za.reject else 'does not reject'} a unit root "
        f"against a broken trend (p = {format_number(za.pvalue, 3)})",
        f"largest AR root {format_number(root.median_unbiased, 3)}, "
        f"{root.level:.0%} interval [{format_number(root.ci[0], 3)}, "
        f"{format_number(root.ci[1], 3)}]"
        + (" (includes 1)" if root.ci[0] <= 1.0 <= root.ci[1] else ""),
    ]
    if ur_rejected and not kpss.reject:
        return "stationary", ev
    if not ur_rejected and kpss.reject and not za.reject:
        return "unit root", ev
    return "unclear", ev
