"""Synthetic control with covariate predictors (Abadie, Diamond & Hainmueller 2010).

Array kernels: the predictors' standardisation, the inner problem (donor weights for given
predictor weights) and the outer problem (predictor weights that minimise the pre-period
mean squared prediction error of the outcome). The panel handling and the public function
are in :mod:`policyts.models.effects._synth_api`.

Notation as in the paper and in R's Synth: ``X1`` (K predictors of the treated unit),
``X0`` (K x J, the donors' predictors), ``Z1``/``Z0`` (the outcome over the periods whose
fit chooses V), ``V`` a diagonal K x K matrix of non-negative predictor weights summing to
one, ``W`` the J donor weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from policyts.models.effects._controls import synthetic_weights

__all__ = ["NestedFit", "standardise", "donor_weights", "nested_fit", "regression_start"]


@dataclass(frozen=True)
class NestedFit:
    """Solution of the nested problem for one treated unit.

    ``loss_v`` is the mean squared prediction error of the outcome over the fit periods;
    ``loss_w`` the V-weighted squared distance of the standardised predictors; ``start``
    names the starting value and optimiser that reached the best ``loss_v``.
    """

    w: np.ndarray
    v: np.ndarray
    loss_v: float
    loss_w: float
    start: str


def standardise(X1: np.ndarray, X0: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Divide each predictor by its standard deviation over the treated unit and the donors
    (``ddof=1``), as R's Synth does before optimising; returns ``(X1s, X0s, divisor)``.

    A predictor that does not vary across the donors cannot be weighted: ValueError.
    """
    allx = np.column_stack([X0, X1[:, None]])
    sd = allx.std(axis=1, ddof=1)
    flat = np.flatnonzero(X0.std(axis=1) == 0)
    if flat.size:
        raise ValueError(
            f"predictor(s) at position(s) {flat.tolist()} take the same value for every donor: "
            "they cannot tell donors apart; remove them"
        )
    return X1 / sd, X0 / sd[:, None], sd


def _on_support(a: np.ndarray, B: np.ndarray, S: np.ndarray) -> np.ndarray | None:
    """The minimiser of ``||a - B w||^2`` over the simplex when it is unique and its support
    is ``S``; None otherwise.

    On ``S`` the equality-constrained least squares; accepted when the Karush-Kuhn-Tucker
    conditions hold with strict complementarity (weights on ``S`` positive, every donor off
    ``S`` would strictly raise the loss) and ``[B_S; 1']`` has full column rank: then no
    other weights reach the minimum. When the minimiser is not unique (the treated unit
    inside the donors' hull with more donors than predictors, say) the caller's full
    solver picks one deterministically, so that the outer loss is a function of ``V``.
    """
    k = S.size
    BS = B[:, S]
    K = np.empty((k + 1, k + 1))
    K[:k, :k] = 2.0 * BS.T @ BS
    K[:k, k] = K[k, :k] = 1.0
    K[k, k] = 0.0
    if np.linalg.cond(K) > 1e10:
        return None
    rhs = np.empty(k + 1)
    rhs[:k] = 2.0 * BS.T @ a
    rhs[k] = 1.0
    sol = np.linalg.solve(K, rhs)
    wS, lam = sol[:k], sol[k]
    if not np.all(np.isfinite(sol)) or wS.min() <= 1e-12:
        return None
    w = np.zeros(B.shape[1])
    w[S] = wS
    reduced = 2.0 * B.T @ (B @ w - a) + lam
    reduced[S] = np.inf
    scale = max(1.0, float(np.abs(a).max()) ** 2)
    if np.all(reduced > 1e-9 * scale):
        return w
    return None


class _InnerSolver:
    """Inner problem for many ``V`` in a row: the previous solution's support first (kept
    when it gives the unique minimiser), else :func:`donor_weights`; the result depends on
    ``V`` only, not on the order of the calls."""

    def __init__(self, X1s: np.ndarray, X0s: np.ndarray) -> None:
        self.X1s, self.X0s = X1s, X0s
        self.S: np.ndarray | None = None

    def __call__(self, v: np.ndarray) -> np.ndarray:
        r = np.sqrt(np.clip(v, 0.0, None))
        a, B = r * self.X1s, r[:, None] * self.X0s
        if self.S is not None:
            w = _on_support(a, B, self.S)
            if w is not None:
                return w
        w = donor_weights(self.X1s, self.X0s, v)
        self.S = np.flatnonzero(w > 0)
        return w


def donor_weights(X1s: np.ndarray, X0s: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Inner problem: ``W >= 0``, ``sum(W) = 1`` minimising ``(X1 - X0 W)' V (X1 - X0 W)``
    with ``V = diag(v)``; solved exactly by :func:`synthetic_weights` on ``sqrt(v)``-scaled
    rows (an active-set solution checked by the Karush-Kuhn-Tucker conditions)."""
    r = np.sqrt(np.clip(v, 0.0, None))
    return synthetic_weights(r * X1s, r[:, None] * X0s)


def _v_from(par: np.ndarray) -> np.ndarray:
    a = np.abs(par)
    s = a.sum()
    return a / s if s > 0 else np.full(a.size, 1.0 / a.size)


def regression_start(
    X1s: np.ndarray, X0s: np.ndarray, Z1: np.ndarray, Z0: np.ndarray
) -> np.ndarray:
    """Synth's regression-based starting value: the squared coefficients of the fit-period
    outcomes regressed (over units) on an intercept and the standardised predictors,
    summed over periods and normalised; equal weights when the regression is singular."""
    X = np.column_stack([np.ones(X0s.shape[1] + 1), np.column_stack([X1s[:, None], X0s]).T])
    Z = np.column_stack([Z1[:, None], Z0]).T
    beta, _, rank, _ = np.linalg.lstsq(X, Z, rcond=None)
    if rank < X.shape[1]:
        return np.full(X1s.size, 1.0 / X1s.size)
    d = np.sum(beta[1:] ** 2, axis=1)
    return d / d.sum() if d.sum() > 0 else np.full(X1s.size, 1.0 / X1s.size)


def nested_fit(
    X1: np.ndarray,
    X0: np.ndarray,
    Z1: np.ndarray,
    Z0: np.ndarray,
    *,
    v: np.ndarray | None = None,
) -> NestedFit:
    """Donor weights and predictor weights by the nested optimisation of Abadie, Diamond &
    Hainmueller (2010).

    Inner: :func:`donor_weights` for a given ``V`` (exact; the unique minimiser when
    there is one, else a deterministic choice among the minimisers). Outer:
    ``V = |p| / sum|p|`` minimising the outcome's mean squared prediction error over the fit
    periods, ``mean((Z1 - Z0 W(V))^2)``, from the two starting values R's Synth uses --
    equal weights and :func:`regression_start` -- each by Nelder-Mead and by Powell's
    method (Synth: Nelder-Mead and BFGS), keeping the best; then Powell and Nelder-Mead
    restarted from the best point while the loss falls (three rounds at most). With a single predictor,
    or ``v`` given, there is no outer problem.

    The outer loss is piecewise smooth in ``V`` with flat stretches and several local
    minima, and ``V`` itself is not identified (many ``V`` give the same ``W``): another
    optimiser can stop at a different ``V`` with a similar loss and different donor
    weights. On Proposition 99 this one reaches a lower loss than Synth 1.1-8 (3.077 vs
    3.209 packs squared; tests/reference/prop99_covariates).
    """
    X1s, X0s, _ = standardise(X1, X0)
    K = X1s.size

    inner = _InnerSolver(X1s, X0s)

    def evaluate(vv: np.ndarray) -> tuple[float, np.ndarray]:
        w = inner(vv)
        e = Z1 - Z0 @ w
        return float(e @ e) / e.size, w

    def finish(vv: np.ndarray, start: str) -> NestedFit:
        loss, w = evaluate(vv)
        d = X1s - X0s @ w
        return NestedFit(w=w, v=vv, loss_v=loss, loss_w=float(d @ (vv * d)), start=start)

    if v is not None:
        return finish(np.asarray(v, dtype=float) / float(np.sum(v)), "given")
    if K == 1:
        return finish(np.ones(1), "single predictor")

    def loss(par: np.ndarray) -> float:
        return evaluate(_v_from(par))[0]

    nm = {"maxiter": 500, "xatol": 1e-7, "fatol": 1e-9}
    best_par, best_loss, best_start = np.full(K, 1.0 / K), np.inf, ""
    starts = {"equal": np.full(K, 1.0 / K), "regression": regression_start(X1s, X0s, Z1, Z0)}
    for sname, p0 in starts.items():
        for method in ("Nelder-Mead", "Powell"):
            res = optimize.minimize(
                loss, p0, method=method, options=nm if method == "Nelder-Mead" else None
            )
            if float(res.fun) < best_loss:
                best_par, best_loss = np.asarray(res.x), float(res.fun)
                best_start = f"{sname} start, {method}"
    polished = 0
    for _ in range(3):  # restarts from the best point while the loss falls (at most 3)
        improved = False
        for method in ("Powell", "Nelder-Mead"):
            res = optimize.minimize(
                loss,
                _v_from(best_par),
                method=method,
                options=nm if method == "Nelder-Mead" else None,
            )
            if float(res.fun) < best_loss * (1 - 1e-9):
                best_par, best_loss, improved = np.asarray(res.x), float(res.fun), True
                polished += 1
        if not improved:
            break
    if polished:
        best_start += f", {polished} restart(s)"
    return finish(_v_from(best_par), best_start)
