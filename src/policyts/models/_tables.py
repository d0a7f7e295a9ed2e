"""Published tables the tests need: Hansen (1997) response surfaces and the Bai & Perron
(2003) critical values, shipped with the package and read once on first use."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import numpy as np
from scipy.special import chdtrc

__all__ = [
    "hansen_pvalue",
    "bai_perron_critical_value",
    "bai_perron_critical_values",
    "bai_perron_table_eps",
    "HANSEN_MAX_K",
    "BP_EPS",
]

HANSEN_MAX_K = 40
BP_EPS = (0.05, 0.10, 0.15, 0.20, 0.25)
BP_LEVELS = (0.10, 0.05, 0.025, 0.01)


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("policyts.models").joinpath("data", name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def _hansen_table(kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (tau grid, coefficients[k-1, tau, degree], df[k-1, tau]) for ``kind``."""
    rows = _read_csv(f"hansen1997_{kind}.csv")
    bcols = sorted((c for c in rows[0] if c.startswith("b")), key=lambda c: int(c[1:]))
    ks = sorted({int(r["k"]) for r in rows})
    taus = sorted({float(r["tau"]) for r in rows}, reverse=True)
    coef = np.full((len(ks), len(taus), len(bcols)), np.nan)
    df = np.full((len(ks), len(taus)), np.nan)
    for r in rows:
        i, j = int(r["k"]) - 1, taus.index(float(r["tau"]))
        coef[i, j] = [float(r[c]) for c in bcols]
        df[i, j] = float(r["df"])
    return np.array(taus), coef, df


def hansen_tau(n: int, first: int, last: int) -> float:
    """Hansen's (1997) trimming parameter for candidate breaks at positions
    ``first..last`` (0-based, first observation of the new regime) in ``n`` observations.

    With ``from = first`` observations before the earliest candidate and ``to = last``,
    ``lambda = ((n - from) * to) / (from * (n - to))`` and ``tau = 1 / (1 + sqrt(lambda))``
    (``tau = lambda`` if ``lambda < 1``); symmetric trimming ``pi0`` gives ``tau = pi0``.
    """
    lam = ((n - first) * last) / (first * (n - last))
    return float(lam) if lam < 1 else float(1.0 / (1.0 + np.sqrt(lam)))


def hansen_pvalue(wald: float | np.ndarray, k: int, tau: float, kind: str = "sup") -> np.ndarray:
    """Asymptotic p-value of a sup-, ave- or exp-Wald statistic (Hansen 1997).

    Parameters
    ----------
    wald : float or ndarray
        The statistic on the Wald scale (k times the F statistic).
    k : int
        Number of coefficients allowed to change, 1..40.
    tau : float
        Trimming parameter in (0, 0.5]; see :func:`hansen_tau`.
    kind : {"sup", "ave", "exp"}

    Notes
    -----
    For the tabulated row of ``(k, tau)``, ``z = max(0, sum_j b_j x^j)`` and
    ``p = 1 - F_chi2(z; df)``; between tabulated ``tau`` values p is interpolated linearly
    in ``tau``; between 0.49 and 0.5 it is interpolated towards the single-date Chow
    p-value ``1 - F_chi2(x; k)``; below 0.01 the 0.01 row is used.  This is the rule used
    by R strucchange's ``sctest`` for ``Fstats`` objects, against which it is tested.

    References
    ----------
    Hansen, B. E. (1997). Approximate asymptotic p values for structural-change tests.
    Journal of Business & Economic Statistics 15(1), 60-67.
    """
    if kind not in ("sup", "ave", "exp"):
        raise ValueError(f"kind must be 'sup', 'ave' or 'exp', not {kind!r}")
    if not 1 <= k <= HANSEN_MAX_K:
        raise ValueError(
            f"Hansen (1997) p-values exist for 1 to {HANSEN_MAX_K} changing coefficients, "
            f"not k = {k}; use the bootstrap p-value instead"
        )
    if not 0 < tau <= 0.5:
        raise ValueError(f"trimming parameter tau must lie in (0, 0.5], got {tau}")
    taus, coef, df = _hansen_table(kind)
    x = np.asarray(wald, dtype=np.float64)
    if np.any(np.isposinf(x)):
        # An infinite statistic (a model with a break that fits exactly) has p-value 0.
        inf = np.isposinf(x)
        p = hansen_pvalue(np.where(inf, 0.0, x), k, tau, kind)
        return np.asarray(np.where(inf, 0.0, p))

    def row_p(j: int) -> np.ndarray:
        b = coef[k - 1, j]
        # The cubic surfaces for ave and exp turn down beyond their fitted range, where
        # the p-value would rise again (to 1 once z is clipped at 0).  Evaluating the
        # polynomial at min(x, turning point) keeps p non-increasing in x; beyond the
        # turning point the value is an upper bound of the p-value.
        xt = np.minimum(x, _turning_point(b))
        z = np.maximum((xt[..., None] ** np.arange(b.shape[0])) @ b, 0.0)
        return _chi2_sf(z, df[k - 1, j])

    chow = _chi2_sf(x, k)
    if tau == 0.5:
        return chow
    if tau <= taus[-1]:
        return row_p(len(taus) - 1)
    if tau >= taus[0]:
        w = (tau - taus[0]) / (0.5 - taus[0])
        return np.asarray((1 - w) * row_p(0) + w * chow)
    # taus decrease from 0.49 by 0.02: locate the bracketing rows.
    pos = (taus[0] - tau) / (taus[0] - taus[1])
    j = int(np.floor(pos))
    w = pos - j
    return np.asarray((1 - w) * row_p(j) + w * row_p(j + 1))


def _turning_point(b: np.ndarray) -> float:
    """Smallest positive x where the response polynomial stops increasing (inf if never)."""
    deriv = np.polynomial.polynomial.Polynomial(b).deriv()
    if deriv.degree() < 1:
        return np.inf if deriv.coef[0] > 0 else 0.0
    roots = deriv.roots()
    real = roots[np.isreal(roots)].real
    pos = real[real > 0]
    return float(pos.min()) if pos.size else np.inf


@cache
def _bp_table() -> dict[tuple[str, float, float, int, str], float]:
    out = {}
    for r in _read_csv("bai_perron_2003_critical_values.csv"):
        key = (r["test"], float(r["eps"]), float(r["level"]), int(r["q"]), r["column"])
        out[key] = float(r["critical_value"])
    return out


def bai_perron_critical_value(test: str, eps: float, level: float, q: int, column: str) -> float:
    """Critical value from Bai & Perron (2003), on the scaled (q times F) scale.

    Parameters
    ----------
    test : {"supF", "supF_next", "Dmax"}
    eps : float
        Trimming (minimum segment length as a fraction), one of 0.05, 0.10, 0.15, 0.20, 0.25.
    level : float
        Significance level, one of 0.10, 0.05, 0.025, 0.01.
    q : int
        Number of regressors whose coefficients change, 1..10.
    column : str
        ``"1"``..``"5"`` (number of breaks m) for supF, ``"0"``..``"9"`` (l) for supF_next,
        ``"UDmax"`` or ``"WDmax"`` for Dmax.

    Returns NaN when the table has no entry (e.g. m = 5 breaks with eps = 0.25).

    References
    ----------
    Bai, J. and Perron, P. (2003). Critical values for multiple structural change tests.
    Econometrics Journal 6, 72-78.
    """
    key = (test, round(float(eps), 2), float(level), int(q), str(column))
    return _bp_table().get(key, float("nan"))


def bai_perron_critical_values(
    test: str, eps: float | None, q: int, column: str
) -> dict[str, float]:
    """:func:`bai_perron_critical_value` at the 10, 5, 2.5 and 1 % levels, keyed ``"0.1"``,
    ``"0.05"``, ``"0.025"``, ``"0.01"``; only the tabulated ones (none without ``eps`` or
    for more than 10 regressors)."""
    if eps is None or q > 10:
        return {}
    out = {}
    for lev in BP_LEVELS:
        cv = bai_perron_critical_value(test, eps, lev, q, column)
        if np.isfinite(cv):
            out[f"{lev:.3g}"] = cv
    return out


def bai_perron_table_eps(h: int, n: int) -> tuple[float | None, str]:
    """The tabulated trimming whose Bai & Perron (2003) critical values apply to a minimum
    regime of ``h`` of ``n`` observations, and a note when it is not ``h / n`` itself.

    ``h / n`` within 0.005 of a tabulated 0.05, 0.10, 0.15, 0.20 or 0.25 uses that table
    (empty note).  Otherwise the largest tabulated trimming below ``h / n`` is used: the
    limiting distributions are suprema over fewer partitions as the trimming grows, so
    their critical values fall with it, and a smaller trimming's values are conservative
    (the test rejects less often than its nominal level).  Outside the tabulated range
    (below 0.05 or above 0.25) None is returned with a note.
    """
    eps = h / n
    for e in BP_EPS:
        if abs(eps - e) < 0.0051:
            return e, ""
    lower = [e for e in BP_EPS if e < eps]
    if lower and eps < BP_EPS[-1]:
        e = max(lower)
        return e, (
            f"h/n = {eps:.3f} is not a tabulated trimming; critical values are Bai & Perron "
            f"(2003) for the nearest smaller tabulated trimming {e:.2f}, which are "
            "conservative (larger than those for the actual trimming)"
        )
    return None, (
        f"h/n = {eps:.3f} is outside the tabulated trimmings 0.05..0.25: no Bai & Perron "
        "(2003) critical values; use a trim in that range for tests and sequential selection"
    )


def _chi2_sf(x: np.ndarray, df: float | np.ndarray) -> np.ndarray:
    """``scipy.stats.chi2.sf(x, df)``, bit for bit, from ``scipy.special`` alone.

    ``chi2.sf`` is ``chdtrc(df, x)`` on the support and 1 below it; calling the special
    function spares the command line the import of ``scipy.stats`` (a third of a second).
    ``tests/test_startup.py`` checks the two agree.
    """
    return np.asarray(chdtrc(df, np.maximum(x, 0.0)))
