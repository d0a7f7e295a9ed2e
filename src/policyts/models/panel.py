"""Many series at once: the break tests over the other dimensions of an xarray object.

Every test of :mod:`policyts.models` for one series has a panel version here that runs it
for every series of an ``xarray.DataArray`` (time along ``dim``, anything else -- provinces,
patent kinds, indicators, Monte-Carlo replications -- along the other dimensions) and
returns an ``xarray.Dataset`` of results over those other dimensions:

* :func:`sup_f_panel` -- sup-F / ave-F / exp-F for one break at an unknown date;
* :func:`chow_panel` -- the Chow test at a known date;
* :func:`bai_perron_panel` -- Bai-Perron dating of up to M breaks;
* :func:`cusum_panel` -- OLS-CUSUM, recursive CUSUM and OLS-MOSUM fluctuation tests.

They run through :func:`xarray.apply_ufunc` with ``dask="parallelized"``: a dask-backed
input is computed chunk by chunk (lazily; call ``.compute()``), on threads, processes or a
``dask.distributed`` cluster, whichever scheduler is active.  The time dimension must be in
one chunk; chunk the other dimensions.  The numpy kernels underneath are public as
:func:`sup_f_array`, :func:`chow_array`, :func:`bai_perron_array` and :func:`cusum_array`
(time on the last axis of a plain array).

Series that share their regressors and their sample are solved together in vectorised
numpy; Bai-Perron runs :func:`policyts.models.bai_perron` series by series.

Chunks: dask spends about a millisecond per task, and each chunk makes one task per
result variable, so sup-F, Chow and CUSUM (about 10 microseconds per series of 40
periods) want chunks of 10,000 series or more; Bai-Perron (a few milliseconds per
series, holding the GIL) gains from more, smaller chunks and from worker processes
rather than threads.  ``benchmarks/bench_scaling.py`` measures this.

Series that cannot be computed
------------------------------
A series that is all missing, has a missing value inside its sample, is constant, has too
few observations, is otherwise degenerate (values too large to square, a single deviating
value, an exact fit of the model without a break: see :mod:`policyts.models._degenerate`),
has a non-numeric value (object input), is a non-numeric variable of a Dataset, or whose
own regressors are missing or collinear is not computed: its results are
NaN (``-1`` for integer positions and counts of breaks) and ``reason`` says why.  The other
series are unaffected.  ``reason`` is the empty string for computed series.

Problems that concern every series raise ``ValueError`` as the single-series functions do:
a bad ``trim``, a known break date outside the time axis, regressors shared by every series
that are missing or collinear, a non-numeric DataArray, a time axis with gaps, duplicate or
unsorted labels, or a time dimension split across dask chunks.

Samples
-------
``span="common"`` (default): every series is analysed on the whole time axis, and a
series with missing values at its start or end is not computed (``reason`` says so).
``span="observed"``: each series is analysed on the periods from its first to its last
non-missing value, exactly as the single-series function would analyse that stretch
(``trim`` as a fraction applies to that series' own length; the trend restarts at 1);
missing values inside that stretch still make the series not computable.
``n_obs``, ``sample_start`` and ``sample_end`` report each series' sample.

Provenance
----------
The input's attributes (``units``, ``long_name``, ``source``, ``references``, ...) are
carried into the result's attributes with the prefix ``input_`` (``input_units``,
``input_source``, ...); the input's name is ``input_name``.  Coordinates of the other
dimensions are kept.  For a Dataset input each data variable is one series along a new
dimension ``variable``, with coordinates ``variable_units`` and ``variable_long_name``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts._series import Series1D, as_exog, as_series
from policyts.models._bp_batched import bai_perron_batch, write_panel_rows
from policyts.models._degenerate import regressor_problem, series_reasons
from policyts.models._design import Design, build_design
from policyts.models._tables import (
    HANSEN_MAX_K,
    bai_perron_table_eps,
    hansen_pvalue,
    hansen_tau,
)
from policyts.models.bai_perron import _SELECT, bai_perron
from policyts.models.chow import _COV_TYPES, chow
from policyts.models.fluctuation import (
    _KINDS,
    _MOSUM_LEVELS,
    _bm_linear_crossing,
    _check_alpha,
    _check_mosum_h,
    _mosum_critical_values,
    fluctuation_boundary,
    fluctuation_critical_value,
    mosum_window,
)
from policyts.models.fstats import _ave_exp, _bootstrap_pvalue, _f_path_arrays, trim_to_obs

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "is_panel",
    "sup_f_panel",
    "chow_panel",
    "bai_perron_panel",
    "cusum_panel",
    "sup_f_array",
    "chow_array",
    "bai_perron_array",
    "cusum_array",
]

#: Reason strings of series that are not computed (``reason`` variable).
REASON_ALL_MISSING = "all values missing"
REASON_MISSING_INSIDE = "missing value inside the series"
REASON_MISSING_EDGES = (
    "missing values at the start or end of the time axis (span='common'); "
    "span='observed' analyses each series on the periods it covers"
)
REASON_CONSTANT = "constant series"

_SPANS = ("common", "observed")
# Internal name of the regressor dimension of exog; never appears in results.
_REG = "__policyts_regressor__"
_REFERENCES = {
    "sup_f": (
        "Andrews (1993), Econometrica 61(4); Andrews & Ploberger (1994), Econometrica 62(6); "
        "Hansen (1997), JBES 15(1); Hansen (2000), J. Econometrics 97(1)"
    ),
    "chow": "Chow (1960), Econometrica 28(3)",
    "bai_perron": (
        "Bai & Perron (1998), Econometrica 66(1); Bai & Perron (2003), J. Applied "
        "Econometrics 18(1) and Econometrics Journal 6; Bai (1997), REStat 79(4)"
    ),
    "cusum": (
        "Brown, Durbin & Evans (1975), JRSS B 37(2); Ploberger & Kraemer (1992), "
        "Econometrica 60(2); Chu, Hornik & Kuan (1995), Biometrika 82(3); Zeileis et al. "
        "(2002), J. Statistical Software 7(2)"
    ),
}
_BREAK_CONVENTION = (
    "break_index: 0-based position of the first period of the new regime (-1: none); "
    "break_label: its time label; break_end_label: last period of the old regime"
)


def is_panel(y: Any) -> bool:
    """True if ``y`` holds more than one series: an ``xarray.DataArray`` with more than
    one dimension, or an ``xarray.Dataset`` (each data variable is a series).

    Cheap: it never imports xarray (an object cannot be an xarray object unless xarray has
    been imported).

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import is_panel
    >>> is_panel(y), is_panel(y.sel(unit="a"))
    (True, False)
    """
    xr = sys.modules.get("xarray")
    if xr is None:
        return False
    if isinstance(y, xr.Dataset):
        return True
    return isinstance(y, xr.DataArray) and y.ndim > 1


# --------------------------------------------------------------------------------------
# the engine: plan groups of series sharing sample and regressors, run a test per group
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Out:
    """One result variable: name, trailing core dimensions, dtype, fill value, attrs.

    ``dtype="label"`` marks a time label: the engine gives 0-based positions (-1 = none)
    and the driver turns them into labels.
    """

    name: str
    core: tuple[str, ...]
    dtype: Any
    fill: Any
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Ctx:
    """Everything a kernel needs besides the data (picklable, sent to dask workers)."""

    n: int
    const: bool
    trend: bool
    span: str
    exog_names: tuple[str, ...]
    labels: np.ndarray
    sizes: dict[str, int]
    params: dict[str, Any]

    @property
    def names(self) -> tuple[str, ...]:
        base = (("const",) if self.const else ()) + (("trend",) if self.trend else ())
        return base + self.exog_names

    @property
    def k(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class _Group:
    """Series ``rows`` analysed on positions ``start..stop-1`` with regressors ``X``."""

    rows: np.ndarray
    start: int
    stop: int
    X: np.ndarray
    exog: np.ndarray | None
    data: dict[str, np.ndarray] = field(default_factory=dict)  # per-series inputs of rows

    @property
    def n(self) -> int:
        return self.stop - self.start


_GroupResult = dict[str, np.ndarray] | str
_GroupFn = Callable[[np.ndarray, _Group, _Ctx], _GroupResult]


def _label_dtype(labels: np.ndarray) -> tuple[np.dtype[Any], Any]:
    """dtype and missing value of label outputs: integer and float labels become float
    (NaN when missing), datetimes stay datetimes (NaT), anything else is object (NaN)."""
    kind = labels.dtype.kind
    if kind in "iufb":
        return np.dtype(np.float64), np.nan
    if kind in "Mm":
        return labels.dtype, labels.dtype.type("NaT")
    return np.dtype(object), np.nan


def _labels_at(labels: np.ndarray, pos: np.ndarray) -> np.ndarray:
    dtype, fill = _label_dtype(labels)
    out = np.full(pos.shape, fill, dtype=dtype)
    ok = pos >= 0
    if labels.size:
        out[ok] = labels[pos[ok]]
    return out


def _design_matrix(n: int, exog: np.ndarray | None, ctx: _Ctx) -> np.ndarray | str:
    """Regressors on a sample of ``n`` periods, or the reason they cannot be used."""
    cols = []
    if ctx.const:
        cols.append(np.ones(n))
    if ctx.trend:
        cols.append(np.arange(1, n + 1, dtype=float))
    if exog is not None:
        if not np.isfinite(exog).all():
            return "missing value in exog within the sample"
        for j, nm in enumerate(ctx.exog_names):
            if np.ptp(exog[:, j]) == 0 and (ctx.const or ctx.trend):
                return (
                    f"regressor {nm!r} is constant on the sample; it is collinear with the "
                    "intercept"
                )
        cols.extend(exog.T)
    X = np.column_stack(cols) if cols else np.empty((n, 0))
    problem = regressor_problem(X, ctx.names)
    if problem is not None:
        return f"on the sample, {problem}"
    return X


def _plan(Y: np.ndarray, E: np.ndarray | None, ctx: _Ctx) -> tuple[list[_Group], np.ndarray]:
    """Group the computable series by sample and regressors; reasons for the others.

    ``Y`` is (S, n); ``E`` is None, (n, q) shared or (S, n, q) per series.
    """
    S, n = Y.shape
    reason = np.full(S, "", dtype=object)
    finite = np.isfinite(Y)
    count = finite.sum(axis=1)
    has = count > 0
    first = np.where(has, finite.argmax(axis=1), 0)
    last = np.where(has, n - 1 - finite[:, ::-1].argmax(axis=1), -1)
    inside = has & (count != last - first + 1)
    edges = has & ~inside & ((first > 0) | (last < n - 1))
    reason[~has] = REASON_ALL_MISSING
    reason[inside] = REASON_MISSING_INSIDE
    if ctx.span == "common":
        reason[edges] = REASON_MISSING_EDGES
    # Constant on the sample: complete series directly, the few others through copies.
    full = count == n
    hi = np.where(full, Y.max(axis=1, initial=-np.inf), np.inf)
    lo = np.where(full, Y.min(axis=1, initial=np.inf), -np.inf)
    part = np.flatnonzero(has & ~full)
    if part.size:
        Yp, fp = Y[part], finite[part]
        hi[part] = np.where(fp, Yp, -np.inf).max(axis=1)
        lo[part] = np.where(fp, Yp, np.inf).min(axis=1)
    reason[(reason == "") & (hi == lo)] = REASON_CONSTANT
    ok = np.flatnonzero(reason == "")
    groups: list[_Group] = []
    if E is None or E.ndim == 2:
        keys = first[ok] * (n + 1) + last[ok]
        uniq, inv = np.unique(keys, return_inverse=True)
        order = np.argsort(inv, kind="stable")
        bounds = np.cumsum(np.bincount(inv, minlength=uniq.size))[:-1]
        members = np.split(ok[order], bounds)
    else:
        # Series-specific regressors: series share a group only if their regressors on
        # their sample are identical (e.g. exog varying over provinces only).
        buckets: dict[tuple[int, int, bytes], list[int]] = {}
        for i in ok:
            key = (int(first[i]), int(last[i]), E[i, first[i] : last[i] + 1].tobytes())
            buckets.setdefault(key, []).append(int(i))
        members = [np.asarray(v, dtype=np.int64) for v in buckets.values()]
    for rows in members:
        if rows.size == 0:
            continue
        s, e = int(first[rows[0]]), int(last[rows[0]]) + 1
        if E is None:
            ex = None
        elif E.ndim == 2:
            ex = E[s:e]
        else:
            ex = E[rows[0], s:e]
        X = _design_matrix(e - s, ex, ctx)
        if isinstance(X, str):
            reason[rows] = X
            continue
        groups.append(_Group(rows=rows, start=s, stop=e, X=X, exog=ex))
    return groups, reason


def _drive(
    Y: np.ndarray,
    E: np.ndarray | None,
    ctx: _Ctx,
    group_fn: _GroupFn,
    outputs: list[_Out],
    row_data: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Run ``group_fn`` over the groups of :func:`_plan` and assemble (S, ...) outputs.

    ``row_data`` holds per-series inputs (S,), handed to each group for its rows.
    """
    S = Y.shape[0]
    out: dict[str, np.ndarray] = {}
    for o in outputs:
        shape = (S, *(ctx.sizes[d] for d in o.core))
        if o.dtype == "label":
            out[o.name] = np.full(shape, -1, dtype=np.int64)
        else:
            out[o.name] = np.full(shape, o.fill, dtype=o.dtype)
    groups, reason = _plan(Y, E, ctx)
    n_obs = np.zeros(S, dtype=np.int64)
    start = np.full(S, -1, dtype=np.int64)
    end = np.full(S, -1, dtype=np.int64)
    for g in groups:
        # Degenerate series (overflowing, a lone deviating value, an exact fit without a
        # break) get a reason instead of a number; the others of the group still run.
        why = series_reasons(
            Y[g.rows, g.start : g.stop], g.X, ctx.names, labels=ctx.labels[g.start :]
        )
        if (why != "").any():
            reason[g.rows[why != ""]] = why[why != ""]
            if (why != "").all():
                continue
            g = replace(g, rows=g.rows[why == ""])
        if row_data:
            g = replace(g, data={k: v[g.rows] for k, v in row_data.items()})
        res = group_fn(Y[g.rows, g.start : g.stop], g, ctx)
        if isinstance(res, str):
            reason[g.rows] = res
            continue
        row_reason = res.pop("reason", None)
        for name, val in res.items():
            out[name][g.rows] = val
        n_obs[g.rows], start[g.rows], end[g.rows] = g.n, g.start, g.stop - 1
        if row_reason is not None:
            bad = row_reason != ""
            reason[g.rows[bad]] = row_reason[bad]
    failed = reason != ""
    for o in outputs:
        out[o.name][failed] = -1 if o.dtype == "label" else o.fill
        if o.dtype == "label":
            out[o.name] = _labels_at(ctx.labels, out[o.name])
    n_obs[failed], start[failed], end[failed] = 0, -1, -1
    out["n_obs"] = n_obs
    out["sample_start"] = _labels_at(ctx.labels, start)
    out["sample_end"] = _labels_at(ctx.labels, end)
    out["reason"] = reason
    return out


_COMMON_OUTPUTS = [
    _Out("n_obs", (), np.int64, 0, {"long_name": "observations used (0: not computed)"}),
    _Out("sample_start", (), "label", None, {"long_name": "first period of the sample used"}),
    _Out("sample_end", (), "label", None, {"long_name": "last period of the sample used"}),
    _Out(
        "reason", (), object, "", {"long_name": "why the series was not computed (empty: it was)"}
    ),
]


def _exog_block(e: np.ndarray, lead: tuple[int, ...], n: int) -> np.ndarray:
    """Exog block from apply_ufunc (leading dims possibly absent or of size 1) as (n, q)
    when it is the same for every series, else (S, n, q)."""
    q = e.shape[-1]
    if int(np.prod(e.shape[:-2], dtype=np.int64)) == 1:
        return e.reshape(n, q).astype(np.float64, copy=False)
    full = np.broadcast_to(e, (*lead, n, q))
    return full.reshape(-1, n, q).astype(np.float64)


def _ufunc(
    y: np.ndarray,
    *others: np.ndarray,
    group_fn: _GroupFn,
    ctx: _Ctx,
    outputs: list[_Out],
    names: tuple[str, ...],
) -> tuple[np.ndarray, ...]:
    """Block function of apply_ufunc: (..., n) -> one array per output over (...).

    ``others`` are the further inputs named by ``names``: ``"exog"`` (..., n, q) and
    per-series inputs (...) such as ``"seed"``.
    """
    lead, n = y.shape[:-1], y.shape[-1]
    Y = np.asarray(y, dtype=np.float64).reshape(-1, n)
    E = None
    row_data: dict[str, np.ndarray] = {}
    for name, arr in zip(names, others, strict=True):
        if name == "exog":
            E = _exog_block(np.asarray(arr), lead, n)
        else:
            row_data[name] = np.broadcast_to(np.asarray(arr), lead).reshape(-1)
    res = _drive(Y, E, ctx, group_fn, outputs, row_data)
    return tuple(res[o.name].reshape(lead + res[o.name].shape[1:]) for o in outputs)


# --------------------------------------------------------------------------------------
# xarray input
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    y: Any  # xarray.DataArray of float64, time last
    dim: str
    series: Series1D  # the time axis, validated (labels, frequency)
    labels: np.ndarray  # the time coordinate as given (used in results)
    exog: Any  # xarray.DataArray (..., dim, _REG) or None
    exog_names: tuple[str, ...]
    exog_shared: bool
    override: Any  # xarray.DataArray of reasons (object) or None
    attrs: dict[str, Any]


def _resolve_dim(dims: tuple[Hashable, ...], dim: str | None) -> str:
    if dim is None:
        found = next((d for d in ("year", "time") if d in dims), None)
        if found is None:
            raise ValueError(
                f"name the time dimension with dim=... (of the panel function or of the "
                f"accessor, e.g. y.policyts.sup_f(dim=...)); dims are {tuple(dims)}"
            )
        return str(found)
    if dim not in dims:
        raise ValueError(f"time dimension {dim!r} is not among {tuple(dims)}")
    return dim


def _coerce_object_block(a: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Object values (..., n) -> float values and a reason per series for non-numeric
    entries (the values there become NaN, the reason names the first one)."""
    lead, n = a.shape[:-1], a.shape[-1]
    flat = pd.Series(np.asarray(a, dtype=object).ravel())
    num = pd.to_numeric(flat, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = (np.isnan(num) & ~flat.isna().to_numpy()).reshape(-1, n)
    rows = np.asarray(a, dtype=object).reshape(-1, n)
    reason = np.full(bad.shape[0], "", dtype=object)
    for i in np.flatnonzero(bad.any(axis=1)):
        j = int(np.argmax(bad[i]))
        label = _attr_value(labels[j]) if labels.size else j
        reason[i] = f"non-numeric value {rows[i, j]!r} at {label!r}"
    return num.reshape(a.shape), reason.reshape(lead)


def _to_float(da: Any, dim: str, labels: np.ndarray) -> tuple[Any, Any]:
    """DataArray -> (float DataArray, reasons or None); raise if it cannot be numeric."""
    import xarray as xr

    kind = da.dtype.kind
    if kind in "iuf":
        return da.astype(np.float64, copy=False), None
    if kind == "O":
        vals, reason = xr.apply_ufunc(
            _coerce_object_block,
            da,
            input_core_dims=[[dim]],
            output_core_dims=[[dim], []],
            kwargs={"labels": labels},
            dask="parallelized",
            output_dtypes=[np.float64, object],
        )
        return vals, reason
    raise ValueError(
        f"the series are not numeric (dtype {da.dtype}); a DataArray has one dtype for "
        "every series: convert it, or pass an xarray.Dataset with one variable per series"
    )


def _dataset_to_array(ds: Any, dim: str, labels: np.ndarray) -> tuple[Any, Any]:
    """Stack the data variables of a Dataset along ``variable``; non-numeric variables
    and variables without the time dimension become all-NaN series with a reason."""
    import xarray as xr

    names = [str(v) for v in ds.data_vars]
    if not names:
        raise ValueError("the Dataset has no data variables to analyse")
    time_coord = {dim: ds[dim].values} if dim in ds.coords else {}
    arrays, reasons, units, long_names = [], [], [], []
    for name in names:
        v = ds[name]
        units.append(str(v.attrs.get("units", "")))
        long_names.append(str(v.attrs.get("long_name", "")))
        placeholder = xr.DataArray(np.full(ds.sizes[dim], np.nan), dims=dim, coords=time_coord)
        if dim not in v.dims:
            arrays.append(placeholder)
            reasons.append(xr.DataArray(f"variable {name!r} has no dimension {dim!r}"))
            continue
        if v.dtype.kind in "iuf":
            arrays.append(v.astype(np.float64, copy=False))
            reasons.append(xr.DataArray(""))
        elif v.dtype.kind == "O":
            vals, rsn = _to_float(v, dim, labels)
            arrays.append(vals)
            reasons.append(rsn)
        else:
            arrays.append(placeholder)
            reasons.append(xr.DataArray(f"variable {name!r} is not numeric (dtype {v.dtype})"))
    arrays = [a.drop_attrs() if hasattr(a, "drop_attrs") else a for a in arrays]
    arrays = list(xr.broadcast(*arrays))
    index = pd.Index(names, name="variable")
    stacked = xr.concat(arrays, dim=index, coords="minimal", compat="override")
    reasons = [r.astype(object) for r in xr.broadcast(*reasons)]
    if any(r.chunks is not None for r in reasons):
        # dask cannot guess chunk sizes for object arrays: give them explicitly.
        import dask.array

        reasons = [
            r.copy(data=dask.array.from_array(r.values, chunks=r.shape)) if r.chunks is None else r
            for r in reasons
        ]
    reason = xr.concat(reasons, dim=index)
    stacked = stacked.assign_coords(
        variable_units=("variable", units), variable_long_name=("variable", long_names)
    )
    return stacked, reason


def _prepare_exog(
    exog: Any, y: Any, dim: str, series: Series1D, span: str, const: bool, trend: bool
) -> tuple[Any, tuple[str, ...], bool]:
    import xarray as xr

    if exog is None:
        return None, (), True
    n = series.n
    if isinstance(exog, xr.Dataset):
        names = tuple(str(v) for v in exog.data_vars)
        ex = exog.to_dataarray(dim=_REG) if hasattr(exog, "to_dataarray") else exog.to_array(_REG)
    elif isinstance(exog, xr.DataArray):
        if dim not in exog.dims:
            raise ValueError(
                f"exog must have the time dimension {dim!r} (its dims are {tuple(exog.dims)})"
            )
        other = [d for d in exog.dims if d != dim and d not in y.dims]
        if len(other) > 1:
            raise ValueError(
                f"exog has dimensions {other} that the series do not have; at most one "
                "(the regressors) is allowed"
            )
        if other:
            reg = other[0]
            size = exog.sizes[reg]
            names = (
                tuple(str(v) for v in exog[reg].values)
                if reg in exog.coords
                else tuple(f"x{j + 1}" for j in range(size))
            )
            ex = exog.rename({reg: _REG})
            if _REG in ex.coords:
                ex = ex.drop_vars(_REG)
        else:
            names = (str(exog.name) if exog.name is not None else "x1",)
            ex = exog.expand_dims(_REG, axis=-1)
    else:
        arr, name_list = as_exog(exog, series)
        names = tuple(name_list)
        coords = {dim: y[dim].values} if dim in y.coords else {}
        ex = xr.DataArray(arr, dims=(dim, _REG), coords=coords)
    if ex.dtype.kind not in "iuf":
        raise ValueError(f"exog is not numeric (dtype {ex.dtype})")
    if ex.sizes[dim] != n:
        raise ValueError(f"exog has {ex.sizes[dim]} periods along {dim!r}, the series {n}")
    if dim in ex.coords and dim in y.coords:
        if not np.array_equal(np.asarray(ex[dim].values), np.asarray(y[dim].values)):
            raise ValueError(
                f"exog is not aligned with the series along {dim!r}: their time labels "
                "differ; align them first"
            )
    ex = ex.drop_vars([c for c in ex.coords if dim in ex[c].dims and c != dim])
    if dim in y.coords:
        ex = ex.assign_coords({dim: y[dim].values})
    elif dim in ex.coords:
        ex = ex.drop_vars(dim)
    try:
        xr.align(y, ex, join="exact")
    except ValueError as err:
        raise ValueError(
            f"exog and the series have different coordinates on a shared dimension ({err}); "
            "align them first"
        ) from None
    if ex.chunks is not None:
        ex = ex.chunk({dim: -1, _REG: -1})
    ex = ex.astype(np.float64, copy=False)
    shared = set(ex.dims) <= {dim, _REG}
    if shared and span == "common":
        # A problem of regressors every series shares concerns every series: raise.
        frame = pd.DataFrame(
            np.asarray(ex.transpose(dim, _REG).values), index=series.labels, columns=names
        )
        build_design(series, frame, const=const, trend=trend)
    return ex, names, shared


def _prepare(
    y: Any, exog: Any, dim: str | None, const: bool, trend: bool, span: str, what: str
) -> _Prepared:
    import xarray as xr

    if span not in _SPANS:
        raise ValueError(f"span must be one of {_SPANS}, not {span!r}")
    if not isinstance(y, xr.DataArray | xr.Dataset):
        raise ValueError(
            f"{what} needs an xarray.DataArray or Dataset, got {type(y).__name__}; for one "
            f"series use the single-series function, for a numpy array of series "
            f"{what.replace('_panel', '_array')}"
        )
    dim = _resolve_dim(tuple(y.dims), dim)
    n = y.sizes[dim]
    coords = {dim: y[dim].values} if dim in y.coords else {}
    labels = np.asarray(y[dim].values) if dim in y.coords else np.arange(n)
    series = as_series(xr.DataArray(np.zeros(n), dims=dim, coords=coords), name=dim)
    input_name = getattr(y, "name", None)
    attrs = {f"input_{k}": v for k, v in y.attrs.items()}
    if input_name is not None:
        attrs["input_name"] = str(input_name)
    if isinstance(y, xr.Dataset):
        da, override = _dataset_to_array(y, dim, labels)
    else:
        da, override = _to_float(y, dim, labels)
    da = da.transpose(..., dim)
    if da.chunks is not None:
        nchunks = len(da.chunks[-1])
        if nchunks > 1:
            raise ValueError(
                f"the time dimension {dim!r} is split across {nchunks} chunks; rechunk with "
                f"da.chunk({{{dim!r}: -1}}) and chunk the other dimensions instead"
            )
    if not (const or trend or exog is not None):
        raise ValueError("the model has no regressors: use const=True, trend=True or give exog")
    ex, names, shared = _prepare_exog(exog, da, dim, series, span, const, trend)
    return _Prepared(da, dim, series, labels, ex, names, shared, override, attrs)


def _run(
    prep: _Prepared,
    ctx: _Ctx,
    group_fn: _GroupFn,
    outputs: list[_Out],
    attrs: dict[str, Any],
    row_inputs: dict[str, Any] | None = None,
) -> xr.Dataset:
    import xarray as xr

    outs = outputs + _COMMON_OUTPUTS
    args = [prep.y]
    core: list[list[str]] = [[prep.dim]]
    names: list[str] = []
    if prep.exog is not None:
        args.append(prep.exog)
        core.append([prep.dim, _REG])
        names.append("exog")
    for name, arr in (row_inputs or {}).items():
        args.append(arr)
        core.append([])
        names.append(name)
    label_dtype, _ = _label_dtype(ctx.labels)
    dtypes = [label_dtype if o.dtype == "label" else np.dtype(o.dtype) for o in outs]
    new_sizes = {d: s for d, s in ctx.sizes.items() if d != prep.dim}
    result = xr.apply_ufunc(
        _ufunc,
        *args,
        input_core_dims=core,
        output_core_dims=[list(o.core) for o in outs],
        kwargs={"group_fn": group_fn, "ctx": ctx, "outputs": outs, "names": tuple(names)},
        dask="parallelized",
        output_dtypes=dtypes,
        dask_gufunc_kwargs={"output_sizes": new_sizes} if new_sizes else None,
        join="exact",
    )
    if not isinstance(result, tuple):
        result = (result,)
    data = {o.name: r.assign_attrs(o.attrs) for o, r in zip(outs, result, strict=True)}
    ds = xr.Dataset(data)
    if prep.override is not None:
        # Series reported not computable before the run (non-numeric values or
        # variables): every result of theirs is missing, whatever the kernel saw.
        bad = prep.override != ""
        for o in outs:
            var = ds[o.name]
            if o.name == "reason":
                new = xr.where(bad, prep.override, var)
            else:
                fill = o.fill
                if o.dtype == "label":
                    fill = np.datetime64("NaT") if var.dtype.kind in "Mm" else np.nan
                new = var.where(~bad, fill)
            ds[o.name] = new.astype(var.dtype).assign_attrs(o.attrs)
    for d, size in new_sizes.items():
        ds = ds.assign_coords({d: _core_coord(d, size)})
    if prep.dim in ctx.sizes and prep.dim in prep.y.coords:
        ds = ds.assign_coords({prep.dim: prep.labels})
    base = {
        "time_dim": prep.dim,
        "n_time": ctx.n,
        "span": ctx.span,
        "regressors": ", ".join(ctx.names),
        "k": ctx.k,
        "exog_varies_by_series": int(not prep.exog_shared),
        "source": "policyts.models.panel",
    }
    ds.attrs = {**base, **attrs, **prep.attrs}
    return ds


def _core_coord(d: str, size: int) -> np.ndarray:
    if d == "break":
        return np.arange(1, size + 1)
    return np.arange(size)


def _ctx(
    n: int,
    const: bool,
    trend: bool,
    span: str,
    exog_names: tuple[str, ...],
    labels: np.ndarray,
    sizes: dict[str, int] | None = None,
    **params: Any,
) -> _Ctx:
    return _Ctx(
        n=n,
        const=const,
        trend=trend,
        span=span,
        exog_names=exog_names,
        labels=labels,
        sizes=dict(sizes or {}),
        params=params,
    )


def _array_input(
    y: Any, exog: Any, labels: Any, span: str
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, tuple[str, ...]]:
    """Validate numpy input of the ``*_array`` functions: y (..., n), exog (n,), (n, q),
    or (..., n, q) broadcastable against y."""
    if span not in _SPANS:
        raise ValueError(f"span must be one of {_SPANS}, not {span!r}")
    Y = np.asarray(y)
    if Y.dtype.kind not in "iuf":
        raise ValueError(f"the series are not numeric (dtype {Y.dtype})")
    if Y.ndim < 1 or Y.shape[-1] == 0:
        raise ValueError("y must have the time axis last and at least one period")
    n = Y.shape[-1]
    lab = np.arange(n) if labels is None else np.asarray(labels)
    if lab.shape != (n,):
        raise ValueError(f"labels must have one label per period ({n}), got shape {lab.shape}")
    if labels is not None:
        import xarray as xr

        as_series(xr.DataArray(np.zeros(n), dims="time", coords={"time": lab}), name="labels")
    if exog is None:
        return np.asarray(Y, dtype=np.float64), None, lab, ()
    E = np.asarray(exog, dtype=np.float64)
    if E.ndim == 1:
        E = E[:, None]
    if E.shape[-2] != n:
        raise ValueError(f"exog has {E.shape[-2]} periods, the series {n}")
    names = tuple(f"x{j + 1}" for j in range(E.shape[-1]))
    return np.asarray(Y, dtype=np.float64), E, lab, names


def _run_array(
    Y: np.ndarray,
    E: np.ndarray | None,
    ctx: _Ctx,
    group_fn: _GroupFn,
    outputs: list[_Out],
    row_inputs: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    lead, n = Y.shape[:-1], Y.shape[-1]
    Eb = None if E is None else _exog_block(E, lead, n)
    rows = {k: np.broadcast_to(v, lead).reshape(-1) for k, v in (row_inputs or {}).items()}
    res = _drive(Y.reshape(-1, n), Eb, ctx, group_fn, outputs, rows)
    return {k: v.reshape(lead + v.shape[1:]) for k, v in res.items()}


def _check_shared_common(E: np.ndarray | None, ctx: _Ctx) -> None:
    """For the numpy path: shared regressors on the common sample must be usable."""
    if ctx.span == "common" and (E is None or int(np.prod(E.shape[:-2], dtype=np.int64)) == 1):
        ex = None if E is None else E.reshape(ctx.n, -1)
        X = _design_matrix(ctx.n, ex, ctx)
        if isinstance(X, str):
            raise ValueError(X)
    if ctx.k == 0:
        raise ValueError("the model has no regressors: use const=True, trend=True or give exog")


# --------------------------------------------------------------------------------------
# sup-F
# --------------------------------------------------------------------------------------

_SUP_OUTPUTS = [
    _Out(
        "sup_wald", (), np.float64, np.nan, {"long_name": "sup Wald statistic (k*F)", "units": "1"}
    ),
    _Out(
        "sup_f", (), np.float64, np.nan, {"long_name": "sup F statistic (Wald / k)", "units": "1"}
    ),
    _Out(
        "pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) asymptotic p-value of sup-F", "units": "1"},
    ),
    _Out(
        "ave_wald", (), np.float64, np.nan, {"long_name": "ave Wald statistic (k*F)", "units": "1"}
    ),
    _Out(
        "ave_pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) p-value of ave-F", "units": "1"},
    ),
    _Out(
        "exp_wald", (), np.float64, np.nan, {"long_name": "exp Wald statistic (k*F)", "units": "1"}
    ),
    _Out(
        "exp_pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) p-value of exp-F", "units": "1"},
    ),
    _Out(
        "break_index",
        (),
        np.int64,
        -1,
        {"long_name": "position of the first period of the new regime at the sup (-1: none)"},
    ),
    _Out(
        "break_label", (), "label", None, {"long_name": "first period of the new regime at the sup"}
    ),
    _Out(
        "break_end_label",
        (),
        "label",
        None,
        {"long_name": "last period of the old regime at the sup"},
    ),
]
_BOOT_OUTPUT = _Out(
    "bootstrap_pvalue",
    (),
    np.float64,
    np.nan,
    {"long_name": "fixed-regressor bootstrap p-value of sup-F (Hansen 2000)", "units": "1"},
)


# About 16 MB of float64 per block of series in the sup-F kernel.
_SUP_BLOCK_VALUES = 2_000_000


def _sup_group(Yg: np.ndarray, g: _Group, ctx: _Ctx) -> _GroupResult:
    p = ctx.params
    k = g.X.shape[1]
    try:
        h = trim_to_obs(p["trim"], g.n, k)
    except ValueError as err:
        return f"too few observations ({g.n}): {err}"
    tau = hansen_tau(g.n, h, g.n - h)
    S = Yg.shape[0]
    sup, ave, expf = np.empty(S), np.empty(S), np.empty(S)
    pos = np.empty(S, dtype=np.int64)
    # Blocks of series bound the memory of the F paths (each series holds prefix sums
    # and a path of n - 2h + 1 values); every series is computed on its own, so the
    # results do not depend on the block size.
    block = max(1, _SUP_BLOCK_VALUES // (g.n * (k + 2)))
    for b0 in range(0, S, block):
        rows = slice(b0, b0 + block)
        positions, wald, _ = _f_path_arrays(Yg[rows], g.X, h)
        i = np.argmax(wald, axis=-1)
        sup[rows] = np.take_along_axis(wald, i[:, None], axis=-1)[:, 0]
        ave[rows], expf[rows] = _ave_exp(wald)
        pos[rows] = positions[i] + g.start
    res: dict[str, np.ndarray] = {
        "sup_wald": sup,
        "sup_f": sup / k,
        "ave_wald": ave,
        "exp_wald": expf,
        "break_index": pos,
        "break_label": pos,
        "break_end_label": pos - 1,
    }
    if k <= HANSEN_MAX_K:
        res["pvalue"] = hansen_pvalue(sup, k, tau, "sup")
        res["ave_pvalue"] = hansen_pvalue(ave, k, tau, "ave")
        res["exp_pvalue"] = hansen_pvalue(expf, k, tau, "exp")
    draws = p["bootstrap"]
    if draws:
        names = tuple(f"x{j}" for j in range(k))
        boot = np.empty(Yg.shape[0])
        seeds = g.data.get("seed")
        for r, row in enumerate(Yg):
            s1 = Series1D(values=row, labels=pd.RangeIndex(g.n), freq="position")
            boot[r] = _bootstrap_pvalue(
                Design(series=s1, X=g.X, names=names),
                p["trim"],
                float(sup[r]),
                draws,
                p["seed"] if seeds is None else int(seeds[r]),
                p["heteroskedastic"],
            )
        res["bootstrap_pvalue"] = boot
    return res


def _check_seeds(seed: Any, what: str) -> np.ndarray | None:
    """None or an int: the same seed for every series (returned as None).  An array of
    integers: one seed per series (returned as an integer array)."""
    if seed is None or (isinstance(seed, int | np.integer) and not isinstance(seed, bool)):
        if seed is not None and int(seed) < 0:
            raise ValueError(f"seed must be a non-negative integer or None, got {seed}")
        return None
    values = np.asarray(getattr(seed, "data", seed))
    if values.dtype.kind not in "iu":
        raise ValueError(
            f"seed must be None, an integer, or integers per series ({what}), got dtype "
            f"{values.dtype}"
        )
    return values


def _sup_setup(
    n: int, k: int, trim: float | int, bootstrap: int
) -> tuple[int, float, list[_Out], dict[str, Any]]:
    h = trim_to_obs(trim, n, k)
    if bootstrap < 0:
        raise ValueError(f"bootstrap must be a number of draws >= 0, got {bootstrap}")
    outs = _SUP_OUTPUTS + ([_BOOT_OUTPUT] if bootstrap else [])
    tau = hansen_tau(n, h, n - h)
    attrs: dict[str, Any] = {
        "test": "sup-F, ave-F and exp-F tests for one break at an unknown date",
        "scale": "Wald (k*F) for *_wald; F for sup_f",
        "trim": trim,
        "min_segment": h,
        "tau": tau,
        "conventions": _BREAK_CONVENTION,
        "references": _REFERENCES["sup_f"],
        "comment": (
            "min_segment and tau are for a series covering the whole time axis; with "
            "span='observed' trim applies to each series' own length"
        ),
    }
    if k > HANSEN_MAX_K:
        attrs["note"] = f"Hansen (1997) p-values exist only for k <= {HANSEN_MAX_K}; use bootstrap"
    if bootstrap:
        attrs["bootstrap_draws"] = int(bootstrap)
        attrs["bootstrap_note"] = (
            "each series' bootstrap p-value equals sup_f(series, bootstrap=..., seed=...) "
            "with that series' seed; with one integer seed every series uses the same draws"
        )
    return h, tau, outs, attrs


def sup_f_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    bootstrap: int = 0,
    seed: int | None = 0,
    heteroskedastic: bool = True,
    span: str = "common",
) -> xr.Dataset:
    """sup-F test for one break at an unknown date, for every series in ``y``.

    Parameters
    ----------
    y : xarray.DataArray or xarray.Dataset
        Series along ``dim`` and any other dimensions (numpy- or dask-backed; for dask the
        time dimension in one chunk).  A Dataset is one series per data variable.
    exog : xarray.DataArray, xarray.Dataset or array_like, optional
        Further regressors.  A DataArray has the time dimension, optionally dimensions of
        ``y`` (regressors that vary by series) and at most one more dimension, the
        regressors (its coordinate names them); a Dataset is one regressor per variable;
        an array has rows = time and is shared by every series.
    dim : str, optional
        The time dimension (default ``"year"`` or ``"time"`` if present).
    trim, const, trend, bootstrap, heteroskedastic
        As in :func:`policyts.models.sup_f`.
    seed : int, None or xarray.DataArray of int
        Seed of the bootstrap draws.  Each series' bootstrap p-value is that of
        ``sup_f(series, bootstrap=bootstrap, seed=...)`` with its seed.  One integer gives
        every series the same draws (reproducible, but the p-values of different series
        are then dependent); a DataArray of non-negative integers over (some of) the other
        dimensions gives each series its own seed -- what a Monte-Carlo study needs, e.g.
        ``xr.DataArray(np.arange(31 * 1000).reshape(31, 1000), dims=("province",
        "replication"))``; None draws fresh, unreproducible numbers for every series.
    span : {"common", "observed"}
        Sample of each series (see the module docstring).

    Returns
    -------
    xarray.Dataset
        Over the dimensions of ``y`` other than ``dim``: ``sup_wald`` (Wald scale, k*F),
        ``sup_f`` (F scale), ``pvalue`` (Hansen 1997), ``ave_wald``, ``ave_pvalue``,
        ``exp_wald``, ``exp_pvalue``, ``break_index`` (0-based position of the first period
        of the new regime at the sup, -1 if not computed), ``break_label`` (its label),
        ``break_end_label`` (last period of the old regime), ``bootstrap_pvalue`` (if
        requested), ``n_obs``, ``sample_start``, ``sample_end`` and ``reason`` (empty when
        computed).  Integer and float time labels are returned as floats (NaN when
        missing), datetimes as datetimes (NaT).

    Raises
    ------
    ValueError
        For problems that concern every series (see the module docstring).

    Notes
    -----
    Each series' numbers equal :func:`policyts.models.sup_f` on that series to a relative
    1e-10 (tests/test_panel.py), and numpy-, xarray- and dask-backed runs agree to 1e-12.

    References
    ----------
    Andrews, D. W. K. (1993). Econometrica 61(4), 821-856.
    Hansen, B. E. (1997). Journal of Business & Economic Statistics 15(1), 60-67.
    Hansen, B. E. (2000). Journal of Econometrics 97(1), 93-115.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import sup_f_panel
    >>> sup_f_panel(y)["break_label"].values.tolist()
    [2006.0, 2006.0, 2005.0]
    """
    prep = _prepare(y, exog, dim, const, trend, span, "sup_f_panel")
    row_inputs = _panel_seeds(seed, prep)
    ctx = _ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        trim=trim,
        bootstrap=int(bootstrap),
        seed=None if row_inputs else seed,
        heteroskedastic=heteroskedastic,
    )
    _, _, outs, attrs = _sup_setup(ctx.n, ctx.k, trim, int(bootstrap))
    if row_inputs:
        attrs["bootstrap_seed"] = "one per series (input)"
    elif bootstrap:
        attrs["bootstrap_seed"] = "none (fresh draws)" if seed is None else int(seed)
    return _run(prep, ctx, _sup_group, outs, attrs, row_inputs)


def _panel_seeds(seed: Any, prep: _Prepared) -> dict[str, Any]:
    import xarray as xr

    if _check_seeds(seed, "a DataArray over the dimensions other than time") is None:
        return {}
    if not isinstance(seed, xr.DataArray):
        raise ValueError("seeds per series must be an xarray.DataArray over the series' dimensions")
    extra = [d for d in seed.dims if d not in prep.y.dims or d == prep.dim]
    if extra:
        raise ValueError(
            f"the seed DataArray has dimensions {extra} that are not dimensions of the series "
            f"other than {prep.dim!r}"
        )
    if bool((seed < 0).any()):
        raise ValueError("seeds must be non-negative integers")
    return {"seed": seed}


def sup_f_array(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    bootstrap: int = 0,
    seed: int | None = 0,
    heteroskedastic: bool = True,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`sup_f_panel`: ``y`` is an array ``(..., n)`` with time
    on the last axis; ``exog`` is ``(n,)``, ``(n, q)`` or ``(..., n, q)``; ``labels`` are the
    time labels (default positions 0..n-1); ``seed`` is None, an integer or integers
    broadcastable to ``y.shape[:-1]``.  Returns a dict of arrays over ``y.shape[:-1]``
    with the variables of :func:`sup_f_panel`."""
    Y, E, lab, names = _array_input(y, exog, labels, span)
    seeds = _check_seeds(seed, "an array broadcastable to y.shape[:-1]")
    if seeds is not None and (seeds < 0).any():
        raise ValueError("seeds must be non-negative integers")
    ctx = _ctx(
        Y.shape[-1],
        const,
        trend,
        span,
        names,
        lab,
        trim=trim,
        bootstrap=int(bootstrap),
        seed=None if seeds is not None else seed,
        heteroskedastic=heteroskedastic,
    )
    _check_shared_common(E, ctx)
    _, _, outs, _ = _sup_setup(ctx.n, ctx.k, trim, int(bootstrap))
    rows = {} if seeds is None else {"seed": seeds}
    return _run_array(Y, E, ctx, _sup_group, outs, rows)


# --------------------------------------------------------------------------------------
# Chow test at a known date
# --------------------------------------------------------------------------------------

_CHOW_OUTPUTS = [
    _Out("stat", (), np.float64, np.nan, {"units": "1"}),
    _Out("pvalue", (), np.float64, np.nan, {"long_name": "p-value", "units": "1"}),
    _Out("df_num", (), np.float64, np.nan, {"long_name": "numerator degrees of freedom"}),
    _Out(
        "df_denom",
        (),
        np.float64,
        np.nan,
        {"long_name": "denominator degrees of freedom (NaN for the chi-square Wald test)"},
    ),
    _Out("rss_restricted", (), np.float64, np.nan, {"long_name": "RSS, one regime"}),
    _Out("rss_unrestricted", (), np.float64, np.nan, {"long_name": "RSS, two regimes"}),
    _Out("n_before", (), np.int64, -1, {"long_name": "observations in the old regime"}),
    _Out("n_after", (), np.int64, -1, {"long_name": "observations in the new regime"}),
]


def _rss(Yseg: np.ndarray, Xseg: np.ndarray) -> np.ndarray:
    """Exact OLS RSS of every row of ``Yseg`` on the shared ``Xseg`` (one lstsq)."""
    coef, *_ = np.linalg.lstsq(Xseg, Yseg.T, rcond=None)
    resid = Yseg - (Xseg @ coef).T
    return np.einsum("ij,ij->i", resid, resid)


def _chow_group(Yg: np.ndarray, g: _Group, ctx: _Ctx) -> _GroupResult:
    p = ctx.params
    k = g.X.shape[1]
    b = p["position"] - g.start
    n1, n2 = b, g.n - b
    if not 0 < b < g.n:
        return "the break date is outside the series' sample"
    if n1 < k + 1 or n2 < k + 1:
        return (
            f"the break date is too near an end of the sample: {max(min(n1, n2), 0)} "
            f"observation(s) on one side, each regime needs more than {k}"
        )
    S = Yg.shape[0]
    res: dict[str, np.ndarray] = {
        "n_before": np.full(S, n1, dtype=np.int64),
        "n_after": np.full(S, n2, dtype=np.int64),
        "df_num": np.full(S, float(k)),
    }
    if p["cov_type"] == "nonrobust":
        from scipy import stats  # here: importing the models should not load scipy.stats

        rss0 = _rss(Yg, g.X)
        rss1 = _rss(Yg[:, :b], g.X[:b]) + _rss(Yg[:, b:], g.X[b:])
        df2 = g.n - 2 * k
        f = ((rss0 - rss1) / k) / (rss1 / df2)
        res.update(
            stat=f,
            pvalue=stats.f.sf(f, k, df2),
            df_denom=np.full(S, float(df2)),
            rss_restricted=rss0,
            rss_unrestricted=rss1,
        )
        return res
    # Robust covariances: the single-series test, series by series.
    stat = np.full(S, np.nan)
    pval = np.full(S, np.nan)
    rss0 = np.full(S, np.nan)
    rss1 = np.full(S, np.nan)
    reason = np.full(S, "", dtype=object)
    for r, row in enumerate(Yg):
        try:
            t = chow(
                row,
                g.exog,
                at=b,
                const=ctx.const,
                trend=ctx.trend,
                cov_type=p["cov_type"],
                maxlags=p["maxlags"],
                kernel=p["kernel"],
            )
        except ValueError as err:
            reason[r] = str(err)
            continue
        stat[r], pval[r] = t.stat, t.pvalue
        rss0[r] = t.details["rss_restricted"]
        rss1[r] = t.details["rss_unrestricted"]
    res.update(
        stat=stat,
        pvalue=pval,
        df_denom=np.full(S, np.nan),
        rss_restricted=rss0,
        rss_unrestricted=rss1,
        reason=reason,
    )
    return res


def _chow_setup(
    series: Series1D, labels: np.ndarray, at: Any, k: int, cov_type: str, span: str
) -> tuple[int, list[_Out], dict[str, Any]]:
    if cov_type not in _COV_TYPES:
        raise ValueError(f"cov_type must be one of {_COV_TYPES}, not {cov_type!r}")
    if series.freq == "position":
        try:
            pos = int(at)
        except (TypeError, ValueError):
            raise ValueError(f"break date {at!r} must be a position 0..{series.n - 1}") from None
        if not 0 <= pos < series.n:
            raise ValueError(f"break date {at!r} is outside the time axis (0..{series.n - 1})")
    else:
        pos = series.position(at)
    n = series.n
    if span == "common" and (pos < k + 1 or n - pos < k + 1):
        raise ValueError(
            f"Chow date {series.label(pos)!r} is too near an end: {min(pos, n - pos)} "
            f"observation(s) on one side, but each regime needs more than the {k} "
            "regressors; use chow_predictive() on the series for a short post-period"
        )
    robust = cov_type != "nonrobust"
    stat_attrs = {
        "long_name": (
            f"Chow Wald statistic ({cov_type} covariance), chi-square(k)"
            if robust
            else "Chow F statistic, F(k, n - 2k)"
        ),
        "units": "1",
    }
    outs = [
        _Out(o.name, o.core, o.dtype, o.fill, stat_attrs) if o.name == "stat" else o
        for o in _CHOW_OUTPUTS
    ]
    attrs: dict[str, Any] = {
        "test": "Chow test for a break at a known date",
        "scale": "Wald" if robust else "F",
        "distribution": "chi2" if robust else "F",
        "cov_type": cov_type,
        "break_position": pos,
        "break_label": _attr_value(labels[pos]),
        "break_end_label": _attr_value(labels[pos - 1]) if pos > 0 else "",
        "conventions": (
            "break_label is the first period of the new regime, break_end_label the last "
            "period of the old regime"
        ),
        "references": _REFERENCES["chow"],
    }
    return pos, outs, attrs


def _attr_value(x: Any) -> Any:
    """A time label as a plain value for attrs and messages."""
    if isinstance(x, np.datetime64):
        return pd.Timestamp(x).isoformat()
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, str | int | float):
        return x
    return str(x)


def chow_panel(
    y: Any,
    exog: Any = None,
    *,
    at: Any,
    dim: str | None = None,
    const: bool = True,
    trend: bool = False,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    kernel: str = "bartlett",
    span: str = "common",
) -> xr.Dataset:
    """Chow test for a break at a known date, for every series in ``y``.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    at : label
        First period of the new regime (a label of the time coordinate; a position when
        the time dimension has no coordinate).
    const, trend, cov_type, maxlags, kernel
        As in :func:`policyts.models.chow`.  ``"nonrobust"`` is computed for all series
        together; the robust covariances run :func:`policyts.models.chow` series by series.

    Returns
    -------
    xarray.Dataset
        ``stat`` (F, or Wald for a robust covariance; attrs ``scale``), ``pvalue``,
        ``df_num``, ``df_denom``, ``rss_restricted``, ``rss_unrestricted``, ``n_before``,
        ``n_after``, ``n_obs``, ``sample_start``, ``sample_end`` and ``reason``.  The break
        date is in the attrs (``break_label``: first period of the new regime).

    Notes
    -----
    Each series' F, p-value and RSS equal :func:`policyts.models.chow` on that series to
    a relative 1e-10 (tests/test_panel.py).

    References
    ----------
    Chow, G. C. (1960). Tests of equality between sets of coefficients in two linear
    regressions. Econometrica 28(3), 591-605.

    Examples
    --------
    Three series with level shifts of 2, 3 and 1.5 in 2006:

    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import chow_panel
    >>> res = chow_panel(y, at=2006)
    >>> res.attrs["break_label"], res["df_denom"].values.tolist()
    (2006, [28.0, 28.0, 28.0])
    >>> bool((res["pvalue"] < 0.001).all())
    True
    """
    prep = _prepare(y, exog, dim, const, trend, span, "chow_panel")
    k = int(const) + int(trend) + len(prep.exog_names)
    pos, outs, attrs = _chow_setup(prep.series, prep.labels, at, k, cov_type, span)
    ctx = _ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        position=pos,
        cov_type=cov_type,
        maxlags=maxlags,
        kernel=kernel,
    )
    return _run(prep, ctx, _chow_group, outs, attrs)


def chow_array(
    y: Any,
    exog: Any = None,
    *,
    at: int,
    const: bool = True,
    trend: bool = False,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    kernel: str = "bartlett",
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`chow_panel` (see :func:`sup_f_array` for the layout);
    ``at`` is a label of ``labels`` (a position when ``labels`` is not given)."""
    Y, E, lab, names = _array_input(y, exog, labels, span)
    import xarray as xr

    n = Y.shape[-1]
    series = as_series(xr.DataArray(np.zeros(n), dims="time", coords={"time": lab}), name="time")
    ctx0 = _ctx(n, const, trend, span, names, lab)
    _check_shared_common(E, ctx0)
    pos, outs, _ = _chow_setup(series, lab, at, ctx0.k, cov_type, span)
    ctx = _ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        position=pos,
        cov_type=cov_type,
        maxlags=maxlags,
        kernel=kernel,
    )
    return _run_array(Y, E, ctx, _chow_group, outs)


# --------------------------------------------------------------------------------------
# Bai-Perron
# --------------------------------------------------------------------------------------


def _bp_outputs() -> list[_Out]:
    return [
        _Out("selected_m", (), np.int64, -1, {"long_name": "number of breaks selected (-1: none)"}),
        _Out(
            "break_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "position of the first period of the new regime (-1: no break)"},
        ),
        _Out(
            "break_label",
            ("break",),
            "label",
            None,
            {"long_name": "first period of the new regime"},
        ),
        _Out(
            "break_end_label",
            ("break",),
            "label",
            None,
            {"long_name": "last period of the old regime"},
        ),
        _Out(
            "ci_lower_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "lower bound of the interval for the old regime's last period"},
        ),
        _Out(
            "ci_upper_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "upper bound of the interval for the old regime's last period"},
        ),
        _Out(
            "ci_lower_label",
            ("break",),
            "label",
            None,
            {"long_name": "lower bound (label) of the interval for the old regime's last period"},
        ),
        _Out(
            "ci_upper_label",
            ("break",),
            "label",
            None,
            {"long_name": "upper bound (label) of the interval for the old regime's last period"},
        ),
        _Out(
            "rss",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "RSS of the best partition with m breaks"},
        ),
        _Out("bic", ("m",), np.float64, np.nan, {"long_name": "BIC (strucchange definition)"}),
        _Out("lwz", ("m",), np.float64, np.nan, {"long_name": "LWZ (Bai & Perron 2003)"}),
        _Out(
            "sup_f_m",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "sup F(m) against no break, scaled (q*F); NaN at m = 0", "units": "1"},
        ),
        _Out(
            "sup_f_next",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "sup F(m+1 | m), scaled (q*F); NaN at m = M", "units": "1"},
        ),
        _Out("udmax", (), np.float64, np.nan, {"long_name": "UDmax, scaled (q*F)", "units": "1"}),
        _Out("wdmax", (), np.float64, np.nan, {"long_name": "WDmax, scaled (q*F)", "units": "1"}),
    ]


def _bp_group(Yg: np.ndarray, g: _Group, ctx: _Ctx) -> _GroupResult:
    p = ctx.params
    S = Yg.shape[0]
    M = ctx.sizes["break"]
    res: dict[str, np.ndarray] = {}
    for o in _bp_outputs():
        shape = (S, *(ctx.sizes[d] for d in o.core))
        res[o.name] = np.full(shape, -1 if o.dtype == "label" else o.fill, dtype=_np_dtype(o))
    reason = np.full(S, "", dtype=object)
    # All series at once where the batched kernel settles them; the rest one at a time
    # (all of them if the sample is too short for the trimming: each series says why).
    try:
        h = trim_to_obs(p["trim"], g.n, g.X.shape[1])
    except ValueError:
        h = 0
    batch = bai_perron_batch(
        Yg,
        g.X,
        h=h,
        max_breaks=p["max_breaks"],
        select=p["select"],
        level=p["level"],
        het_reg=p["het_reg"],
        het_err=p["het_err"],
    )
    if batch is not None:
        write_panel_rows(res, batch, g.start)
    for r in range(S) if batch is None else np.flatnonzero(batch.redo):
        row = Yg[r]
        try:
            bp = bai_perron(
                row,
                g.exog,
                trim=p["trim"],
                max_breaks=p["max_breaks"],
                const=ctx.const,
                trend=ctx.trend,
                select=p["select"],
                level=p["level"],
                het_reg=p["het_reg"],
                het_err=p["het_err"],
            )
        except ValueError as err:
            reason[r] = str(err)
            continue
        m_all = len(bp.rss)
        res["selected_m"][r] = bp.selected_m
        for j, b in enumerate(bp.breaks[:M]):
            res["break_index"][r, j] = b.index + g.start
            res["break_label"][r, j] = b.index + g.start
            res["break_end_label"][r, j] = b.index + g.start - 1
            if b.ci_index is not None:
                for nm in ("ci_lower_index", "ci_lower_label"):
                    res[nm][r, j] = b.ci_index[0] + g.start
                for nm in ("ci_upper_index", "ci_upper_label"):
                    res[nm][r, j] = b.ci_index[1] + g.start
        res["rss"][r, :m_all] = bp.rss
        res["bic"][r, :m_all] = bp.bic
        res["lwz"][r, :m_all] = bp.lwz
        for t_i, t in enumerate(bp.sup_f_tests):
            res["sup_f_m"][r, t_i + 1] = t.scaled_f
        for t_i, t in enumerate(bp.sequential_tests):
            res["sup_f_next"][r, t_i] = t.scaled_f
        if bp.udmax is not None:
            res["udmax"][r] = bp.udmax.scaled_f
        if bp.wdmax is not None:
            res["wdmax"][r] = bp.wdmax.scaled_f
    res["reason"] = reason
    return res


def _np_dtype(o: _Out) -> Any:
    return np.int64 if o.dtype == "label" else o.dtype


def _bp_setup(
    n: int,
    k: int,
    trim: float | int,
    max_breaks: int | None,
    select: str,
    level: float,
    span: str,
) -> tuple[int, dict[str, Any]]:
    """Check the arguments that concern every series; return the size of the ``break``
    dimension (the largest number of breaks any series may have)."""
    if select not in _SELECT:
        raise ValueError(f"select must be one of {_SELECT}, not {select!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    h = trim_to_obs(trim, n, k)
    feasible = n // h - 1
    if feasible < 1:
        raise ValueError(f"n = {n} observations cannot hold two regimes of at least {h}")
    if max_breaks is not None:
        M = int(max_breaks)
        if M < 1:
            raise ValueError(f"max_breaks must be at least 1, got {max_breaks}")
        if M > feasible:
            raise ValueError(
                f"max_breaks={M} is more than the sample allows: {n} observations with "
                f"minimum regime length {h} hold at most {feasible} break(s)"
            )
    else:
        M = min(5, feasible)
        if span == "observed":
            # A shorter series has a smaller minimum regime when trim is a fraction, and
            # may hold more breaks than the whole axis: size the dimension for all.
            for n_sub in range(2, n):
                try:
                    h_sub = trim_to_obs(trim, n_sub, k)
                except ValueError:
                    continue
                M = max(M, min(5, n_sub // h_sub - 1))
    if select == "sequential":
        akey = f"{1 - level:.3g}"
        eps, _ = bai_perron_table_eps(h, n)
        if eps is None or k > 10 or akey not in {"0.1", "0.05", "0.025", "0.01"}:
            raise ValueError(
                "sequential selection needs Bai & Perron (2003) critical values: a minimum "
                "regime h/n in 0.05..0.25, at most 10 regressors and level 0.90, "
                f"0.95, 0.975 or 0.99 (got h/n = {h / n:.3f}, k = {k}, level = {level})"
            )
    attrs: dict[str, Any] = {
        "test": "Bai-Perron dating of multiple structural breaks",
        "selection": select,
        "level": level,
        "trim": trim,
        "min_segment": h,
        "max_breaks": M,
        "scale": "sup_f_m, sup_f_next, udmax, wdmax are scaled F (q*F)",
        "conventions": (
            _BREAK_CONVENTION + "; ci_* bound the old regime's last period (Bai 1997, as "
            "R strucchange); breaks beyond selected_m are -1 / NaN"
        ),
        "references": _REFERENCES["bai_perron"],
        "comment": (
            "min_segment is for a series covering the whole time axis; with span='observed' "
            "trim applies to each series' own length"
        ),
    }
    eps_note = bai_perron_table_eps(h, n)[1]
    if select == "sequential" and eps_note:
        attrs["critical_values_note"] = eps_note
    return M, attrs


def bai_perron_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    trim: float | int = 0.15,
    max_breaks: int | None = None,
    const: bool = True,
    trend: bool = False,
    select: str = "bic",
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    span: str = "common",
) -> xr.Dataset:
    """Bai-Perron multiple-break dating for every series in ``y``.

    Runs :func:`policyts.models.bai_perron` on each series (inside the ufunc, so a
    dask-backed input is spread over the workers) and collects the selected breaks.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    trim, max_breaks, const, trend, select, level, het_reg, het_err
        As in :func:`policyts.models.bai_perron`.

    Returns
    -------
    xarray.Dataset
        ``selected_m`` (-1 if not computed); over a ``break`` dimension (1..M):
        ``break_index``, ``break_label``, ``break_end_label``, ``ci_lower_index``,
        ``ci_upper_index``, ``ci_lower_label``, ``ci_upper_label`` of the selected breaks,
        padded with -1 / NaN beyond ``selected_m``; over an ``m`` dimension (0..M): ``rss``,
        ``bic``, ``lwz``, ``sup_f_m`` (sup F(m), NaN at 0) and ``sup_f_next``
        (sup F(m+1 | m)); ``udmax``, ``wdmax``; ``n_obs``, ``sample_start``,
        ``sample_end``, ``reason``.

    Notes
    -----
    Identical to :func:`policyts.models.bai_perron` on each series (it is called).

    References
    ----------
    Bai, J. and Perron, P. (1998). Econometrica 66(1), 47-78.
    Bai, J. and Perron, P. (2003). Journal of Applied Econometrics 18(1), 1-22.
    Bai, J. (1997). Review of Economics and Statistics 79(4), 551-563.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import bai_perron_panel
    >>> res = bai_perron_panel(y, max_breaks=1)
    >>> res["selected_m"].values.tolist(), res["break_label"].values.ravel().tolist()
    ([1, 1, 1], [2006.0, 2006.0, 2005.0])
    """
    prep = _prepare(y, exog, dim, const, trend, span, "bai_perron_panel")
    k = int(const) + int(trend) + len(prep.exog_names)
    M, attrs = _bp_setup(prep.series.n, k, trim, max_breaks, select, level, span)
    ctx = _ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        sizes={"break": M, "m": M + 1},
        trim=trim,
        max_breaks=max_breaks,
        select=select,
        level=level,
        het_reg=het_reg,
        het_err=het_err,
    )
    return _run(prep, ctx, _bp_group, _bp_outputs(), attrs)


def bai_perron_array(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    max_breaks: int | None = None,
    const: bool = True,
    trend: bool = False,
    select: str = "bic",
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`bai_perron_panel` (see :func:`sup_f_array`)."""
    Y, E, lab, names = _array_input(y, exog, labels, span)
    n = Y.shape[-1]
    ctx0 = _ctx(n, const, trend, span, names, lab)
    _check_shared_common(E, ctx0)
    M, _ = _bp_setup(n, ctx0.k, trim, max_breaks, select, level, span)
    ctx = _ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        sizes={"break": M, "m": M + 1},
        trim=trim,
        max_breaks=max_breaks,
        select=select,
        level=level,
        het_reg=het_reg,
        het_err=het_err,
    )
    return _run_array(Y, E, ctx, _bp_group, _bp_outputs())


# --------------------------------------------------------------------------------------
# fluctuation tests
# --------------------------------------------------------------------------------------


def _cusum_outputs(dim: str) -> list[_Out]:
    return [
        _Out("stat", (), np.float64, np.nan, {"units": "1"}),
        _Out("pvalue", (), np.float64, np.nan, {"long_name": "asymptotic p-value", "units": "1"}),
        _Out(
            "pvalue_lower",
            (),
            np.float64,
            np.nan,
            {"long_name": "lower bound of the p-value (OLS-MOSUM table)", "units": "1"},
        ),
        _Out(
            "pvalue_upper",
            (),
            np.float64,
            np.nan,
            {"long_name": "upper bound of the p-value (OLS-MOSUM table)", "units": "1"},
        ),
        _Out(
            "crossed",
            (),
            np.float64,
            np.nan,
            {
                "long_name": "1 if |process| exceeds the boundary somewhere, 0 if not, NaN if not computed"
            },
        ),
        _Out("sigma", (), np.float64, np.nan, {"long_name": "residual standard deviation used"}),
        _Out(
            "max_label",
            (),
            "label",
            None,
            {"long_name": "period where |process| is largest"},
        ),
        _Out(
            "crossing_label",
            (),
            "label",
            None,
            {"long_name": "first period where |process| exceeds the boundary"},
        ),
        _Out(
            "process",
            (dim,),
            np.float64,
            np.nan,
            {
                "long_name": "empirical fluctuation process (NaN where it has no value)",
                "units": "1",
            },
        ),
        _Out(
            "boundary",
            (dim,),
            np.float64,
            np.nan,
            {
                "long_name": "positive boundary at alpha (reject where |process| exceeds it)",
                "units": "1",
            },
        ),
    ]


def _recursive_residuals_multi(Yg: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Recursive residuals of every row of ``Yg`` on the shared ``X`` (rows (S, n - k)).

    The square-root update of :func:`policyts.models.fluctuation.recursive_residuals`,
    with the transformed responses of all series carried as extra columns: the
    orthogonal transformations depend on the regressors only.
    """
    from scipy import linalg

    n, k = X.shape
    S = Yg.shape[0]
    q, r = np.linalg.qr(X[:k])
    z = q.T @ Yg[:, :k].T  # (k, S)
    w = np.empty((S, n - k))
    aug = np.empty((k + 1, k + S))
    for t in range(k, n):
        x = X[t]
        beta = linalg.solve_triangular(r, z)
        v = linalg.solve_triangular(r, x, trans="T")
        w[:, t - k] = (Yg[:, t] - x @ beta) / np.sqrt(1.0 + v @ v)
        aug[:k, :k] = r
        aug[:k, k:] = z
        aug[k, :k] = x
        aug[k, k:] = Yg[:, t]
        raug = np.asarray(np.linalg.qr(aug, mode="r"))
        r = raug[:k, :k]
        z = raug[:k, k:]
    return w


def _fluctuation_pvalues(
    stat: np.ndarray, kind: str, h: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """p-values and their bounds for an array of statistics: the formulas of
    :func:`policyts.models.fluctuation.fluctuation_pvalue` applied elementwise (equal to
    it to 1e-15, tests/test_panel.py)."""
    from scipy import special

    if kind == "ols-cusum":
        p = np.asarray(special.kolmogorov(stat), dtype=np.float64)
        return p, p, p
    if kind == "rec-cusum":
        p = np.asarray(_bm_linear_crossing(stat), dtype=np.float64)
        return p, p, p
    cv = _mosum_critical_values(h)
    p = np.interp(stat, np.r_[0.0, cv], np.r_[1.0, _MOSUM_LEVELS])
    # Bounds from the table: the tabulated levels around the statistic.
    j = np.searchsorted(cv, stat, side="right")
    levels_hi = np.r_[1.0, _MOSUM_LEVELS]
    levels_lo = np.r_[_MOSUM_LEVELS, 0.0]
    return p, levels_lo[j], levels_hi[j]


def _cusum_group(Yg: np.ndarray, g: _Group, ctx: _Ctx) -> _GroupResult:
    p = ctx.params
    kind, hbw = p["kind"], p["h"]
    X = g.X
    n, k = X.shape
    S = Yg.shape[0]
    if n < k + 2:
        return f"too few observations ({n}): the test needs at least k + 2 = {k + 2}"
    if kind == "rec-cusum":
        if np.linalg.matrix_rank(X[:k]) < k:
            return (
                f"the regressors of the first {k} observations are collinear, so the "
                "recursive fit cannot start there"
            )
        w = _recursive_residuals_multi(Yg, X)
        d = w - w.mean(axis=1, keepdims=True)
        sigma = np.sqrt(np.einsum("ij,ij->i", d, d) / (n - k - 1))
        with np.errstate(divide="ignore", invalid="ignore"):
            proc = np.cumsum(w, axis=1) / (sigma[:, None] * np.sqrt(n - k))
        positions = np.arange(k, n)
    else:
        coef, *_ = np.linalg.lstsq(X, Yg.T, rcond=None)
        e = Yg - (X @ coef).T
        d = e - e.mean(axis=1, keepdims=True)
        sigma = np.sqrt(np.einsum("ij,ij->i", d, d) / (n - k))
        csum = np.cumsum(e, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "ols-cusum":
                proc = csum / (sigma[:, None] * np.sqrt(n))
                positions = np.arange(n)
            else:
                nh = mosum_window(n, hbw)
                if nh < 2:
                    return (
                        f"the MOSUM window floor(n h) = {nh} observation(s) is too short "
                        f"for {n} observations"
                    )
                csum0 = np.concatenate([np.zeros((S, 1)), csum], axis=1)
                proc = (csum0[:, nh:] - csum0[:, : n - nh + 1]) / (sigma[:, None] * np.sqrt(n))
                positions = np.arange(n - nh + 1) + nh // 2 - 1
    scale = np.sqrt(np.mean(Yg**2, axis=1))
    zero = ~(sigma > 1e-12 * scale)
    m = proc.shape[1]
    crit = p["critical_value"]
    bound = fluctuation_boundary(crit, kind, m)
    absproc = np.abs(proc)
    if kind == "rec-cusum":
        stat = np.max(absproc / (1.0 + 2.0 * np.arange(1, m + 1) / m), axis=1)
    else:
        stat = np.max(absproc, axis=1)
    pval, lo, hi = _fluctuation_pvalues(np.where(zero, 0.0, stat), kind, hbw)
    exceed = absproc > bound
    any_cross = exceed.any(axis=1)
    process = np.full((S, ctx.n), np.nan)
    boundary = np.full((S, ctx.n), np.nan)
    process[:, positions + g.start] = proc
    boundary[:, positions + g.start] = bound
    reason = np.where(
        zero,
        "the residual standard deviation is zero: the regressors fit the series exactly",
        "",
    ).astype(object)
    return {
        "stat": stat,
        "pvalue": pval,
        "pvalue_lower": lo,
        "pvalue_upper": hi,
        "crossed": (stat > crit).astype(np.float64),
        "sigma": sigma,
        "max_label": positions[np.argmax(absproc, axis=1)] + g.start,
        "crossing_label": np.where(any_cross, positions[np.argmax(exceed, axis=1)] + g.start, -1),
        "process": process,
        "boundary": boundary,
        "reason": reason,
    }


def _cusum_setup(kind: str, h: float, alpha: float) -> tuple[float, dict[str, Any]]:
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, not {kind!r}")
    if not 0.0 < h < 1.0:
        raise ValueError(f"bandwidth h must lie in (0, 1), got {h}")
    _check_alpha(alpha, kind)
    if kind == "ols-mosum":
        _check_mosum_h(h)
    crit = fluctuation_critical_value(alpha, kind, h)
    scale = "max |process| / (1 + 2 t)" if kind == "rec-cusum" else "max |process|"
    attrs: dict[str, Any] = {
        "test": kind,
        "statistic_scale": scale,
        "alpha": alpha,
        "critical_value": crit,
        "references": _REFERENCES["cusum"],
        "conventions": (
            "process values sit at the periods R strucchange labels them with (see "
            "policyts.models.fluctuation); the CUSUMs' leading 0 is not included"
        ),
    }
    if kind == "ols-mosum":
        attrs["bandwidth_h"] = h
    return crit, attrs


def cusum_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    const: bool = True,
    trend: bool = False,
    kind: str = "ols-cusum",
    h: float = 0.15,
    alpha: float = 0.05,
    span: str = "common",
) -> xr.Dataset:
    """Fluctuation test (OLS-CUSUM, recursive CUSUM, OLS-MOSUM) for every series in ``y``.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    const, trend, kind, h, alpha
        As in :func:`policyts.models.cusum`.

    Returns
    -------
    xarray.Dataset
        ``stat`` (strucchange's ``sctest`` statistic; attrs ``statistic_scale``),
        ``pvalue``, ``pvalue_lower`` / ``pvalue_upper`` (bounds from the OLS-MOSUM table;
        equal to ``pvalue`` for the CUSUMs), ``crossed`` (1/0), ``sigma``, ``max_label``,
        ``crossing_label`` (NaN if never crossed), and over the time dimension ``process``
        and ``boundary`` (NaN where the process has no value); ``n_obs``,
        ``sample_start``, ``sample_end``, ``reason``.  The critical value is in the attrs.

    Notes
    -----
    Processes, statistics and p-values equal :func:`policyts.models.cusum` on each series
    to a relative 1e-10 (tests/test_panel.py).  The recursive residuals of all series
    sharing their regressors come from one square-root (QR) update, carrying the series
    as extra columns.

    References
    ----------
    Brown, R. L., Durbin, J. and Evans, J. M. (1975). JRSS B 37(2), 149-163.
    Ploberger, W. and Kraemer, W. (1992). Econometrica 60(2), 271-285.
    Chu, C.-S. J., Hornik, K. and Kuan, C.-M. (1995). Biometrika 82(3), 603-617.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import cusum_panel
    >>> res = cusum_panel(y, kind="ols-cusum")
    >>> res["crossed"].values.tolist()
    [1.0, 1.0, 1.0]
    """
    crit, attrs = _cusum_setup(kind, h, alpha)
    prep = _prepare(y, exog, dim, const, trend, span, "cusum_panel")
    ctx = _ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        sizes={prep.dim: prep.series.n},
        kind=kind,
        h=h,
        critical_value=crit,
    )
    return _run(prep, ctx, _cusum_group, _cusum_outputs(prep.dim), attrs)


def cusum_array(
    y: Any,
    exog: Any = None,
    *,
    const: bool = True,
    trend: bool = False,
    kind: str = "ols-cusum",
    h: float = 0.15,
    alpha: float = 0.05,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`cusum_panel` (see :func:`sup_f_array`); ``process`` and
    ``boundary`` are ``(..., n)``."""
    crit, _ = _cusum_setup(kind, h, alpha)
    Y, E, lab, names = _array_input(y, exog, labels, span)
    n = Y.shape[-1]
    ctx = _ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        sizes={"time": n},
        kind=kind,
        h=h,
        critical_value=crit,
    )
    _check_shared_common(E, ctx)
    return _run_array(Y, E, ctx, _cusum_group, _cusum_outputs("time"))
