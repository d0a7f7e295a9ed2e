"""Bundled datasets: CSV files described by one Frictionless data package -> xarray.

The CSV files in ``data/`` hold only figures seen in a source; every row names its sources
by id. ``data/datapackage.json`` (profile ``tabular-data-package``) describes each file: its
fields with type, unit, title, description and caveats, its primary key (which becomes the
dimensions of the returned :class:`xarray.Dataset`), and its sources. Figures that the
sources imply but do not print (DERIVED) are computed here, in code, from seen figures, and
flagged in a companion ``<variable>_status`` variable.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd
import xarray as xr

from policyts import __version__

__all__ = ["names", "load", "sources", "datapackage", "citation"]

_PACKAGE = "policyts.datasets"
_DATA_DIR = "data"
_DESCRIPTOR = "datapackage.json"

STATUS_SEEN = 0
STATUS_DERIVED = 1
STATUS_MISSING = 2
_FLAG_VALUES = np.array([STATUS_SEEN, STATUS_DERIVED, STATUS_MISSING], dtype=np.int8)
_FLAG_MEANINGS = "seen derived missing"


@dataclass(frozen=True)
class _Derivation:
    """One DERIVED cell: ``target`` computed from the seen cell ``base`` and a stated step.

    ``kind="growth"``: target = base / (1 + step), ``step`` being the stated growth of
    ``base`` on the previous period. ``kind="change"``: target = base - step, ``step``
    being the stated change of ``base`` on the previous period.
    """

    variable: str
    target: dict[str, Any]
    base: dict[str, Any]
    step: str
    kind: Literal["growth", "change"]


# Only derivations whose arithmetic is stated next to the seen figures they start from.
_DERIVATIONS: dict[str, tuple[_Derivation, ...]] = {
    "patent_intensive_industries": (
        _Derivation("value_added", {"year": 2019}, {"year": 2020}, "value_added_growth", "growth"),
        _Derivation("gdp_share", {"year": 2019}, {"year": 2020}, "gdp_share_change", "change"),
    ),
    "patent_survey_industrialisation": tuple(
        _Derivation(
            "industrialisation_rate",
            {"year": 2020, "patentee": who},
            {"year": 2021, "patentee": who},
            "rate_change",
            "change",
        )
        for who in ("all", "enterprises")
    ),
    "patent_transfers_licences": tuple(
        _Derivation(m, {"period": "2023"}, {"period": "2024"}, f"{m}_growth", "growth")
        for m in ("transfers_and_licences_recorded", "univ_inst_transfers_and_licences_recorded")
    ),
    "patent_pledge_financing": (
        _Derivation(
            "patent_pledge_amount",
            {"period": "2012"},
            {"period": "2013"},
            "patent_pledge_amount_growth",
            "growth",
        ),
        _Derivation(
            "patent_trademark_pledge_amount",
            {"period": "2019"},
            {"period": "2020"},
            "patent_trademark_pledge_amount_growth",
            "growth",
        ),
    ),
}


# ----------------------------------------------------------------------------- descriptor


@functools.cache
def _descriptor() -> dict[str, Any]:
    text = resources.files(_PACKAGE).joinpath(_DATA_DIR, _DESCRIPTOR).read_text(encoding="utf-8")
    return dict(json.loads(text))


def datapackage() -> dict[str, Any]:
    """Return the Frictionless data package descriptor of the bundled datasets.

    Returns
    -------
    dict
        A copy of ``data/datapackage.json`` (profile ``tabular-data-package``): one resource
        per dataset with its schema (fields with ``type``, ``unit``, ``title``,
        ``description``, ``comment``), primary key, ``sources`` and ``licenses``.

    References
    ----------
    Frictionless Data, "Data Package" and "Table Schema" specifications,
    https://specs.frictionlessdata.io/

    Examples
    --------
    >>> from policyts.datasets import datapackage
    >>> pkg = datapackage()
    >>> sorted(pkg)
    ['description', 'name', 'profile', 'resources', 'title', 'version']
    """
    return copy.deepcopy(_descriptor())


def names() -> list[str]:
    """Names of the bundled datasets, in the order of the data package.

    Examples
    --------
    >>> from policyts.datasets import names
    >>> "cn_invention_applications" in names()
    True
    """
    return [str(r["name"]) for r in _descriptor()["resources"]]


def _resource(name: str) -> dict[str, Any]:
    for res in _descriptor()["resources"]:
        if res["name"] == name:
            return dict(res)
    raise ValueError(f"unknown dataset {name!r}; valid names are: {', '.join(names())}")


def sources(name: str) -> list[dict[str, Any]]:
    """Sources of dataset ``name`` as listed in its data package resource.

    Each source has ``id`` (what the CSV's per-row ``source`` column refers to), ``title``,
    ``publisher``, ``path`` (URL, or repository file at a commit), ``date`` and
    ``date_kind`` (``"published"``, ``"edition"`` for the year in an annual edition's title,
    or ``"undated"`` with ``date="n.d."``); some carry ``license``, ``fields`` (the
    variables they supply) or ``vintage``.

    Raises
    ------
    ValueError
        If ``name`` is not a bundled dataset.

    Examples
    --------
    >>> from policyts.datasets import sources
    >>> [src["id"] for src in sources("cn_invention_applications")]
    ['wdi_ip_pat_resd', 'wdi_ip_pat_nres', 'cnipa_yearbook_2022_t1_2']
    """
    return copy.deepcopy(list(_resource(name)["sources"]))


def _format_source(src: dict[str, Any]) -> str:
    extra = f", {src['vintage']}" if "vintage" in src else ""
    return f"{src['publisher']}. {src['title']} ({src['date']}{extra}). {src['path']}"


def citation(name: str) -> str:
    """How to cite the sources of dataset ``name``.

    Returns
    -------
    str
        One line per source (publisher, title, date, URL or repository path at a commit),
        then the licence where one is known, then the bundle it was taken from.

    Raises
    ------
    ValueError
        If ``name`` is not a bundled dataset.

    Examples
    --------
    >>> from policyts.datasets import citation
    >>> print(citation("cn_invention_applications"))  # doctest: +ELLIPSIS
    World Bank. World Development Indicators, IP.PAT.RESD: Patent applications, residents ...
    As bundled in policyts ..., dataset 'cn_invention_applications'.
    """
    res = _resource(name)
    lines = [_format_source(s) for s in res["sources"]]
    for lic in res.get("licenses", []):
        scope = f" ({lic['scope']})" if "scope" in lic else ""
        lines.append(f"Licence{scope}: {lic['title']}, {lic['path']}")
    lines.append(f"As bundled in policyts {__version__}, dataset {name!r}.")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- reading


def _corrupt(name: str, problem: str) -> ValueError:
    return ValueError(f"bundled dataset {name!r} is inconsistent with its datapackage: {problem}")


def _read_rows(res: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    path = resources.files(_PACKAGE).joinpath(_DATA_DIR, res["path"])
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], [r for r in rows[1:] if r]


def _parse_column(raw: list[str], field: dict[str, Any], dataset: str) -> np.ndarray:
    name, kind = field["name"], field["type"]
    required = field.get("constraints", {}).get("required", False)
    missing = [i for i, v in enumerate(raw) if v == ""]
    if required and missing:
        raise _corrupt(dataset, f"required field {name!r} is empty in data row {missing[0] + 1}")
    if kind == "string":
        return np.array(raw, dtype=object)
    if kind == "date":
        return pd.to_datetime(pd.Series(raw), format="%Y-%m-%d").to_numpy()
    if kind == "integer" and required:
        return np.array([int(v) for v in raw], dtype=np.int64)
    if kind in ("integer", "number"):
        return np.array([float(v) if v != "" else np.nan for v in raw], dtype=np.float64)
    raise _corrupt(dataset, f"field {name!r} has unsupported type {kind!r}")


def _read_table(res: dict[str, Any]) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    header, body = _read_rows(res)
    expected = [f["name"] for f in fields]
    if header != expected:
        raise _corrupt(res["name"], f"CSV header {header} differs from the schema {expected}")
    bad = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
    if bad:
        raise _corrupt(res["name"], f"line {bad[0]} does not have {len(header)} fields")
    cols = {
        f["name"]: _parse_column([r[j] for r in body], f, res["name"]) for j, f in enumerate(fields)
    }
    table = pd.DataFrame(cols)
    key = res["schema"]["primaryKey"]
    dup = table.duplicated(subset=key)
    if dup.any():
        row = table.loc[dup, key].iloc[0].tolist()
        raise _corrupt(res["name"], f"primary key {key} repeats {row}")
    return table


# ----------------------------------------------------------------------------- building


def _split_ids(cell: str) -> list[str]:
    return [s for s in cell.split(";") if s]


def _axis(values: pd.Series, dim: str) -> np.ndarray:
    if dim == "year":
        # Consecutive years: a year missing from the CSV appears as NaN, never skipped.
        return np.arange(int(values.min()), int(values.max()) + 1, dtype=np.int64)
    return np.asarray(pd.unique(values), dtype=object)


def _grid(table: pd.DataFrame, dims: list[str], axes: list[np.ndarray]) -> pd.DataFrame:
    if len(dims) == 1:
        index: pd.Index = pd.Index(axes[0], name=dims[0])
        return table.set_index(dims[0]).reindex(index)
    index = pd.MultiIndex.from_product(axes, names=dims)
    return table.set_index(dims).reindex(index)


def _build_table(res: dict[str, Any], table: pd.DataFrame) -> xr.Dataset:
    dims = list(res["schema"]["primaryKey"])
    axes = [_axis(table[d], d) for d in dims]
    shape = tuple(len(a) for a in axes)
    framed = _grid(table, dims, axes)
    data_vars: dict[str, Any] = {}
    coords: dict[str, Any] = {d: a for d, a in zip(dims, axes, strict=True)}
    for field in res["schema"]["fields"]:
        name = field["name"]
        if name in dims:
            continue
        column = framed[name]
        if field["type"] in ("integer", "number"):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan).reshape(shape).copy()
            data_vars[name] = (dims, values)
        else:
            text = column.fillna("").to_numpy(dtype=object).reshape(shape)
            coords["source_id" if name == "source" else name] = (dims, text)
    return xr.Dataset(data_vars, coords=coords)


def _build_periods(res: dict[str, Any], table: pd.DataFrame) -> xr.Dataset:
    measures = [m["name"] for m in res["measures"]]
    units = {m["name"]: m["unit"] for m in res["measures"]}
    wrong = table[table["unit"] != table["measure"].map(units)]
    if len(wrong):
        row = wrong.iloc[0]
        raise _corrupt(
            res["name"],
            f"measure {row['measure']!r} in period {row['period_label']!r} has unit "
            f"{row['unit']!r}, the descriptor says {units[row['measure']]!r}",
        )
    period_cols = ["period_label", "period_start", "period_end", "period_kind"]
    periods = table[period_cols].drop_duplicates()
    if periods["period_label"].duplicated().any():
        label = periods.loc[periods["period_label"].duplicated(), "period_label"].iloc[0]
        raise _corrupt(res["name"], f"period {label!r} has more than one start, end or kind")
    if (periods["period_end"] < periods["period_start"]).any():
        raise _corrupt(res["name"], "a period ends before it starts")
    periods = periods.sort_values(["period_start", "period_end"], kind="stable")
    labels = periods["period_label"].to_numpy(dtype=object)
    framed = _grid(table, ["period_label", "measure"], [labels, np.array(measures, dtype=object)])
    shape = (len(labels), len(measures))
    values = framed["value"].to_numpy(dtype=np.float64, na_value=np.nan).reshape(shape).copy()
    data_vars = {m: ("period", values[:, j]) for j, m in enumerate(measures)}
    coords: dict[str, Any] = {
        "period": labels,
        "period_start": ("period", periods["period_start"].to_numpy()),
        "period_end": ("period", periods["period_end"].to_numpy()),
        "period_kind": ("period", periods["period_kind"].to_numpy(dtype=object)),
        "measure": np.array(measures, dtype=object),
    }
    for col, coord in (
        ("source", "source_id"),
        ("qualifier", "qualifier"),
        ("as_published", "as_published"),
        ("note", "note"),
    ):
        text = framed[col].fillna("").to_numpy(dtype=object).reshape(shape)
        coords[coord] = (("period", "measure"), text)
    return xr.Dataset(data_vars, coords=coords)


def _build_province_panel(res: dict[str, Any], table: pd.DataFrame) -> xr.Dataset:
    """Provinces on a ``province`` dimension; the national row apart as ``national_*``.

    Every value variable gets a ``<name>_status`` flag (0 seen, 2 missing): the provincial
    tables have cells the source leaves empty, and years it does not cover.
    """
    dims = list(res["schema"]["primaryKey"])
    other = [d for d in dims if d != "province"]
    national = table["gb_code"] == res["national"]["gb_code"]
    if national.sum() == 0:
        raise _corrupt(res["name"], "the national row is missing")
    provinces = table.loc[~national]
    axes = {d: _axis(provinces[d], d) for d in dims}
    axes["year"] = _axis(table["year"], "year")
    labels = provinces.drop_duplicates("province").set_index("province")
    for col in ("province_zh", "gb_code"):
        per = provinces.groupby("province")[col].nunique()
        if (per > 1).any():
            raise _corrupt(res["name"], f"province {per.idxmax()!r} has more than one {col}")
    coords: dict[str, Any] = {d: axes[d] for d in dims}
    for col in ("province_zh", "gb_code"):
        coords[col] = ("province", labels.loc[axes["province"], col].to_numpy(dtype=object))
    framed = _grid(provinces, dims, [axes[d] for d in dims])
    framed_nat = _grid(table.loc[national], other, [axes[d] for d in other])
    shape = tuple(len(axes[d]) for d in dims)
    shape_nat = tuple(len(axes[d]) for d in other)
    text = framed["source"].fillna("").to_numpy(dtype=object).reshape(shape)
    coords["source_id"] = (dims, text)
    data_vars: dict[str, Any] = {}
    for field in res["schema"]["fields"]:
        name = field["name"]
        if name in dims or field["type"] not in ("integer", "number"):
            continue
        for key, frame, var_dims, var_shape in (
            (name, framed, dims, shape),
            (f"national_{name}", framed_nat, other, shape_nat),
        ):
            values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            values = values.reshape(var_shape).copy()
            data_vars[key] = (var_dims, values)
            status = np.where(np.isfinite(values), STATUS_SEEN, STATUS_MISSING)
            data_vars[f"{key}_status"] = (var_dims, status.astype(np.int8))
    return xr.Dataset(data_vars, coords=coords)


# ----------------------------------------------------------------------------- derivations


def _label(sel: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sel.items())


def _apply_derivations(ds: xr.Dataset, rules: Iterable[_Derivation], include: bool) -> None:
    rules = tuple(rules)
    for var in dict.fromkeys(r.variable for r in rules):
        status = xr.where(np.isfinite(ds[var]), STATUS_SEEN, STATUS_MISSING).astype(np.int8)
        ds[f"{var}_status"] = status
    notes: dict[str, list[str]] = {}
    for rule in rules:
        target = ds[rule.variable].loc[rule.target]
        if np.isfinite(target.item()):
            continue  # a seen value always wins over a derived one
        base = float(ds[rule.variable].loc[rule.base].item())
        step = float(ds[rule.step].loc[rule.base].item())
        if not (np.isfinite(base) and np.isfinite(step)):
            continue
        if rule.kind == "growth":
            value = base / (1.0 + step)
            how = f"{base:.10g} / (1 + {step:.10g}) = {value:.6g}"
        else:
            value = base - step
            how = f"{base:.10g} - {step:.10g} = {value:.6g}"
        where = f"{_label(rule.target)}: derived from {_label(rule.base)} and its stated "
        where += f"{'growth' if rule.kind == 'growth' else 'change'} ({rule.step}): {how}"
        if include:
            ds[rule.variable].loc[rule.target] = value
            ds[f"{rule.variable}_status"].loc[rule.target] = STATUS_DERIVED
            notes.setdefault(rule.variable, []).append(f"DERIVED in code, not published. {where}.")
        else:
            notes.setdefault(rule.variable, []).append(
                f"{_label(rule.target)} is left missing (include_derived=False); with "
                f"include_derived=True it is derived from {_label(rule.base)} and {rule.step}."
            )
    for var, lines in notes.items():
        ds[var].attrs["derivation"] = " ".join(lines)


# ----------------------------------------------------------------------------- attributes


def _used_ids(ids: xr.DataArray, mask: xr.DataArray) -> list[str]:
    ids_b, mask_b = xr.broadcast(ids, mask)
    cells = ids_b.to_numpy()[mask_b.to_numpy().astype(bool)]
    out: list[str] = []
    for cell in cells.ravel():
        for sid in _split_ids(str(cell)):
            if sid not in out:
                out.append(sid)
    return out


def _provenance(
    res: dict[str, Any], ids: list[str], variable: str | None
) -> tuple[str, str, list[dict[str, Any]]]:
    by_id = {s["id"]: s for s in res["sources"]}
    # A source with "fields" supplies only those variables (one WDI file per variable).
    used = [
        by_id[i]
        for i in ids
        if i in by_id and (variable is None or variable in by_id[i].get("fields", [variable]))
    ]
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise _corrupt(res["name"], f"source id {unknown[0]!r} is not in the resource's sources")
    source = "; ".join(f"{s['publisher']}: {s['title']} ({s['date']})" for s in used)
    references = "; ".join(s["path"] for s in used)
    return source, references, used


def _variable_meta(res: dict[str, Any], name: str) -> dict[str, str]:
    if res.get("layout") == "period_measure":
        m = next(m for m in res["measures"] if m["name"] == name)
        return {
            "long_name": m["title"],
            "units": m["unit"],
            "description": m["description"],
            "comment": res["comment"],
        }
    national = res.get("layout") == "province_panel" and name.startswith("national_")
    field_name = name.removeprefix("national_") if national else name
    f = next(f for f in res["schema"]["fields"] if f["name"] == field_name)
    if national:
        return {
            "long_name": f"{f['title']}: {res['national']['title']}",
            "units": f["unit"],
            "description": f["description"],
            "comment": res["comment"],
        }
    return {
        "long_name": f["title"],
        "units": f["unit"],
        "description": f["description"],
        "comment": f.get("comment", res["comment"]),
    }


def _annotate(ds: xr.Dataset, res: dict[str, Any], include: bool) -> None:
    value_vars = [v for v in ds.data_vars if not str(v).endswith("_status")]
    all_ids: list[str] = []
    for var in value_vars:
        name = str(var)
        da = ds[name]
        ids_coord = ds["source_id"]
        if "measure" in ids_coord.dims:
            ids_coord = ids_coord.sel(measure=name, drop=True)
        has_value = da.notnull()
        ids = _used_ids(ids_coord, has_value)
        source, references, _ = _provenance(res, ids, name)
        all_ids += [i for i in ids if i not in all_ids]
        meta = _variable_meta(res, name)
        derivation = da.attrs.pop("derivation", "")
        comment = " ".join(x for x in (meta["comment"], derivation) if x)
        attrs = {
            "long_name": meta["long_name"],
            "units": meta["units"],
            "source": source or "no value in this selection",
            "references": references or "none",
            "comment": comment,
            "description": meta["description"],
        }
        status = f"{name}_status"
        if status in ds:
            attrs["ancillary_variables"] = status
            ds[status].attrs = {
                "long_name": f"status of {name}",
                "units": "1",
                "flag_values": _FLAG_VALUES,
                "flag_meanings": _FLAG_MEANINGS,
                "source": attrs["source"],
                "references": attrs["references"],
                "comment": (
                    "0 = seen in a source; 1 = derived in code by policyts from seen figures "
                    f"(arithmetic in the comment of {name}); 2 = missing (NaN)."
                ),
            }
        da.attrs = attrs
    _, _, used = _provenance(res, all_ids, None)
    licences = "; ".join(f"{lic['title']} ({lic['path']})" for lic in res.get("licenses", []))
    ds.attrs = {
        "title": res["title"],
        "summary": res["description"],
        "comment": res["comment"],
        "source": "; ".join(f"{s['publisher']}: {s['title']}" for s in used),
        "references": "; ".join(s["path"] for s in used),
        "citation": citation(res["name"]),
        "license": licences or "not stated by the sources",
        "dataset_name": res["name"],
        "derived_values": (
            "included and flagged in the *_status variables"
            if include
            else "not included (include_derived=False); see the *_status variables"
        ),
        "Conventions": "CF-1.10",
    }
    _annotate_coords(ds, res)


def _annotate_coords(ds: xr.Dataset, res: dict[str, Any]) -> None:
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    for name in ds.coords:
        key = "source" if name == "source_id" else str(name)
        key = "period_label" if key == "period" else key
        if key in fields:
            ds.coords[name].attrs = {
                "long_name": fields[key]["title"],
                "description": fields[key]["description"],
            }
    if "measure" in ds.coords:
        ds.coords["measure"].attrs = {
            "long_name": "measure (name of the data variable)",
            "description": "Labels the per-cell source ids, qualifiers and notes.",
        }


# ----------------------------------------------------------------------------- public


@functools.cache
def _parsed(name: str, include_derived: bool) -> xr.Dataset:
    """Dataset ``name`` read, checked and annotated once per process (the files are part
    of the installed package and do not change while it runs).  Never handed out as is:
    :func:`load` gives each caller its own deep copy."""
    res = _resource(name)
    table = _read_table(res)
    if res.get("layout") == "period_measure":
        ds = _build_periods(res, table)
    elif res.get("layout") == "province_panel":
        ds = _build_province_panel(res, table)
    else:
        ds = _build_table(res, table)
    _apply_derivations(ds, _DERIVATIONS.get(name, ()), include_derived)
    _annotate(ds, res, include_derived)
    if "definition_change" in res:
        change = res["definition_change"]
        ds.attrs["definition_change_year"] = int(change["first_year"])
        ds.attrs["definition_change"] = str(change["description"])
    return ds


def load(name: str, *, include_derived: bool = True) -> xr.Dataset:
    """Load bundled dataset ``name`` as a labelled :class:`xarray.Dataset`.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    include_derived : bool
        If True (default), figures that the sources imply but do not publish are computed
        from seen figures (the arithmetic is in the variable's ``comment``) and flagged 1
        in ``<variable>_status``. If False they stay NaN and are flagged 2 (missing).

    Returns
    -------
    xarray.Dataset
        Dimensions from the resource's primary key: ``year`` (integer calendar years, always
        consecutive; a year absent from the source is NaN), and ``kind``, ``economy`` or
        ``patentee`` where the data have them. The period datasets
        (``patent_transfers_licences``, ``patent_pledge_financing``) have a ``period``
        dimension with coordinates ``period_start``, ``period_end`` and ``period_kind``, one
        data variable per measure, and per-cell coordinates over ``(period, measure)``.
        Every data variable has CF attributes ``units``, ``long_name``, ``source``
        (publisher and title), ``references`` (URLs or repository paths), ``comment``
        (caveats) and ``description``; the per-row source ids are in the ``source_id``
        coordinate. Values are float64 (counts are whole numbers; float lets missing be
        NaN). Currency is in yuan (CNY), shares and growth rates are fractions (unit "1").
        The provincial panels (``cn_provincial_patents``, ``cn_provincial_tech_market``,
        ``cn_provincial_rd``) have a ``province`` dimension (31 English names, with
        ``province_zh`` and ``gb_code`` coordinates); the national row as printed is kept
        apart in ``national_<variable>`` (it need not equal the provincial sum), and every
        variable has a ``<variable>_status`` flag (2 = not printed in the source).

    Raises
    ------
    ValueError
        If ``name`` is not a bundled dataset.

    Notes
    -----
    The bundled figures were checked value by value against the research notes they come
    from and, for the World Bank rows, against the transcribed WDI CSV files (the test
    suite repeats both checks).

    Each dataset is parsed once per process and every call returns an independent deep
    copy, so changing a returned dataset (values, coordinates or attributes) never changes
    what a later call returns.

    Examples
    --------
    >>> ds = load("cn_invention_applications")
    >>> int(ds["resident"].sel(year=2016))
    1204981
    """
    if not isinstance(name, str):
        raise ValueError(f"dataset name must be a string, got {type(name).__name__}")
    # Parsed once per process; the deep copy (values, coordinates, indexes and attrs) lets
    # a caller change its dataset without changing what the next caller gets.
    return _parsed(name, bool(include_derived)).copy(deep=True)
