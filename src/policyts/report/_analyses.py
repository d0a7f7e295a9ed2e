"""The computations of the report: load and check each series, run the break tests, the
known-date tests at events and the effect models, and collect the claims, audit and
coverage, each into plain dictionaries for ``results.json``."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from policyts.report._spec import (
    BOOTSTRAP_DRAWS,
    LEVEL,
    NOT_ANALYSED,
    SEED,
    WHOLE_DATASET_REASONS,
    AnalysisSpec,
)


@dataclass
class Prepared:
    spec: AnalysisSpec
    data: Any  # xarray.DataArray, the analysed (transformed) series
    raw: Any  # xarray.DataArray, the same years untransformed (for the effect models)
    notes: list[str]
    source: str
    freq: str


def _load_variable(spec: AnalysisSpec) -> tuple[Any, str]:
    from policyts import datasets

    if spec.path is not None:
        ds = datasets.read_csv(spec.path, time=spec.time, columns=[spec.variable])
        return ds[spec.variable], f"user file {spec.path}"
    ds = datasets.load(spec.dataset)
    if spec.variable not in ds.data_vars:
        raise ValueError(
            f"dataset {spec.dataset!r} has no variable {spec.variable!r}; it has "
            f"{sorted(str(v) for v in ds.data_vars)}"
        )
    da = ds[spec.variable]
    for dim, value in spec.select:
        if dim not in da.dims:
            raise ValueError(f"{spec.dataset}.{spec.variable} has no dimension {dim!r}")
        if value not in [str(v) for v in da[dim].values]:
            raise ValueError(
                f"{spec.dataset}.{spec.variable}: {dim}={value!r} is not one of "
                f"{[str(v) for v in da[dim].values]}"
            )
        da = da.sel({dim: value})
    return da, str(da.attrs.get("source", ""))


def prepare(spec: AnalysisSpec) -> Prepared:
    """Load, select, transform and validate one series; ``ValueError`` naming problems."""
    import xarray as xr

    from policyts._series import as_series

    da, source = _load_variable(spec)
    if da.ndim != 1:
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has dimensions {tuple(da.dims)}; fix the other "
            "dimensions with AnalysisSpec(select=...)"
        )
    dim = str(da.dims[0])
    if spec.start is not None or spec.end is not None:
        da = da.sel({dim: slice(spec.start, spec.end)})
    if da.sizes[dim] == 0:
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has no observations in {spec.start}..{spec.end}"
        )
    notes: list[str] = []
    if spec.path is None:
        from policyts import datasets

        ds = datasets.load(spec.dataset)
        status = f"{spec.variable}_status"
        if status in ds:
            st = ds[status]
            for d, v in spec.select:
                st = st.sel({d: v})
            st = st.sel({dim: da[dim]})
            derived = [int(t) for t in da[dim].values[st.values == 1]]
            if derived:
                notes.append(
                    f"values for {derived} are derived (computed from published figures, "
                    "not published themselves)"
                )
    values = np.asarray(da.values, dtype=float)
    if np.isnan(values).any():
        where = [str(v) for v in da[dim].values[np.isnan(values)]]
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has missing values at {where}; choose start/end "
            "so the series has none (nothing is filled or dropped silently)"
        )
    attrs = dict(da.attrs)
    if spec.log:
        if (values <= 0).any():
            raise ValueError(
                f"{spec.dataset}.{spec.variable} has values <= 0, which have no logarithm; "
                "use log=False"
            )
        values = np.log(values)
        attrs["long_name"] = f"log of {attrs.get('long_name', spec.variable)}"
        units = attrs.get("units")
        attrs["units"] = f"log({units})" if units else "log"
    out = xr.DataArray(values, coords={dim: da[dim].values}, dims=(dim,), name=spec.variable)
    out.attrs = {k: attrs[k] for k in ("long_name", "units") if k in attrs}
    series = as_series(out)
    return Prepared(spec, out, da, notes, source, series.freq)


def is_relevant(event: Any, jurisdiction: str) -> bool:
    """Whether a catalogued event concerns a series of ``jurisdiction``: national Chinese
    events concern every Chinese series (``CN``, ``CN-FJ``), a province's only its own;
    ``"none"`` (a user's series unrelated to the catalogue) is concerned by none."""
    return bool(
        jurisdiction != "none"
        and (
            event.jurisdiction == jurisdiction
            or (event.jurisdiction == "CN" and jurisdiction.startswith("CN"))
        )
    )


_USER_EVENTS: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "policyts_report_user_events", default=None
)


@contextlib.contextmanager
def user_events_in_scope(extra: Sequence[Any]) -> Iterator[None]:
    """Make the user's own events (:func:`policyts.events.user_event`) known by id to the
    analyses of one report run, beside the catalogue."""
    token = _USER_EVENTS.set({e.id: e for e in extra})
    try:
        yield
    finally:
        _USER_EVENTS.reset(token)


def first_period_of(event_id: str, freq: str) -> Any:
    from policyts import events

    return events.first_affected_period(event_obj(event_id), freq)


def confounder_window(first: Any, freq: str) -> tuple[Any, Any]:
    import pandas as pd

    if freq == "year":
        return first - 1, first + 1
    p = first if isinstance(first, pd.Period) else pd.Period(first, freq=freq)
    return (p - 1).start_time.date(), (p + 1).end_time.date()


def event_test(prep: Prepared, event_id: str) -> dict[str, Any]:
    """Known-date test at one event: Chow F, or the predictive test for a short post-period."""
    from policyts import events
    from policyts.models import chow, chow_predictive

    ev = event_obj(event_id)
    out: dict[str, Any] = {"event": event_id, "event_date": ev.label, "event_kind": ev.kind}
    named = event_id in (prep.spec.events or ())
    if not (named or is_relevant(ev, prep.spec.jurisdiction)):
        out["status"] = "not relevant"
        out["reason"] = (
            f"the event applies to {ev.jurisdiction}, the series to {prep.spec.jurisdiction}"
        )
        return out
    try:
        first = first_period_of(event_id, prep.freq)
    except ValueError as exc:
        out["status"] = "date too coarse"
        out["reason"] = str(exc)
        return out
    out["first_affected"] = first if isinstance(first, int) else str(first)
    labels = [v.item() if hasattr(v, "item") else v for v in prep.data[prep.data.dims[0]].values]
    keys = [str(v) for v in labels]
    if str(first) not in keys:
        out["status"] = "outside the series"
        out["reason"] = (
            f"the first affected period {first} lies outside the sample {labels[0]}-{labels[-1]}"
        )
        return out
    pos = keys.index(str(first))
    if pos == 0:
        out["status"] = "outside the series"
        out["reason"] = f"{first} is the first observation: there is no pre-event period"
        return out
    lo, hi = confounder_window(first, prep.freq)
    near = events.events_in_window(lo, hi, exclude=(ev,) if ev.id in events.CATALOGUE.ids() else ())
    out["confounders"] = [e.id for e in near if is_relevant(e, prep.spec.jurisdiction)]
    out["confounders_statistical"] = [
        e.id for e in near if e.kind == "statistical" and is_relevant(e, prep.spec.jurisdiction)
    ]
    n = len(labels)
    out["n_pre"], out["n_post"] = pos, n - pos
    at = labels[pos]
    try:
        res = chow(prep.data, at=at, trend=True)
        out["test"] = "chow"
    except ValueError as exc:
        out["chow_not_computable"] = str(exc)
        try:
            res = chow_predictive(prep.data, at=at, trend=True)
        except ValueError as exc2:
            out["status"] = "too few observations"
            out["reason"] = str(exc2)
            return out
        out["test"] = "chow_predictive"
    out.update(
        {
            "status": "computed",
            "stat": res.stat,
            "scale": res.scale,
            "df": list(res.df),
            "p_value": res.pvalue,
        }
    )
    return out


def effect_entry(prep: Prepared, event_id: str) -> tuple[dict[str, Any], Any]:
    """Policy-effect estimate at one event (:func:`policyts.models.effects.effect`).

    Segmented regression with AR(1) errors and the module's default inference (parametric
    bootstrap-t, placebo-in-time test), on the log of the series when the analysis is in
    logs, with the series' jurisdiction for the confounder check.
    """
    from policyts.models.effects import effect

    try:
        res = effect(
            prep.raw,
            event=event_obj(event_id),
            log=prep.spec.log,
            jurisdiction=prep.spec.jurisdiction,
            name=prep.spec.variable,
        )
    except ValueError as exc:
        return {"event": event_id, "status": "not computable", "reason": str(exc)}, None
    return {
        "event": event_id,
        "status": "computed",
        "result": res.to_dict(),
        "warnings": list(res.warnings),
    }, res


def bp_entry(bp: Any) -> dict[str, Any]:
    d = bp.to_dict()
    breaks = []
    for b in bp.breaks:
        item = {"label": b.label, "end_label": b.end_label, "ci_end_label": None, "ci": None}
        if b.ci_index is not None:
            n = bp.n_obs
            item["ci_end_label"] = list(b.ci)
            # Same interval in the first-period-of-the-new-regime convention.
            item["ci"] = [
                bp.labels[min(b.ci_index[0] + 1, n - 1)],
                bp.labels[min(b.ci_index[1] + 1, n - 1)],
            ]
        breaks.append(item)
    d["breaks"] = breaks
    return d


SEASONAL_FREQS = ("M", "Q")
"""Frequencies (of :attr:`policyts._series.Series1D.freq`) whose break tests hold season
effects fixed (``seasonal=True``)."""


def unknown_date_tests(
    prep: Prepared,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    from policyts.models import bai_perron, cusum, sup_f

    y = prep.data
    n = int(y.size)
    objs: dict[str, Any] = {}
    # Monthly and quarterly series: season effects are held fixed across regimes, so a
    # seasonal cycle is not dated as breaks.
    seasonal = prep.freq in SEASONAL_FREQS
    opts: dict[str, Any] = {"seasonal": True} if seasonal else {}
    try:
        sf = sup_f(
            y,
            trend=True,
            trim=0.15 if n >= 20 else 3,
            bootstrap=BOOTSTRAP_DRAWS,
            seed=SEED,
            **opts,
        )
        objs["sup_f"] = sf
        sfd: dict[str, Any] = {
            **sf.to_dict(),
            "break_label": sf.break_label,
            "break_end_label": sf.break_end_label,
            "bootstrap_draws": BOOTSTRAP_DRAWS,
            "seed": SEED,
        }
    except ValueError as exc:
        sfd = {"not_computable": str(exc)}
    try:
        bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3, level=LEVEL, **opts)
        objs["bai_perron"] = bp
        bpd = bp_entry(bp)
    except ValueError as exc:
        bpd = {"not_computable": str(exc)}
    try:
        cs = cusum(y, trend=True, kind="ols-cusum", alpha=1 - LEVEL, **opts)
        objs["cusum"] = cs
        first = cs.details.get("first boundary crossing", "none")
        csd: dict[str, Any] = {
            "name": cs.name,
            "stat": cs.stat,
            "p_value": cs.pvalue,
            "alpha": cs.alpha,
            "critical_value": cs.critical_value,
            "crossed": bool(cs.crossed),
            "first_crossing": None if first == "none" else first,
        }
    except ValueError as exc:
        csd = {"not_computable": str(exc)}
    return sfd, bpd, csd, objs


def event_obj(event_id: str) -> Any:
    """The event of an id: the user's own events of this run first, then the catalogue."""
    from policyts import events

    extra = _USER_EVENTS.get() or {}
    return extra[event_id] if event_id in extra else events.get(event_id)


def event_in_range(event_id: str, freq: str, lo: Any, hi: Any) -> bool:
    try:
        first = first_period_of(event_id, freq)
    except ValueError:
        return False
    if freq == "year":
        return bool(int(lo) <= int(first) <= int(hi) + 1)
    return True


def claims_and_audit() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The claim catalogue and the audit, or empty lists with a note when unavailable."""
    try:
        from policyts import indicators

        cat = indicators.catalogue()
        rule = indicators.DEFAULT_RULE.describe()
        results = indicators.audit()
    except (AttributeError, ImportError) as exc:  # pragma: no cover - package always has them
        return [], [], {"available": False, "note": f"claims not available: {exc}"}
    claims = []
    for row in cat.to_dict(orient="records"):
        claims.append(
            {
                "id": row["id"],
                "family": row["family"],
                "indicator": row["indicator"],
                "value": row["value"],
                "unit": row["unit"],
                "period": row["period"],
                "qualifier": row["qualifier"],
                "lower": row["lower"],
                "upper": row["upper"],
                "lower_open": bool(row["lower_open"]),
                "upper_open": bool(row["upper_open"]),
                "is_target": bool(row["is_target"]),
                "status": row["status"],
                "source_publisher": row["source_publisher"],
                "source_title": row["source_title"],
                "source_date": row["source_date"],
                "source_url": row["source_url"],
                "derived_from": list(row["derived_from"] or ()),
                "formula": row["formula"],
            }
        )
    audit = [r.to_dict() for r in results]
    counts: dict[str, int] = {}
    for r in audit:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return claims, audit, {"available": True, "qualifier_rule": rule, "audit_counts": counts}


def coverage_list(analyses: Sequence[AnalysisSpec]) -> list[dict[str, str]]:
    from policyts import datasets

    done = {(a.dataset, a.variable) for a in analyses if a.path is None}
    out = []
    for name in datasets.names():
        ds = datasets.load(name)
        for var in [str(v) for v in ds.data_vars]:
            if (name, var) in done:
                continue
            if var.endswith("_status"):
                reason = "status flags of another variable (0 seen, 1 derived, 2 missing)"
            elif (name, var) in NOT_ANALYSED:
                reason = NOT_ANALYSED[(name, var)]
            elif name in WHOLE_DATASET_REASONS:
                reason = WHOLE_DATASET_REASONS[name]
            elif ds[var].dtype.kind not in "fiu":
                reason = "text (notes or source ids), not a series"
            else:
                reason = "not among the analyses of this report"
            out.append({"dataset": name, "variable": var, "reason": reason})
    return out


def data_sources(analyses: Sequence[AnalysisSpec], bundled: bool) -> list[dict[str, str]]:
    from policyts import datasets

    names = list(dict.fromkeys([a.dataset for a in analyses if a.path is None]))
    if bundled:
        names.append("comparator_resident_applications")
    return [{"dataset": n, "citation": datasets.citation(n)} for n in dict.fromkeys(names)]


# Draws of the AR-sieve bootstrap behind the trend-break p-value: 199 resolve a 5% decision
# (the p-value moves in steps of 0.005) at a fifth of the default's time.
TREND_BREAK_DRAWS = 199


def persistence_tests(prep: Prepared) -> tuple[dict[str, Any], dict[str, Any]]:
    """The persistence diagnosis and the trend-break test valid under I(0) or I(1) noise.

    :func:`policyts.models.persistence` (ADF, DF-GLS, KPSS, Zivot-Andrews, largest root)
    and :func:`policyts.models.trend_break` (Perron & Yabu 2009 Exp-W, level and slope
    free to change, as in the report's model). Each is ``{"not_computable": reason}``
    when the series cannot carry it.
    """
    from arch.utility.exceptions import InfeasibleTestException

    from policyts.models import persistence, trend_break

    y = prep.data
    try:
        per: dict[str, Any] = persistence(y, trend=True, seed=SEED).to_dict()
    except (ValueError, InfeasibleTestException) as exc:  # e.g. residuals exactly zero
        per = {"not_computable": str(exc)}
    try:
        tb: dict[str, Any] = trend_break(
            y, model="both", trim=0.15, bootstrap=TREND_BREAK_DRAWS, seed=SEED
        ).to_dict()
    except ValueError as exc:
        tb = {"not_computable": str(exc)}
    return per, tb
