"""Many series at once: the single-break tests over any other dimensions of an
``xarray.DataArray`` (provinces, indicators, simulations) with ``xarray.apply_ufunc``.

The time dimension is the core dimension; every other dimension is looped over in
vectorised numpy (series sharing the regressors are solved together).  Dask-backed
input is processed chunk by chunk (``dask="parallelized"``) with time in one chunk.
Series that cannot be computed (a NaN inside, all NaN, constant) get NaN results and a
``reason`` string; the others are unaffected.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from policyts.models._tables import HANSEN_MAX_K, hansen_pvalue, hansen_tau
from policyts.models.fstats import _ave_exp, _f_path_arrays, trim_to_obs

__all__ = ["sup_f_panel"]


def _regressors(n: int, const: bool, trend: bool) -> np.ndarray:
    cols = []
    if const:
        cols.append(np.ones(n))
    if trend:
        cols.append(np.arange(1, n + 1, dtype=float))
    if not cols:
        raise ValueError("the model has no regressors: use const=True or trend=True")
    return np.column_stack(cols)


def _sup_kernel(y: np.ndarray, *, X: np.ndarray, h: int, tau: float) -> tuple[np.ndarray, ...]:
    """sup/ave/exp Wald statistics, Hansen p-value and break position for y (..., n)."""
    n, k = X.shape
    lead = y.shape[:-1]
    flat = y.reshape(-1, n)
    ok = np.isfinite(flat).all(axis=1) & (np.ptp(np.where(np.isfinite(flat), flat, 0), axis=1) > 0)
    sup = np.full(flat.shape[0], np.nan)
    ave = np.full(flat.shape[0], np.nan)
    expf = np.full(flat.shape[0], np.nan)
    pos = np.full(flat.shape[0], -1, dtype=np.int64)
    if ok.any():
        positions, wald, _ = _f_path_arrays(flat[ok], X, h)
        i = np.argmax(wald, axis=-1)
        sup[ok] = np.take_along_axis(wald, i[:, None], axis=-1)[:, 0]
        a, e = _ave_exp(wald)
        ave[ok], expf[ok] = a, e
        pos[ok] = positions[i]
    if k <= HANSEN_MAX_K:
        pval = np.where(ok, hansen_pvalue(np.nan_to_num(sup), k, tau, "sup"), np.nan)
    else:
        pval = np.full_like(sup, np.nan)
    return tuple(a.reshape(lead) for a in (sup, pval, ave, expf, pos))


def sup_f_panel(
    da: Any,
    *,
    dim: str | None = None,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
) -> Any:
    """sup-F test for one break at an unknown date, for every series in ``da``.

    Parameters
    ----------
    da : xarray.DataArray
        Series along ``dim`` and any other dimensions (numpy- or dask-backed).
    dim : str, optional
        The time dimension (default: ``"year"`` or ``"time"`` if present).
    trim, const, trend
        As in :func:`policyts.models.sup_f` (intercept and/or trend regressors only).

    Returns
    -------
    xarray.Dataset
        Over the non-time dimensions: ``sup_wald`` (Wald scale, k*F), ``sup_f`` (F scale),
        ``pvalue`` (Hansen 1997), ``ave_wald``, ``exp_wald``, ``break_index`` (position
        of the first observation of the new regime, -1 if not computable),
        ``break_label`` (its time label) and ``reason`` (empty when computed).
    """
    import xarray as xr

    if not isinstance(da, xr.DataArray):
        raise ValueError("sup_f_panel needs an xarray.DataArray")
    if dim is None:
        dim = next((d for d in ("year", "time") if d in da.dims), None)
        if dim is None:
            raise ValueError(f"name the time dimension with dim=...; dims are {tuple(da.dims)}")
    if dim not in da.dims:
        raise ValueError(f"time dimension {dim!r} is not among {tuple(da.dims)}")
    if da.dtype.kind not in "fiu":
        raise ValueError(f"the series are not numeric (dtype {da.dtype})")
    if da.chunks is not None:
        time_axis = da.get_axis_num(dim)
        if len(da.chunks[time_axis]) > 1:
            raise ValueError(
                f"the time dimension {dim!r} is split across {len(da.chunks[time_axis])} "
                f"chunks; rechunk with da.chunk({{{dim!r}: -1}})"
            )
    n = da.sizes[dim]
    X = _regressors(n, const, trend)
    k = X.shape[1]
    h = trim_to_obs(trim, n, k)
    tau = hansen_tau(n, h, n - h)
    out = xr.apply_ufunc(
        _sup_kernel,
        da.astype(float),
        input_core_dims=[[dim]],
        output_core_dims=[[], [], [], [], []],
        kwargs={"X": X, "h": h, "tau": tau},
        dask="parallelized",
        output_dtypes=[float, float, float, float, np.int64],
    )
    sup, pval, ave, expf, pos = out
    labels = np.asarray(da[dim].values) if dim in da.coords else np.arange(n)
    finite = da.notnull().all(dim)
    reason = xr.where(finite, "", "missing value inside the series")
    posv = pos.compute() if hasattr(pos, "compute") else pos
    label_vals = np.where(posv.values >= 0, labels[np.clip(posv.values, 0, n - 1)], labels[0])
    ds = xr.Dataset(
        {
            "sup_wald": sup.assign_attrs(long_name="sup Wald statistic (k*F)", units="1"),
            "sup_f": (sup / k).assign_attrs(long_name="sup F statistic", units="1"),
            "pvalue": pval.assign_attrs(long_name="Hansen (1997) asymptotic p-value", units="1"),
            "ave_wald": ave.assign_attrs(long_name="ave Wald statistic (k*F)", units="1"),
            "exp_wald": expf.assign_attrs(long_name="exp Wald statistic (k*F)", units="1"),
            "break_index": pos.assign_attrs(
                long_name="position of the first period of the new regime (-1: not computed)"
            ),
            "break_label": (
                posv.dims,
                label_vals,
                {"long_name": "first period of the new regime at the sup"},
            ),
            "reason": reason.assign_attrs(long_name="why a series was not computed"),
        },
        attrs={"k": k, "n_obs": n, "min_segment": h, "tau": tau, "time_dim": dim},
    )
    constant = da.notnull().all(dim) & (da.max(dim) == da.min(dim))
    ds["reason"] = xr.where(constant, "constant series", ds["reason"])
    ds["break_label"] = ds["break_label"].where(ds["break_index"] >= 0)
    return ds
