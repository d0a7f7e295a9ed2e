"""The many-series engine: run a one-series test over the other dimensions of an xarray object.

A test hands the engine three things and gets back an ``xarray.Dataset`` (or a dict of numpy
arrays) over the dimensions other than time:

* a list of :class:`Out` -- the result variables (name, trailing core dimensions, dtype, fill
  value, attrs; ``dtype="label"`` marks a 0-based time position that becomes a time label);
* a :class:`Ctx` from :func:`make_ctx` -- everything the kernel needs besides the data (the
  model's regressors, the span, the test's options in ``params``); it is sent to dask workers,
  so it holds only picklable values;
* a group kernel ``fn(Y, group, ctx) -> dict | str``: ``Y`` is ``(series, time)`` for a
  :class:`Group` of series that share their sample and regressors (``group.X``); it returns
  one array per output (first axis the series, a per-series ``"reason"`` optionally) or one
  reason for the whole group.

:func:`prepare` validates xarray input (time dimension, labels, non-numeric series, exog) and
:func:`run` maps the kernel over the other dimensions with :func:`xarray.apply_ufunc`
(``dask="parallelized"``: a dask-backed input is computed chunk by chunk); :func:`array_input`
and :func:`run_array` are the numpy path.  Between them, :func:`plan` groups the computable
series by sample and regressors, gives the others a reason (missing values, constant,
degenerate: :mod:`policyts.models._degenerate`), and :func:`drive` runs the kernel per group
and assembles the outputs with ``n_obs``, ``sample_start``, ``sample_end`` and ``reason``.

The engine never imports a test module: each test defines its own ``*_panel`` and ``*_array``
functions on top of it, beside the test (``fstats``, ``chow``, ``bai_perron``) or in a private
neighbour of a large test module (``_fluct_panel`` for ``fluctuation``); the single-series
function sends an xarray panel there, and :mod:`policyts.models.panel` re-exports them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts._series import Series1D, as_exog, as_series
from policyts.models._degenerate import regressor_problem, series_reasons
from policyts.models._design import build_design

if TYPE_CHECKING:
    import xarray as xr

#: Reason strings of series that are not computed (``reason`` variable).
REASON_ALL_MISSING = "all values missing"
REASON_MISSING_INSIDE = "missing value inside the series"
REASON_MISSING_EDGES = (
    "missing values at the start or end of the time axis (span='common'); "
    "span='observed' analyses each series on the periods it covers"
)
REASON_CONSTANT = "constant series"

SPANS = ("common", "observed")
# Internal name of the regressor dimension of exog; never appears in results.
_REG = "__policyts_regressor__"
BREAK_CONVENTION = (
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
class Out:
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
class Ctx:
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
class Group:
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


GroupResult = dict[str, np.ndarray] | str
GroupFn = Callable[[np.ndarray, Group, Ctx], GroupResult]


def label_dtype(labels: np.ndarray) -> tuple[np.dtype[Any], Any]:
    """dtype and missing value of label outputs: integer and float labels become float
    (NaN when missing), datetimes stay datetimes (NaT), anything else is object (NaN)."""
    kind = labels.dtype.kind
    if kind in "iufb":
        return np.dtype(np.float64), np.nan
    if kind in "Mm":
        return labels.dtype, labels.dtype.type("NaT")
    return np.dtype(object), np.nan


def labels_at(labels: np.ndarray, pos: np.ndarray) -> np.ndarray:
    dtype, fill = label_dtype(labels)
    out = np.full(pos.shape, fill, dtype=dtype)
    ok = pos >= 0
    if labels.size:
        out[ok] = labels[pos[ok]]
    return out


def design_matrix(n: int, exog: np.ndarray | None, ctx: Ctx) -> np.ndarray | str:
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


def plan(Y: np.ndarray, E: np.ndarray | None, ctx: Ctx) -> tuple[list[Group], np.ndarray]:
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
    groups: list[Group] = []
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
        X = design_matrix(e - s, ex, ctx)
        if isinstance(X, str):
            reason[rows] = X
            continue
        groups.append(Group(rows=rows, start=s, stop=e, X=X, exog=ex))
    return groups, reason


def drive(
    Y: np.ndarray,
    E: np.ndarray | None,
    ctx: Ctx,
    group_fn: GroupFn,
    outputs: list[Out],
    row_data: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Run ``group_fn`` over the groups of :func:`plan` and assemble (S, ...) outputs.

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
    groups, reason = plan(Y, E, ctx)
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
            out[o.name] = labels_at(ctx.labels, out[o.name])
    n_obs[failed], start[failed], end[failed] = 0, -1, -1
    out["n_obs"] = n_obs
    out["sample_start"] = labels_at(ctx.labels, start)
    out["sample_end"] = labels_at(ctx.labels, end)
    out["reason"] = reason
    return out


COMMON_OUTPUTS = [
    Out("n_obs", (), np.int64, 0, {"long_name": "observations used (0: not computed)"}),
    Out("sample_start", (), "label", None, {"long_name": "first period of the sample used"}),
    Out("sample_end", (), "label", None, {"long_name": "last period of the sample used"}),
    Out("reason", (), object, "", {"long_name": "why the series was not computed (empty: it was)"}),
]


def exog_block(e: np.ndarray, lead: tuple[int, ...], n: int) -> np.ndarray:
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
    group_fn: GroupFn,
    ctx: Ctx,
    outputs: list[Out],
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
            E = exog_block(np.asarray(arr), lead, n)
        else:
            row_data[name] = np.broadcast_to(np.asarray(arr), lead).reshape(-1)
    res = drive(Y, E, ctx, group_fn, outputs, row_data)
    return tuple(res[o.name].reshape(lead + res[o.name].shape[1:]) for o in outputs)


# --------------------------------------------------------------------------------------
# xarray input
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
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
        label = attr_value(labels[j]) if labels.size else j
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


def prepare(
    y: Any, exog: Any, dim: str | None, const: bool, trend: bool, span: str, what: str
) -> Prepared:
    import xarray as xr

    if span not in SPANS:
        raise ValueError(f"span must be one of {SPANS}, not {span!r}")
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
    return Prepared(da, dim, series, labels, ex, names, shared, override, attrs)


def run(
    prep: Prepared,
    ctx: Ctx,
    group_fn: GroupFn,
    outputs: list[Out],
    attrs: dict[str, Any],
    row_inputs: dict[str, Any] | None = None,
) -> xr.Dataset:
    import xarray as xr

    outs = outputs + COMMON_OUTPUTS
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
    lab_dtype, _ = label_dtype(ctx.labels)
    dtypes = [lab_dtype if o.dtype == "label" else np.dtype(o.dtype) for o in outs]
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


def make_ctx(
    n: int,
    const: bool,
    trend: bool,
    span: str,
    exog_names: tuple[str, ...],
    labels: np.ndarray,
    sizes: dict[str, int] | None = None,
    **params: Any,
) -> Ctx:
    return Ctx(
        n=n,
        const=const,
        trend=trend,
        span=span,
        exog_names=exog_names,
        labels=labels,
        sizes=dict(sizes or {}),
        params=params,
    )


def array_input(
    y: Any, exog: Any, labels: Any, span: str
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, tuple[str, ...]]:
    """Validate numpy input of the ``*_array`` functions: y (..., n), exog (n,), (n, q),
    or (..., n, q) broadcastable against y."""
    if span not in SPANS:
        raise ValueError(f"span must be one of {SPANS}, not {span!r}")
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


def run_array(
    Y: np.ndarray,
    E: np.ndarray | None,
    ctx: Ctx,
    group_fn: GroupFn,
    outputs: list[Out],
    row_inputs: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    lead, n = Y.shape[:-1], Y.shape[-1]
    Eb = None if E is None else exog_block(E, lead, n)
    rows = {k: np.broadcast_to(v, lead).reshape(-1) for k, v in (row_inputs or {}).items()}
    res = drive(Y.reshape(-1, n), Eb, ctx, group_fn, outputs, rows)
    return {k: v.reshape(lead + v.shape[1:]) for k, v in res.items()}


def check_shared_common(E: np.ndarray | None, ctx: Ctx) -> None:
    """For the numpy path: shared regressors on the common sample must be usable."""
    if ctx.span == "common" and (E is None or int(np.prod(E.shape[:-2], dtype=np.int64)) == 1):
        ex = None if E is None else E.reshape(ctx.n, -1)
        X = design_matrix(ctx.n, ex, ctx)
        if isinstance(X, str):
            raise ValueError(X)
    if ctx.k == 0:
        raise ValueError("the model has no regressors: use const=True, trend=True or give exog")


def check_seeds(seed: Any, what: str) -> np.ndarray | None:
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


def panel_seeds(seed: Any, prep: Prepared) -> dict[str, Any]:
    import xarray as xr

    if check_seeds(seed, "a DataArray over the dimensions other than time") is None:
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


def attr_value(x: Any) -> Any:
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
