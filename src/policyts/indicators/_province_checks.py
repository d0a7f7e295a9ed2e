"""Audit checks of the bundled provincial panels: provinces against the national row, and
Fujian against the Fujian yearbook series.

Two generic checks compare labelled arrays rather than claims:

:func:`check_provinces_sum`
    the national row minus the sum of the provinces, cell by cell (every other coordinate,
    e.g. year and kind), against the gap the dataset's metadata states: as a share of the
    national row (``scale="share"``) or in the variable's units (``scale="absolute"``).
    Without a stated gap the result is ``"cannot-check"``, with the observed gaps.
:func:`check_cells_agree`
    two arrays on the same coordinates agree cell by cell within a relative tolerance.

Cells that cannot be compared (a province or the national row missing) are never dropped in
silence: they are listed in ``detail["not_compared"]``.

The checks bound to the bundled data are in :func:`province_checks`; the audit
(:func:`policyts.indicators.consistency.audit`) runs them after the claim checks. They use no
claims, so they run whatever claims the audit is given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from policyts.indicators._checks import (
    AuditCheck,
    AuditContext,
    AuditResult,
    Lookup,
    rounding_half_unit,
)
from policyts.indicators._interval import Interval

__all__ = [
    "FUJIAN_RTOL",
    "RD_PUBLISHED_HALF_UNIT",
    "check_cells_agree",
    "check_provinces_sum",
    "province_checks",
    "stated_national_gap",
]

#: Relative tolerance of the Fujian comparison: the compared cells are the same official
#: counts printed twice (NBS/MOST yearbook, Fujian yearbook); a later edition may revise a
#: patent or two (2020 design grants: 35,722 against 35,723, 2.8e-5 apart).
FUJIAN_RTOL = 1e-4

#: Half a unit of the published precision of provincial and national R&D expenditure:
#: 0.1 of 100 million yuan (metadata of ``cn_provincial_rd``: "published in 100 million yuan
#: (亿元) to one decimal"), in yuan.
RD_PUBLISHED_HALF_UNIT = 0.05e8

_GAP = re.compile(r"by ([0-9]+(?:\.[0-9]+)?)% to ([0-9]+(?:\.[0-9]+)?)% of the national row")

#: At most this many cells are listed by name in a result's detail (the counts are exact).
_LIST_AT_MOST = 20


def stated_national_gap(comment: str) -> Interval | None:
    """The gap "national row minus provinces, as a share of the national row" a dataset's
    comment states, widened by the rounding of the stated percentages; None if none is
    stated.

    Examples
    --------
    >>> print(stated_national_gap("... sum to less (by 0.15% to 10.9% of the national row)"))
    [0.00145, 0.1095]
    >>> stated_national_gap("The national row is the one printed in the source.") is None
    True
    """
    m = _GAP.search(comment)
    if m is None:
        return None
    lo, hi = (float(g) / 100.0 for g in m.groups())
    lo_iv = Interval.point(lo).widen(rounding_half_unit(lo, "1"))
    hi_iv = Interval.point(hi).widen(rounding_half_unit(hi, "1"))
    return Interval(round(lo_iv.lower, 12), round(hi_iv.upper, 12))


def _cell_label(coords: Mapping[str, Any]) -> str:
    if list(coords) == ["cell"]:
        return str(coords["cell"])
    return ", ".join(f"{k}={_plain(v)}" for k, v in coords.items())


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def _cells(da: xr.DataArray) -> list[tuple[dict[str, Any], float]]:
    """``(coordinates, value)`` of every cell of ``da``, in its order."""
    values = np.asarray(da.values, dtype=np.float64)
    labels = [da[d].values if d in da.coords else np.arange(da.sizes[d]) for d in da.dims]
    return [
        (
            {
                str(d): _plain(labels[j][i])
                for j, (d, i) in enumerate(zip(da.dims, idx, strict=True))
            },
            float(values[idx]),
        )
        for idx in np.ndindex(values.shape)
    ]


def check_provinces_sum(
    provinces: xr.DataArray,
    national: xr.DataArray,
    *,
    allowed: Interval | None,
    scale: str = "share",
    dim: str = "province",
    stated: str = "",
    id: str = "provinces_sum",
    description: str = "the provinces sum to the national row within the stated gap",
) -> AuditResult:
    """Consistent when, in every cell, the national row minus the provinces' sum lies in
    ``allowed``.

    Parameters
    ----------
    provinces : xarray.DataArray
        Values by ``dim`` (the provinces) and any other dimensions (year, kind ...).
    national : xarray.DataArray
        The national row: the dimensions of ``provinces`` without ``dim``.
    allowed : Interval or None
        The gap the metadata states: a share of the national row (``scale="share"``,
        0.0015 = 0.15 %) or an amount in the variable's units (``scale="absolute"``). None:
        no gap is stated, and the result is ``"cannot-check"`` with the observed gaps.
    scale : {"share", "absolute"}
    stated : str
        Where the gap is stated, in words (kept in the detail).

    Returns
    -------
    AuditResult
        ``detail``: the allowed gap, the observed range with the cells at its ends, the
        cells outside, and the cells not compared (a province or the national row missing).

    Notes
    -----
    Checked against gaps computed from the bundled CSV files with decimal arithmetic, and
    on copies with a national row or a province deliberately changed
    (``tests/test_audit_provinces.py``).

    Examples
    --------
    >>> import xarray as xr
    >>> prov = xr.DataArray([[60.0, 61.0], [39.0, 38.0]], dims=("province", "year"),
    ...                     coords={"province": ["a", "b"], "year": [2020, 2021]})
    >>> nat = xr.DataArray([100.0, 100.0], dims="year", coords={"year": [2020, 2021]})
    >>> check_provinces_sum(prov, nat, allowed=Interval(0.0, 0.02)).status
    'consistent'
    >>> check_provinces_sum(prov, nat, allowed=Interval(0.0, 0.005)).status
    'inconsistent'
    """
    if scale not in ("share", "absolute"):
        raise ValueError(f"scale must be 'share' or 'absolute', got {scale!r}")
    if dim not in provinces.dims:
        raise ValueError(f"dim={dim!r} is not a dimension of the provinces {provinces.dims}")
    other = [d for d in provinces.dims if d != dim]
    if sorted(map(str, national.dims)) != sorted(map(str, other)):
        raise ValueError(
            f"the national row must have the dimensions {tuple(other)} of the provinces "
            f"without {dim!r}, got {national.dims}"
        )
    national = national.transpose(*other)
    provinces, national = xr.align(provinces, national, join="exact")
    total = provinces.sum(dim, skipna=False)
    gap = national - total
    if scale == "share":
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = gap / national
    # Masks over the cells of ``gap`` (dims ``other``), in the order _cells walks them.
    prov_missing = np.isnan(provinces.transpose(dim, *other).values.astype(np.float64))
    nat_missing = np.isnan(national.values.astype(np.float64)).ravel()
    names = np.asarray(provinces[dim].values)
    not_compared = []
    compared = []
    for i, (coords, value) in enumerate(_cells(gap.transpose(*other))):
        if math.isfinite(value):
            compared.append((coords, value))
            continue
        why = []
        if nat_missing[i]:
            why.append("national row missing")
        gone = prov_missing.reshape(len(names), -1)[:, i]
        if gone.all():
            why.append(f"every {dim} missing")
        elif gone.any():
            why.append(f"{dim} missing: " + ", ".join(map(str, names[gone])))
        not_compared.append({"cell": _cell_label(coords), "reason": "; ".join(why) or "not finite"})
    detail: dict[str, Any] = {
        "gap": "national row minus the sum of the provinces"
        + (", as a share of the national row" if scale == "share" else ""),
        "allowed": allowed,
        "stated": stated,
        "cells_compared": len(compared),
        "not_compared": not_compared[:_LIST_AT_MOST],
        "n_not_compared": len(not_compared),
    }
    if compared:
        lo = min(compared, key=lambda c: c[1])
        hi = max(compared, key=lambda c: c[1])
        detail["observed"] = Interval(lo[1], hi[1])
        detail["smallest_at"] = _cell_label(lo[0])
        detail["largest_at"] = _cell_label(hi[0])
    used: tuple[str, ...] = ()
    if allowed is None:
        return AuditResult(
            id,
            "cannot-check",
            description,
            {"reason": "the dataset's metadata states no gap to compare with", **detail},
            used,
        )
    if not compared:
        return AuditResult(
            id,
            "cannot-check",
            description,
            {"reason": "no cell has every province and the national row", **detail},
            used,
        )
    outside = [{"cell": _cell_label(c), "gap": v} for c, v in compared if not allowed.contains(v)]
    detail["outside"] = outside[:_LIST_AT_MOST]
    detail["n_outside"] = len(outside)
    status = "inconsistent" if outside else "consistent"
    return AuditResult(id, status, description, detail, used)


def check_cells_agree(
    left: xr.DataArray,
    right: xr.DataArray,
    *,
    rtol: float,
    names: tuple[str, str] = ("left", "right"),
    compared: str = "",
    not_compared: Mapping[str, str] | None = None,
    id: str = "cells_agree",
    description: str = "two series agree cell by cell",
) -> AuditResult:
    """Consistent when every cell of ``left`` equals ``right``'s within ``rtol`` (relative to
    ``right``).

    ``left`` and ``right`` must have the same dimensions and coordinates (select the
    overlap first and say what was left out in ``not_compared``: what -> why). A cell
    missing on either side is not compared and is listed. Cells that differ at all are
    listed in ``detail["differing"]`` whether or not the difference is within ``rtol``.

    Notes
    -----
    Checked on the Fujian cells against the values stated in the datasets' tests and the
    shared cross-checks, and on copies with one cell changed (``tests/test_audit_provinces.py``).

    Examples
    --------
    >>> import xarray as xr
    >>> a = xr.DataArray([100.0, 200.0], dims="year", coords={"year": [2020, 2021]})
    >>> b = xr.DataArray([100.0, 200.01], dims="year", coords={"year": [2020, 2021]})
    >>> check_cells_agree(a, b, rtol=1e-4).status, check_cells_agree(a, b, rtol=1e-6).status
    ('consistent', 'inconsistent')
    """
    if not (0 <= rtol < 1):
        raise ValueError(f"rtol must be in [0, 1), got {rtol!r}")
    if set(left.dims) != set(right.dims):
        raise ValueError(f"the two arrays have different dimensions: {left.dims} and {right.dims}")
    right = right.transpose(*left.dims)
    try:
        left, right = xr.align(left, right, join="exact")
    except ValueError as exc:
        raise ValueError(f"the two arrays must have the same coordinates: {exc}") from None
    a, b = names
    rows_missing = []
    differing = []
    bad = []
    n = 0
    for (coords, x), (_, y) in zip(_cells(left), _cells(right), strict=True):
        label = _cell_label(coords)
        if not (math.isfinite(x) and math.isfinite(y)):
            rows_missing.append(label)
            continue
        n += 1
        if x == y:
            continue
        rel = abs(x - y) / abs(y) if y != 0 else math.inf
        row = {"cell": label, a: x, b: y, "relative_difference": rel}
        differing.append(row)
        if rel > rtol:
            bad.append(row)
    detail: dict[str, Any] = {
        "compared": compared,
        "rtol": rtol,
        "cells_compared": n,
        "differing": differing[:_LIST_AT_MOST],
        "n_differing": len(differing),
        "disagreeing": bad[:_LIST_AT_MOST],
        "n_disagreeing": len(bad),
        "missing_cells": rows_missing[:_LIST_AT_MOST],
        "not_compared": dict(not_compared or {}),
    }
    if n == 0:
        return AuditResult(
            id, "cannot-check", description, {"reason": "no cell to compare", **detail}
        )
    return AuditResult(id, "inconsistent" if bad else "consistent", description, detail)


# ----------------------------------------------------------------------------- bound checks


def _load(name: str) -> xr.Dataset:
    """The bundled dataset ``name`` (tests replace this to feed perturbed data)."""
    # Imported here so the claim audit still runs (with cannot-check) without the datasets.
    from policyts.datasets import load

    return load(name)


_LOAD_ERRORS = (ImportError, AttributeError, LookupError, ValueError, OSError, TypeError)


def _unavailable(id: str, description: str, name: str, exc: Exception) -> AuditResult:
    return AuditResult(
        id,
        "cannot-check",
        description,
        {"reason": f"dataset {name!r} unavailable: {type(exc).__name__}: {exc}"},
    )


def _patents_vs_national_run(variable: str) -> Any:
    def run(c: Lookup, x: AuditContext) -> AuditResult:
        name = "cn_provincial_patents"
        try:
            ds = _load(name)
            comment = str(ds.attrs.get("comment", ""))
            return check_provinces_sum(
                ds[variable],
                ds[f"national_{variable}"],
                allowed=stated_national_gap(comment),
                stated=f"{name} metadata: national row includes Hong Kong, Macao and Taiwan; "
                + (m.group(0) if (m := _GAP.search(comment)) else "no gap stated"),
            )
        except _LOAD_ERRORS as exc:
            return _unavailable("", "", name, exc)

    return run


def _tech_market_run(c: Lookup, x: AuditContext) -> AuditResult:
    name = "cn_provincial_tech_market"
    try:
        ds = _load(name)
        results = {
            v: check_provinces_sum(
                ds[v],
                ds[f"national_{v}"],
                allowed=stated_national_gap(str(ds.attrs.get("comment", ""))),
            )
            for v in ("contracts", "turnover")
        }
    except _LOAD_ERRORS as exc:
        return _unavailable("", "", name, exc)
    statuses = {r.status for r in results.values()}
    detail: dict[str, Any] = {
        v: {k: r.detail[k] for k in r.detail if k != "reason"} for v, r in results.items()
    }
    if statuses == {"cannot-check"}:
        detail = {
            "reason": "the metadata states no gap between the provinces and the national row "
            "(load() keeps the national row apart because it need not equal their sum); the "
            "observed gaps are reported",
            **detail,
        }
        return AuditResult("", "cannot-check", "", detail)
    status = "inconsistent" if "inconsistent" in statuses else "consistent"
    return AuditResult("", status, "", detail)


def _rd_run(c: Lookup, x: AuditContext) -> AuditResult:
    name = "cn_provincial_rd"
    try:
        ds = _load(name)
        n = ds.sizes["province"]
        # Every province and the national row are rounded to 0.1 (100 million yuan).
        tol = (n + 1) * RD_PUBLISHED_HALF_UNIT
        return check_provinces_sum(
            ds["rd_expenditure"],
            ds["national_rd_expenditure"],
            allowed=Interval(-tol, tol),
            scale="absolute",
            stated=f"{name} metadata: published in 100 million yuan to one decimal, so the "
            f"{n} provinces and the national row may differ by their rounding, at most "
            f"{n + 1} x 0.05 x 100 million yuan",
        )
    except _LOAD_ERRORS as exc:
        return _unavailable("", "", name, exc)


def _fujian_run(c: Lookup, x: AuditContext) -> AuditResult:
    try:
        panel = _load("cn_provincial_patents")
        fj = _load("fujian_patents")
    except _LOAD_ERRORS as exc:
        return _unavailable("", "", "cn_provincial_patents / fujian_patents", exc)
    kinds = [str(k) for k in panel["kind"].values]
    change = int(panel.attrs.get("definition_change_year", 2017))
    p_years = [int(y) for y in panel["year"].values]
    f_years = [int(y) for y in fj["year"].values]
    both = [y for y in p_years if y in f_years]
    spans = {
        "grants": both,
        "applications": [y for y in both if y < change],
    }
    labels: list[str] = []
    mine: list[float] = []
    theirs: list[float] = []
    for var, years in spans.items():
        grid = panel[var].sel(province="Fujian", year=years).transpose("year", "kind")
        cols = np.column_stack([fj[f"{var}_{k}"].sel(year=years).values for k in kinds])
        labels += [f"{var}, year={y}, kind={k}" for y in years for k in kinds]
        mine += grid.sel(kind=kinds).values.astype(np.float64).ravel().tolist()
        theirs += cols.astype(np.float64).ravel().tolist()
    a = xr.DataArray(mine, dims="cell", coords={"cell": labels})
    b = xr.DataArray(theirs, dims="cell", coords={"cell": labels})
    after = [y for y in both if y >= change]
    absent = [y for y in after if bool(fj["applications_total"].sel(year=y).isnull())]
    gaps = []
    if after:
        later = panel["applications"].sel(province="Fujian", year=after, kind=kinds)
        values = later.transpose("year", "kind").values
        for i, y in enumerate(after):
            for j, k in enumerate(kinds):
                p, f = float(values[i, j]), float(fj[f"applications_{k}"].values[f_years.index(y)])
                if math.isfinite(p) and math.isfinite(f):
                    gaps.append({"cell": f"year={y}, kind={k}", "panel": p, "fujian_patents": f})
    result = check_cells_agree(
        a,
        b,
        rtol=FUJIAN_RTOL,
        names=("panel", "fujian_patents"),
        compared=(
            f"Fujian in cn_provincial_patents against fujian_patents (Fujian yearbook 2022, "
            f"t.16-5), kinds {', '.join(kinds)}: grants {spans['grants'][0]}-"
            f"{spans['grants'][-1]}; applications {spans['applications'][0]}-"
            f"{spans['applications'][-1]} (applications received, the same count in both)"
        ),
        not_compared={
            f"applications {after[0]}-{after[-1]}": (
                f"from {change} the national yearbook counts applications instead of "
                "applications received and the Fujian yearbook notes an adjustment of its "
                "coverage: not the same concept (figures in after_change"
                + (
                    f"; fujian_patents has no applications for {', '.join(map(str, absent))})"
                    if absent
                    else ")"
                )
            ),
            f"years outside {both[0]}-{both[-1]}": "not in both datasets",
        },
    )
    detail = dict(result.detail)
    detail["after_change"] = gaps
    return AuditResult("", result.status, "", detail)


def province_checks() -> list[AuditCheck]:
    """The checks of the bundled provincial panels, in the order the audit runs them."""
    A = AuditCheck
    checks = [
        A(
            f"prov.patents_{v}_vs_national",
            f"cn_provincial_patents, {v.replace('_', ' ')}: the national row (which includes "
            "Hong Kong, Macao and Taiwan) exceeds the 31 provinces' sum by the share of it "
            "the metadata states (widened by the rounding of the stated percentages), in "
            "every year and kind.",
            _patents_vs_national_run(v),
        )
        for v in ("applications", "grants", "in_force")
    ]
    checks += [
        A(
            "prov.tech_market_vs_national",
            "cn_provincial_tech_market, contracts and turnover: the 31 provinces against the "
            "national row, within the gap the metadata states.",
            _tech_market_run,
        ),
        A(
            "prov.rd_expenditure_vs_national",
            "cn_provincial_rd, R&D expenditure: the 31 provinces sum to the national row "
            "within the rounding of the published figures (R&D intensity is a ratio and is "
            "not summed).",
            _rd_run,
        ),
        A(
            "prov.fujian_vs_fujian_patents",
            "Fujian in cn_provincial_patents against the bundled fujian_patents (Fujian "
            "yearbook): grants 2010-2021 and applications 2010-2016 by kind, cell by cell, "
            "within 0.01%; applications from 2017 are not compared (different coverage).",
            _fujian_run,
        ),
    ]
    return checks
