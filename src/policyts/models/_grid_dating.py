"""Bai-Perron dating of long series on a coarse grid of candidate breaks.

The exact dynamic programme (:func:`policyts.models.bai_perron.dp_breaks`) is O(n^2) in
time.  For long series :func:`dp_breaks_grid` runs the same programme with breaks allowed
only at every ``step``-th position (O((n / step)^2)), then refines each break by an exact
search over the ``2 step - 1`` positions around it with the neighbouring breaks held fixed,
repeated until no break moves.  With ``step = 1`` it is the exact programme; with larger
steps the result is the exact optimum whenever each optimal break lies within ``step`` of
a grid optimum (well-separated breaks in long series), which is checked in the tests but not
guaranteed in general: partitions with more breaks than the data hold (spurious breaks in
noise) can differ from the exact ones.
"""

from __future__ import annotations

import numpy as np

from policyts.models._kernels import PrefixSums, first_min

__all__ = ["dp_breaks_grid"]


def dp_breaks_grid(
    y: np.ndarray, X: np.ndarray, h: int, max_breaks: int, step: int
) -> dict[int, list[int]]:
    """Break positions (first observation of each new regime) for m = 1..max_breaks.

    Regimes are at least ``h`` observations long.  Ties go to the earliest candidate, as
    in the exact programme.
    """
    n = X.shape[0]
    ps = PrefixSums(y, X)
    tol = float(np.max(ps.noise))
    M = max_breaks
    nodes = np.r_[np.arange(0, n, step), n]  # segment starts on the grid, and the end n
    U = nodes.size
    V = np.full((M + 1, U), np.inf)
    A = np.full((M + 1, U), -1, dtype=np.int64)
    for b in range(1, U):
        ok = np.flatnonzero(nodes[b] - nodes[:b] >= h)  # starts a with a long enough regime
        if ok.size == 0:
            continue
        r = np.full(b, np.inf)
        r[ok] = ps.rss(nodes[ok], np.full(ok.size, nodes[b] - 1))
        V[0, b] = r[0]
        for s in range(1, M + 1):
            cand = V[s - 1, :b] + r
            t = int(first_min(cand, tol))
            if np.isfinite(cand[t]):
                V[s, b], A[s, b] = cand[t], t
    out: dict[int, list[int]] = {}
    for m in range(1, M + 1):
        if not np.isfinite(V[m, U - 1]):
            continue
        pos: list[int] = []
        u, s = U - 1, m
        while s > 0:
            u = int(A[s, u])
            pos.append(int(nodes[u]))
            s -= 1
        out[m] = _refine(ps, sorted(pos), n, h, step, tol)
    return out


def _refine(ps: PrefixSums, breaks: list[int], n: int, h: int, step: int, tol: float) -> list[int]:
    """Move each break to the best position within ``step`` of it, the others fixed,
    until none moves (at most 50 sweeps)."""
    br = list(breaks)
    for _ in range(50):
        moved = False
        for i in range(len(br)):
            prev = br[i - 1] if i > 0 else 0
            nxt = br[i + 1] if i + 1 < len(br) else n
            lo = max(prev + h, br[i] - step + 1)
            hi = min(nxt - h, br[i] + step - 1)
            if hi <= lo:
                continue
            c = np.arange(lo, hi + 1)
            cost = ps.rss(np.full(c.size, prev), c - 1) + ps.rss(c, np.full(c.size, nxt - 1))
            best = int(c[int(first_min(cost, tol))])
            cur = float(cost[br[i] - lo]) if lo <= br[i] <= hi else np.inf
            if best != br[i] and float(np.min(cost)) < cur - tol:
                br[i] = best
                moved = True
        if not moved:
            break
    return br
