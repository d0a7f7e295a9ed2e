"""Bai-Perron under the authors' options (mbreaks): assemble a :class:`BaiPerron` result.

Called by :func:`policyts.models.bai_perron` when any of ``robust``, ``het_var``,
``het_data=False`` or ``fixed`` asks for more than the homoskedastic pure-change model. The
kernels are in :mod:`policyts.models._bp_robust` (statistics, intervals) and
:mod:`policyts.models._bp_partial` (dates with fixed regressors); this module validates,
chooses the number of breaks and labels the output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from policyts._series import as_exog
from policyts.models import _bp_robust as bpr
from policyts.models._bp_partial import partial_change_dates
from policyts.models._bp_results import BaiPerron, Break, MultipleBreakTest, Regime
from policyts.models._design import Design
from policyts.models._kernels import segment_rss_exact
from policyts.models._tables import BP_EPS, bai_perron_critical_value, bai_perron_critical_values

__all__ = ["fixed_regressors", "fit_mbreaks"]

Dating = Callable[[np.ndarray, np.ndarray, int, int], dict[int, list[int]]]


def fixed_regressors(fixed: Any, design: Design) -> tuple[np.ndarray, tuple[str, ...]]:
    """Validate ``fixed`` against the design: aligned rows, finite values, names that are
    not among the changing regressors, and no column equal to a changing one."""
    arr, names = as_exog(fixed, design.series, name="fixed")
    if arr.shape[1] == 0:
        raise ValueError("fixed= holds no regressor: give at least one column or leave it out")
    if not (hasattr(fixed, "columns") or hasattr(fixed, "name") or hasattr(fixed, "dims")):
        names = [f"fixed{j + 1}" for j in range(arr.shape[1])]
    clash = sorted(set(names) & set(design.names))
    if clash:
        raise ValueError(
            f"fixed regressor(s) {clash} also appear among the regressors whose coefficients "
            "change (exog, const, trend): a regressor is either fixed or changing, not both"
        )
    for j, nm in enumerate(names):
        for i, zn in enumerate(design.names):
            if np.array_equal(arr[:, j], design.X[:, i]):
                raise ValueError(
                    f"fixed regressor {nm!r} duplicates the changing regressor {zn!r}: drop one"
                )
        if np.ptp(arr[:, j]) == 0:
            raise ValueError(
                f"fixed regressor {nm!r} is constant: a fixed intercept cannot be separated "
                "from the changing one; drop it"
            )
    full = np.column_stack([design.X, arr])
    if np.linalg.matrix_rank(full) < full.shape[1]:
        raise ValueError(
            f"the changing {list(design.names)} and fixed {names} regressors are collinear: "
            "drop the redundant ones"
        )
    return arr, tuple(names)


def _table_eps(trim: float | int, h: int, n: int) -> float | None:
    # mbreaks reads its tables at the trimming the user gave (eps1); a whole number of
    # observations is matched by h / n as in the homoskedastic path.
    if isinstance(trim, float) and trim < 1:
        for e in BP_EPS:
            if abs(trim - e) < 1e-9:
                return e
    for e in BP_EPS:
        if abs(h / n - e) < 0.0051:
            return e
    return None


def _reject(stat: float, cvs: dict[str, float], akey: str) -> bool | None:
    if akey not in cvs or not np.isfinite(stat):
        return None
    return bool(stat > cvs[akey])


def fit_mbreaks(design: Design, fixed: Any, *, dating: Dating, **kw: Any) -> BaiPerron:
    """Bai-Perron with mbreaks' options; see :func:`policyts.models.bai_perron`.

    ``dating(y, X, h, M)`` -> {m: break positions} is the pure-change dating,
    :func:`policyts.models.bai_perron.dp_breaks` (passed in, so that the module that
    calls this one is not imported back).

    A regime whose regressors are singular (e.g. a dummy that is constant within it, or
    residuals that vanish) leaves a covariance undefined: reported as a ValueError.
    """
    try:
        return _fit(design, fixed, dating=dating, **kw)
    except np.linalg.LinAlgError as exc:
        raise ValueError(
            "a covariance matrix is singular in some regime (regressors without variation "
            "there, or a perfect fit): use a larger trim, fewer breaks or other regressors"
        ) from exc


def _fit(
    design: Design,
    fixed: Any,
    *,
    dating: Dating,
    trim: float | int,
    h: int,
    max_breaks: int,
    opts: bpr.RobustOptions,
    select: str,
    level: float,
    breaks: int | None,
    intervals_by_m: bool = False,
) -> BaiPerron:
    y, Z = design.y, design.X
    n, q = Z.shape
    fixed_names: tuple[str, ...] = ()
    if fixed is None:
        X = np.empty((n, 0))
    else:
        X, fixed_names = fixed_regressors(fixed, design)
    p = X.shape[1]
    opts.check(p)
    if 2 * h <= p + 2 * q:
        raise ValueError(
            f"minimum regime length h = {h} is too short for {q} changing and {p} fixed "
            f"regressors: a break within two regimes needs 2h > p + 2q = {p + 2 * q}; use a "
            "larger trim"
        )
    M = max_breaks
    notes: list[str] = []
    if p == 0:
        pos = dating(y, Z, h, M)
        dates_by_m = {m: list(v) for m, v in pos.items()}
        rss_by_m = {m: segment_rss_exact(y, Z, _bounds(d, n)) for m, d in dates_by_m.items()}
    else:
        pdates = partial_change_dates(y, Z, X, h, M, dating=dating)
        dates_by_m = {m + 1: list(d) for m, d in enumerate(pdates.dates)}
        rss_by_m = {m + 1: r for m, r in enumerate(pdates.rss)}
        for m, ok in enumerate(pdates.converged, start=1):
            if not ok:
                notes.append(
                    f"partial-change dates for m = {m} did not settle within 10 iterations; "
                    "the last completed iteration is reported"
                )
    ZX = np.column_stack([Z, X])
    r0 = y - ZX @ np.linalg.lstsq(ZX, y, rcond=None)[0]
    rss = np.array([float(r0 @ r0)] + [rss_by_m.get(m, np.nan) for m in range(1, M + 1)])

    ms = np.arange(M + 1)
    kt_dates: list[list[int]] = [[]] + [dates_by_m.get(m, []) for m in range(1, M + 1)]
    with np.errstate(divide="ignore"):  # RSS = 0 (a perfect fit) fails later with a reason
        bic = np.log(rss / n) + np.log(n) * ms * (q + 1) / n
        lwz = np.log(rss / (n - (ms + 1) * q - ms)) + ms * (q + 1) * 0.299 * np.log(n) ** 2.1 / n
        kt = bpr.kt_criterion(y, Z, kt_dates)
    kt[[m for m in range(1, M + 1) if m not in dates_by_m]] = np.nan

    eps = _table_eps(trim, h, n)
    alpha = 1 - level
    akey = f"{alpha:.3g}"
    sup_tests = []
    for m in range(1, M + 1):
        stat = bpr.wald_f(y, Z, X, dates_by_m[m], opts) if m in dates_by_m else np.nan
        cvs = bai_perron_critical_values("supF", eps, q, str(m))
        sup_tests.append(
            MultipleBreakTest(f"supF({m})", float(stat), cvs, _reject(stat, cvs, akey), level)
        )
    seq_tests = []
    seg_cache: bpr.SegmentCache = {}
    for l_ in range(M):
        if l_ == 0:
            stat = sup_tests[0].scaled_f
        elif l_ in dates_by_m:
            stat = bpr.sup_f_next(y, Z, X, dates_by_m[l_], h, opts, seg_cache)
        else:
            stat = np.nan
        cvs = bai_perron_critical_values("supF_next", eps, q, str(l_))
        seq_tests.append(
            MultipleBreakTest(
                f"supF({l_ + 1}|{l_})", float(stat), cvs, _reject(stat, cvs, akey), level
            )
        )
    ud = float(np.nanmax([t.scaled_f for t in sup_tests[:5]]))
    cvs = bai_perron_critical_values("Dmax", eps, q, "UDmax")
    udmax = MultipleBreakTest("UDmax", ud, cvs, _reject(ud, cvs, akey), level)
    wdmax = None
    c1 = sup_tests[0].critical_values.get(akey)
    if c1 is not None:
        wd = max(
            c1 / t.critical_values[akey] * t.scaled_f
            for t in sup_tests
            if akey in t.critical_values
        )
        cvs = bai_perron_critical_values("Dmax", eps, q, "WDmax")
        wdmax = MultipleBreakTest("WDmax", wd, cvs, _reject(wd, cvs, akey), level)
    if eps is None:
        notes.append(
            f"trim = {trim} (h/n = {h / n:.3f}) is not a tabulated trimming (0.05..0.25): no "
            "Bai-Perron critical values; sequential selection unavailable"
        )

    if breaks is not None and breaks not in dates_by_m:
        raise ValueError(f"no admissible partition with breaks={breaks} (h = {h}, n = {n})")
    if breaks is not None:
        m_sel, selection, sel_dates = breaks, "given", dates_by_m[breaks]
    elif select in ("bic", "lwz", "kt"):
        crit = {"bic": bic, "lwz": lwz, "kt": kt}[select]
        m_sel = int(np.nanargmin(crit))
        selection, sel_dates = select, dates_by_m.get(m_sel, [])
    else:
        if eps is None or q > 10 or akey not in {"0.1", "0.05", "0.025", "0.01"}:
            raise ValueError(
                "sequential selection needs Bai & Perron (2003) critical values: trim of "
                "0.05, 0.10, 0.15, 0.20 or 0.25, at most 10 changing regressors and level "
                f"0.90, 0.95, 0.975 or 0.99 (got trim = {trim}, q = {q}, level = {level})"
            )

        def cv_next(l_: int) -> float:
            return bai_perron_critical_value("supF_next", eps, float(akey), q, str(l_))

        sel_dates = bpr.sequential_breaks(y, Z, X, h, M, opts, cv_next, seg_cache)
        m_sel, selection = len(sel_dates), "sequential"

    def make_breaks(dates: list[int], with_ci: bool = True) -> tuple[Break, ...]:
        if not dates:
            return ()
        if not with_ci:
            return tuple(
                Break(b, design.series.label(b), design.series.label(b - 1), level=level)
                for b in dates
            )
        ci = bpr.break_intervals(y, Z, X, dates, opts, level)
        out = []
        for b, (lo, hi) in zip(dates, ci, strict=True):
            # ci bounds are for the first period of the new regime; Break.ci_index is for
            # the old regime's last period, one earlier, clipped to the sample.
            lo_i, hi_i = max(int(lo) - 1, 0), min(int(hi) - 1, n - 1)
            out.append(
                Break(
                    index=b,
                    label=design.series.label(b),
                    end_label=design.series.label(b - 1),
                    ci_index=(lo_i, hi_i),
                    ci=(design.series.label(lo_i), design.series.label(hi_i)),
                    level=level,
                )
            )
        return tuple(out)

    breaks_by_m: dict[int, tuple[Break, ...]] = {0: ()}
    for m, d in dates_by_m.items():
        breaks_by_m[m] = make_breaks(d, with_ci=intervals_by_m)
    selected = make_breaks(sel_dates)
    if m_sel and sel_dates == dates_by_m.get(m_sel):
        breaks_by_m[m_sel] = selected

    regimes: tuple[Regime, ...] = ()
    edges = [0, *sel_dates, n]
    beta, se, _ = bpr.estimate_regimes(y, Z, X, sel_dates, opts)
    regs = []
    for j in range(len(edges) - 1):
        coef = {nm: float(beta[p + j * q + i]) for i, nm in enumerate(design.names)}
        ses = {nm: float(se[p + j * q + i]) for i, nm in enumerate(design.names)}
        coef.update({nm: float(beta[i]) for i, nm in enumerate(fixed_names)})
        ses.update({nm: float(se[i]) for i, nm in enumerate(fixed_names)})
        regs.append(
            Regime(
                start_label=design.series.label(edges[j]),
                end_label=design.series.label(edges[j + 1] - 1),
                n_obs=edges[j + 1] - edges[j],
                coef=coef,
                se=ses,
            )
        )
    regimes = tuple(regs)
    if p:
        notes.append(
            f"partial structural change: {list(fixed_names)} keep one coefficient over the "
            "sample (repeated in every regime); BIC, LWZ, KT and the critical values count "
            f"only the {q} changing regressors, as mbreaks"
        )
    notes.insert(
        0,
        f"mbreaks options: robust={opts.robust}, prewhite={opts.prewhite}, "
        f"het_data={opts.het_data}, het_var={opts.het_var}, het_q={opts.het_q}, "
        f"het_omega={opts.het_omega}; BIC and LWZ here are mbreaks' (q = {q} changing "
        "regressors); intervals rounded as mbreaks",
    )
    if opts.robust and n < 100:
        notes.append(
            f"with robust=True and n = {n} the sup F tests over-reject (about 16 % at a "
            "nominal 5 % for n = 40 and white-noise errors; benchmarks/bp_robust_size.md)"
        )
    options = {
        "engine": "mbreaks",
        "robust": opts.robust,
        "prewhite": opts.prewhite,
        "het_data": opts.het_data,
        "het_var": opts.het_var,
        "het_q": opts.het_q,
        "het_omega": opts.het_omega,
        "fixed": list(fixed_names),
        "breaks": breaks,
        "criteria": "mbreaks: BIC = log(RSS/n) + m(q+1)log(n)/n; LWZ = log(RSS/(n-(m+1)q-m)) "
        "+ m(q+1) 0.299 log(n)^2.1/n; KT = Kurozumi-Tuvaandorj (2011)",
    }
    return BaiPerron(
        n_obs=n,
        min_segment=h,
        max_breaks=M,
        k=q + p,
        names=(*design.names, *fixed_names),
        rss=tuple(float(v) for v in rss),
        bic=tuple(float(v) for v in bic),
        lwz=tuple(float(v) for v in lwz),
        breaks_by_m=breaks_by_m,
        selected_m=m_sel,
        selection=selection,
        breaks=selected,
        regimes=regimes,
        sup_f_tests=tuple(sup_tests),
        sequential_tests=tuple(seq_tests),
        udmax=udmax,
        wdmax=wdmax,
        level=level,
        series_name=design.series.name,
        labels=[design.series.label(i) for i in range(n)],
        notes=tuple(notes),
        kt=tuple(float(v) for v in kt),
        options=options,
    )


def _bounds(breaks: list[int], n: int) -> list[tuple[int, int]]:
    edges = [0, *breaks, n]
    return [(edges[i], edges[i + 1] - 1) for i in range(len(edges) - 1)]
