"""Numpy kernels for segment least squares: the residual sum of squares of a regression
fitted separately on contiguous segments of the sample.

Conventions used throughout :mod:`policyts.models`:

* positions are 0-based; a segment ``[i, j]`` includes both ends;
* a break at position ``b`` means observation ``b`` is the *first* observation of the
  new regime (so the old regime ends at ``b - 1``).  This equals R strucchange's 1-based
  ``breakpoints`` value, which is the last observation of the old regime.

Segment sums of squares come from prefix (cumulative) cross-product sums, so the RSS of
any segment costs O(k^3) whatever its length.  To keep the differences of large prefix
sums accurate, the response is centred on its mean when the regressors span a constant
(this leaves every segment's RSS unchanged) and every column is scaled to unit RMS
(which scales the RSS by a known factor that is undone).  With two regressors (intercept
and trend) each segment's 2 x 2 system is solved in closed form, elementwise over all
segments at once.  Reported RSS values are recomputed exactly with ``numpy.linalg.lstsq``
on the chosen segments.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "PrefixSums",
    "first_min",
    "segment_rss_exact",
    "segment_coef",
    "spans_constant",
    "split_rss",
]


def first_min(cand: np.ndarray, tol: float | np.ndarray, axis: int | None = None) -> np.ndarray:
    """Index of the first entry within ``tol`` of the minimum along ``axis`` (all entries
    for ``None``): the earliest-break tie rule of the dynamic programmes.  ``tol`` may be
    an array broadcasting against the minimum (one tolerance per series)."""
    best = np.min(cand, axis=axis, keepdims=True)
    return np.asarray(np.argmax(cand <= best + tol, axis=axis))


def spans_constant(X: np.ndarray) -> bool:
    """Whether the columns of ``X`` span the constant (so centring ``y`` loses nothing)."""
    if X.shape[1] == 0:
        return False
    if np.any((X[0] != 0) & np.all(X == X[0], axis=0)):
        return True  # a constant column (the intercept): no fit needed
    ones = np.ones(X.shape[0])
    coef, *_ = np.linalg.lstsq(X, ones, rcond=None)
    # np.allclose(X @ coef, ones, atol=1e-8), without its overhead.
    return bool(np.all(np.abs(X @ coef - ones) <= 1e-8 + 1e-5))


class PrefixSums:
    """Prefix cross-product sums of ``(X, y)`` for fast segment RSS.

    Parameters
    ----------
    y : ndarray, shape (..., n)
        Response; leading axes are independent series sharing the regressors.
    X : ndarray, shape (n, k)
        Regressors shared by every series.
    """

    def __init__(self, y: np.ndarray, X: np.ndarray) -> None:
        y = np.asarray(y, dtype=np.float64)
        X = np.asarray(X, dtype=np.float64)
        n, k = X.shape
        self.n, self.k = n, k
        # Scale y and the columns of X: RSS is equivariant, so scale back at the end.
        ycentre = y.mean(axis=-1, keepdims=True) if spans_constant(X) else 0.0
        yc = y - ycentre
        yscale = np.sqrt(np.mean(yc**2, axis=-1, keepdims=True))
        yscale = np.where(yscale > 0, yscale, 1.0)
        self.rss_scale = (yscale**2)[..., 0]
        ys = yc / yscale
        xscale = np.sqrt(np.mean(X**2, axis=0))
        xscale = np.where(xscale > 0, xscale, 1.0)
        Xs = X / xscale
        zero_k = np.zeros((1, k, k))
        self.Sxx = np.concatenate([zero_k, np.cumsum(Xs[:, :, None] * Xs[:, None, :], axis=0)])
        lead = ys.shape[:-1]
        self.Sxy = np.concatenate(
            [np.zeros((*lead, 1, k)), np.cumsum(ys[..., :, None] * Xs, axis=-2)], axis=-2
        )
        self.Syy = np.concatenate([np.zeros((*lead, 1)), np.cumsum(ys**2, axis=-1)], axis=-1)
        self.mean_only = k == 1 and np.ptp(Xs[:, 0]) == 0

    @property
    def noise(self) -> np.ndarray:
        """Rounding error bound of a segment RSS from these prefix sums (data units, per
        series): the scaled cumulative sums reach ``n``, so differences of them carry
        errors of a few ``n eps``; this is 100 times that."""
        return np.asarray(100.0 * self.n * np.finfo(np.float64).eps * self.rss_scale)

    @property
    def noise_scaled(self) -> float:
        """:attr:`noise` in the units of the scaled sums (``rss_grid(..., scaled=True)``)."""
        return 100.0 * self.n * float(np.finfo(np.float64).eps)

    def rss_grid(
        self, starts: np.ndarray, ends: np.ndarray, h: int, *, scaled: bool = False
    ) -> np.ndarray:
        """``R[a, b]`` = RSS of segment ``[starts[a], ends[b]]`` (one series, data units;
        with ``scaled`` in the units of the scaled sums, ``rss_scale`` times smaller)
        where it holds at least ``h`` observations, else ``inf``.

        The grid of a block of end points for all starts: the dynamic programme's cost
        table, built without the (start, end) index arrays of :meth:`rss`.
        """
        s = np.asarray(starts)[:, None]
        e = np.asarray(ends)[None, :] + 1
        if self.mean_only:
            # Elementwise only, so the batched panel kernel (_bp_batched) repeats it to the
            # last bit over a leading series axis.
            cnt = self.Sxx[e, 0, 0] - self.Sxx[s, 0, 0]
            sy = self.Sxy[e, 0] - self.Sxy[s, 0]
            R = self.Syy[e] - self.Syy[s]
            with np.errstate(divide="ignore", invalid="ignore"):
                np.square(sy, out=sy)
                np.divide(sy, cnt, out=sy)
            np.subtract(R, sy, out=R)
        elif self.k == 2:
            sxx = [[self.Sxx[e, a, b] - self.Sxx[s, a, b] for b in range(2)] for a in range(2)]
            y0 = self.Sxy[e, 0] - self.Sxy[s, 0]
            y1 = self.Sxy[e, 1] - self.Sxy[s, 1]
            R = self.Syy[e] - self.Syy[s]
            with np.errstate(divide="ignore", invalid="ignore"):
                fit = _quad2(sxx[0][0], sxx[0][1], sxx[1][1], y0, y1)
            bad = ~np.isfinite(fit) & ((e - s) >= h)
            if bad.any():  # singular segments (an exog column zero there): pseudo-inverse
                ss, ee = (np.broadcast_to(v, bad.shape)[bad] for v in (s, e))
                fit[bad] = _quad_solve_general(
                    self.Sxx[ee] - self.Sxx[ss], self.Sxy[ee] - self.Sxy[ss]
                )
            R -= fit
        else:
            ss, ee = np.broadcast_arrays(s, e)
            R = self.Syy[ee] - self.Syy[ss]
            ok = ee - ss >= h
            fit = np.zeros(R.shape)
            fit[ok] = _quad_solve(
                self.Sxx[ee[ok]] - self.Sxx[ss[ok]], self.Sxy[ee[ok]] - self.Sxy[ss[ok]]
            )
            R -= fit
        np.maximum(R, 0.0, out=R)
        if not scaled:
            R *= self.rss_scale
        np.copyto(R, np.inf, where=s > e - h)  # shorter than h
        return R

    def rss(self, start: np.ndarray | int, end: np.ndarray | int) -> np.ndarray:
        """RSS of segments ``[start, end]`` (inclusive; broadcast), in the data's units.

        Returns an array of shape ``(..., len(start))`` for 1-D ``start``/``end``.
        """
        s = np.asarray(start)
        e = np.asarray(end) + 1
        syy = self.Syy[..., e] - self.Syy[..., s]
        sxy = self.Sxy[..., e, :] - self.Sxy[..., s, :]
        if self.mean_only:
            sxx = self.Sxx[e, 0, 0] - self.Sxx[s, 0, 0]
            fit = sxy[..., 0] ** 2 / sxx
        else:
            sxx = self.Sxx[e] - self.Sxx[s]
            fit = _quad_solve(sxx, sxy)
        out = np.maximum(syy - fit, 0.0)
        scale = self.rss_scale
        if np.ndim(s) > 0 or np.ndim(e) > 0:
            scale = np.asarray(scale)[..., None]
        return out * scale


def _quad_solve(sxx: np.ndarray, sxy: np.ndarray) -> np.ndarray:
    """Return ``sxy' sxx^{-1} sxy`` batched; pseudo-inverse where a segment is singular."""
    k = sxx.shape[-1]
    if k == 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sxx[..., 0, 0] > 0, sxy[..., 0] ** 2 / sxx[..., 0, 0], 0.0)
    if k == 2:
        a, b, c = sxx[..., 0, 0], sxx[..., 0, 1], sxx[..., 1, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            fit = _quad2(a, b, c, sxy[..., 0], sxy[..., 1])
        bad = ~np.isfinite(fit)
        if not bad.any():
            return fit
        out = np.broadcast_to(fit, np.broadcast_shapes(fit.shape, sxy.shape[:-1])).copy()
        sxx_bad = np.broadcast_to(sxx, (*sxy.shape[:-1], k, k))[bad]
        out[bad] = _quad_solve_general(sxx_bad, sxy[bad])
        return out
    return _quad_solve_general(sxx, sxy)


def _quad2(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, y0: np.ndarray, y1: np.ndarray
) -> np.ndarray:
    """``y' S^{-1} y`` for 2 x 2 matrices ``S = [[a, b], [b, c]]`` in closed form (by
    Cramer's rule, elementwise); NaN or inf where ``S`` is singular to rounding."""
    det = a * c - b * b
    out = (c * y0 * y0 - 2.0 * b * y0 * y1 + a * y1 * y1) / det
    # Singular to rounding: left to the pseudo-inverse.
    return np.where(det > 1e-13 * np.abs(a * c), out, np.nan)


def _quad_solve_general(sxx: np.ndarray, sxy: np.ndarray) -> np.ndarray:
    k = sxx.shape[-1]
    sxx_b = np.broadcast_to(sxx, (*sxy.shape[:-1], k, k))
    try:
        beta = np.linalg.solve(sxx_b, sxy[..., None])[..., 0]
    except np.linalg.LinAlgError:
        beta = (np.linalg.pinv(sxx_b) @ sxy[..., None])[..., 0]
    return np.einsum("...k,...k->...", sxy, beta)


def segment_rss_exact(y: np.ndarray, X: np.ndarray, bounds: list[tuple[int, int]]) -> float:
    """Sum over segments ``[(start, end), ...]`` (inclusive) of the exact OLS RSS."""
    total = 0.0
    for s, e in bounds:
        Xi, yi = X[s : e + 1], y[s : e + 1]
        coef, *_ = np.linalg.lstsq(Xi, yi, rcond=None)
        r = yi - Xi @ coef
        total += float(r @ r)
    return total


def segment_coef(y: np.ndarray, X: np.ndarray, s: int, e: int) -> tuple[np.ndarray, np.ndarray]:
    """OLS coefficients and residuals on segment ``[s, e]`` (inclusive)."""
    Xi, yi = X[s : e + 1], y[s : e + 1]
    coef, *_ = np.linalg.lstsq(Xi, yi, rcond=None)
    return coef, yi - Xi @ coef


def split_rss(ps: PrefixSums, y: np.ndarray, X: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """RSS of the two-regime fit with the new regime starting at each of ``pos``.

    From the prefix sums ``ps`` of ``(y, X)``; values within 10^4 times the prefix sums'
    rounding error of zero (:attr:`PrefixSums.noise`: a near-exact or exact fit such as a
    noise-free step) are
    recomputed exactly with ``lstsq`` and set to 0 when at the rounding level of ``y``
    itself (as :func:`policyts.models._degenerate.rss_floor`), so that an exact fit gives
    an exact zero rather than rounding noise.  ``y`` may be
    (n,) or (S, n); the result is (len(pos),) or (S, len(pos)).
    """
    n = X.shape[0]
    rss1 = ps.rss(np.zeros_like(pos), pos - 1) + ps.rss(pos, np.full_like(pos, n - 1))
    noise = ps.noise[..., None] if np.ndim(ps.noise) else ps.noise
    # Within 10^4 times the error bound the prefix-sum value may be off by 1e-6 relative
    # or more (a near-exact fit): recompute those few exactly.
    small = rss1 <= 1e4 * noise
    if small.any():
        Y = np.atleast_2d(y)
        R = np.atleast_2d(rss1)
        for r, j in np.argwhere(np.atleast_2d(small)):
            b = int(pos[j])
            exact = segment_rss_exact(Y[r], X, [(0, b - 1), (b, n - 1)])
            # At rounding level of the series' size (see _degenerate.rss_floor): zero.
            tol = (1e3 * np.sqrt(n) * np.finfo(np.float64).eps) ** 2 * float(Y[r] @ Y[r])
            R[r, j] = 0.0 if exact <= tol else exact
        rss1 = R.reshape(rss1.shape)
    return rss1


def regime_sup_f(
    y: np.ndarray, X: np.ndarray, regimes: list[tuple[int, int]], h: int
) -> list[float]:
    """One-break sup F (scaled, q*F) within each regime ``[s, e]`` (inclusive; the
    regimes must not overlap, as those of one partition) over splits leaving at least ``h`` observations on each side, with the
    regime's own degrees of freedom ``n_i - 2k``.

    All splits of all regimes come from one set of prefix sums of the regimes' own OLS
    residuals ``u`` (a sub-segment's RSS is the same for ``u`` as for ``y``, as the
    regime's fit lies in the span of its regressors; ``u`` is small, so the differences of
    its prefix sums lose little to cancellation).  As :func:`split_rss`, split RSS within
    ``10^4`` times a regime's prefix-sum rounding bound of zero are recomputed with
    ``lstsq`` and exact fits (:func:`policyts.models._degenerate.rss_floor`) are zeros; a
    regime fitted exactly without a split gives 0.
    """
    from policyts.models._degenerate import exact_zero, rss_floor

    n, k = X.shape
    if not regimes:
        return []
    order = sorted(regimes)
    if any(b[0] <= a[1] for a, b in zip(order, order[1:], strict=False)):
        raise ValueError("regime_sup_f needs regimes that do not overlap (one partition's)")
    eps = np.finfo(np.float64).eps
    xscale = np.sqrt(np.mean(X**2, axis=0))
    Xs = X / np.where(xscale > 0, xscale, 1.0)
    u = np.zeros(n)
    rss0, floor, noise = [], [], []
    for s, e in regimes:
        ys = y[s : e + 1]
        _, u[s : e + 1] = segment_coef(y, X, s, e)
        r = u[s : e + 1]
        f = rss_floor(ys)
        rss0.append(exact_zero(float(r @ r), f))
        floor.append(f)
        # The rounding bound of PrefixSums on the regime alone (its noise attribute).
        yc = ys - ys.mean() if spans_constant(X[s : e + 1]) else ys
        scale = float(np.mean(yc**2))
        noise.append(100.0 * (e - s + 1) * eps * (scale if scale > 0 else 1.0))
    Cu = np.r_[0.0, np.cumsum(u**2)]
    Cxu = np.concatenate([np.zeros((1, k)), np.cumsum(u[:, None] * Xs, axis=0)])
    Cxx = np.concatenate([np.zeros((1, k, k)), np.cumsum(Xs[:, :, None] * Xs[:, None, :], 0)])
    lo = np.concatenate([np.full(e - s + 2 - 2 * h, s) for s, e in regimes])
    hi = np.concatenate([np.full(e - s + 2 - 2 * h, e + 1) for s, e in regimes])
    b = np.concatenate([np.arange(s + h, e - h + 2) for s, e in regimes])

    def seg(a: np.ndarray, c: np.ndarray) -> np.ndarray:
        fit = _quad_solve(Cxx[c] - Cxx[a], Cxu[c] - Cxu[a])
        return np.maximum(Cu[c] - Cu[a] - fit, 0.0)

    rss1_all = seg(lo, b) + seg(b, hi)
    out = []
    start = 0
    for i, (s, e) in enumerate(regimes):
        ni = e - s + 1
        m = ni + 1 - 2 * h
        rss1 = rss1_all[start : start + m]
        pos = b[start : start + m]
        start += m
        small = np.flatnonzero(rss1 <= 1e4 * noise[i])
        if small.size:
            ys = y[s : e + 1]
            tol = (1e3 * np.sqrt(ni) * eps) ** 2 * float(ys @ ys)
            rss1 = rss1.copy()
            for j in small:
                bb = int(pos[j])
                exact = segment_rss_exact(y, X, [(s, bb - 1), (bb, e)])
                rss1[j] = 0.0 if exact <= tol else exact
        if rss0[i] == 0:
            out.append(0.0)
            continue
        rss1 = exact_zero(rss1, floor[i])
        with np.errstate(divide="ignore"):
            out.append(float(np.max((rss0[i] - rss1) / (rss1 / (ni - 2 * k)))))
    return out
