"""The main job: ``policyts report`` runs the break analyses on the bundled data around the
catalogued policy events and writes ``index.html`` (or ``index.md``) and ``results.json``.

Everything is written to a temporary directory first and moved into place at the end,
so a failed run never leaves a half-written report behind.  The numbers depend only on
the bundled data and fixed seeds: two runs give identical ``results.json`` files.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["AnalysisSpec", "DEFAULT_ANALYSES", "DEFAULT_EVENTS", "run_report", "register"]

DEFAULT_EVENTS = (
    "ip_strategy_2008",
    "declassified_patents_2017",
    "patent_subsidy_end_2021",
    "special_action_patent_transformation_2023",
)


@dataclass(frozen=True)
class AnalysisSpec:
    """One bundled series to analyse: dataset, variable, transformation and years."""

    dataset: str
    variable: str
    log: bool
    start: int
    end: int
    title: str


DEFAULT_ANALYSES = (
    AnalysisSpec(
        "cn_invention_applications",
        "resident",
        True,
        1985,
        2022,
        "China: resident invention applications (log)",
    ),
    AnalysisSpec(
        "cn_invention_applications",
        "nonresident",
        True,
        1985,
        2022,
        "China: non-resident invention applications (log)",
    ),
    AnalysisSpec(
        "fujian_patents",
        "applications_total",
        True,
        1987,
        2020,
        "Fujian: patent applications, all kinds (log; 2021 not published)",
    ),
    AnalysisSpec(
        "patent_intensive_industries",
        "gdp_share",
        False,
        2018,
        2024,
        "Patent-intensive industries: share of GDP",
    ),
)


def _progress(i: int, total: int, what: str) -> None:
    width = 24
    done = int(width * i / total)
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{total} {what[:50]:<50}")
    if i == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _series(spec: AnalysisSpec) -> tuple[Any, list[str]]:
    from policyts import datasets

    ds = datasets.load(spec.dataset)
    da = ds[spec.variable].sel(year=slice(spec.start, spec.end))
    notes = []
    status = f"{spec.variable}_status"
    if status in ds and int((ds[status].sel(year=slice(spec.start, spec.end)) == 1).sum()):
        yrs = [int(y) for y in da.year.values[ds[status].sel(year=da.year).values == 1]]
        notes.append(f"values for {yrs} are derived (computed from published figures)")
    if bool(np.isnan(da.values).any()):
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has missing years in {spec.start}-{spec.end}"
        )
    y = np.log(da.to_series()) if spec.log else da.to_series()
    y.name = spec.variable
    return y, notes


def _event_tests(y: Any, event_id: str, n: int) -> dict[str, Any]:
    from policyts import events
    from policyts.models import chow, chow_predictive

    period = events.first_affected_period(event_id, "year")
    if not isinstance(period, int):  # pragma: no cover - "year" always gives an int
        raise ValueError(f"event {event_id!r} did not map to a year")
    first = period
    years = [int(v) for v in y.index]
    out: dict[str, Any] = {"event": event_id, "first_treated": first}
    if not years[0] < first <= years[-1]:
        out["status"] = "outside the series"
        return out
    window = events.events_in_window(first - 1, first + 1, exclude=(event_id,))
    out["confounders"] = [e.id for e in window]
    n_post = years[-1] - first + 1
    n_pre = first - years[0]
    try:
        res = chow(y, at=first, trend=True)
        out["test"] = "chow"
    except ValueError as exc:
        out["chow_not_computable"] = str(exc)
        if n_pre > 3:
            res = chow_predictive(y, at=first, trend=True)
            out["test"] = "chow_predictive"
        else:
            out["status"] = "too few observations"
            return out
    out.update(
        {
            "status": "computed",
            "stat": res.stat,
            "scale": res.scale,
            "df": list(res.df),
            "p_value": res.pvalue,
            "n_pre": n_pre,
            "n_post": n_post,
        }
    )
    return out


def _finding(name: str, sf: dict[str, Any], bp: dict[str, Any] | None, ev: list[dict]) -> str:
    parts = []
    p = sf.get("p_value")
    if p is not None:
        verdict = "evidence of" if p < 0.05 else "no clear evidence of"
        parts.append(
            f"sup-F finds {verdict} a break in the trend model (p = {p:.3g}; bootstrap p = "
            f"{sf.get('bootstrap_p_value', float('nan')):.3g}), most likely from {sf['break_label']}."
        )
    if bp is not None:
        sel = bp["selected"]
        parts.append(
            f"BIC selects {len(sel)} break(s)"
            + (": " + ", ".join(str(b["label"]) for b in sel) if sel else "")
            + " (first period of each new regime)."
        )
    for e in ev:
        if e.get("status") != "computed":
            continue
        conf = f"; confounded with {', '.join(e['confounders'])}" if e.get("confounders") else ""
        parts.append(
            f"At {e['event']} (first treated {e['first_treated']}): {e['test']} p = "
            f"{e['p_value']:.3g} with {e['n_post']} post-event year(s){conf}."
        )
    parts.append(
        "A break in timing with an event is consistent with, not proof of, a policy effect."
    )
    return " ".join(parts)


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else round(x, 12)
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if hasattr(x, "item"):
        return _clean(x.item())
    return x


def run_report(
    out: str | Path = "report",
    *,
    fmt: str = "html",
    event_ids: tuple[str, ...] | None = None,
    analyses: tuple[AnalysisSpec, ...] = DEFAULT_ANALYSES,
    progress: bool = True,
) -> dict[str, Any]:
    """Run every analysis and write the report to ``out``; return the results.

    Raises
    ------
    ValueError
        Unknown event id, unknown format, or an output directory that cannot be written.
    """
    from policyts import events
    from policyts.models import bai_perron, sup_f

    if fmt not in ("html", "md"):
        raise ValueError(f"format must be 'html' or 'md', not {fmt!r}")
    ids = tuple(event_ids) if event_ids else DEFAULT_EVENTS
    for eid in ids:
        events.get(eid)  # raises ValueError naming unknown ids
    out = Path(out)
    parent = out.resolve().parent
    if not parent.exists() or not os.access(parent, os.W_OK):
        raise ValueError(f"cannot write the report: {parent} does not exist or is not writable")
    if out.exists() and not out.is_dir():
        raise ValueError(f"cannot write the report: {out} exists and is not a directory")

    results: dict[str, Any] = {"events": [events.get(e).to_dict() for e in ids], "analyses": []}
    total = len(analyses) + 1
    for i, spec in enumerate(analyses, start=1):
        if progress:
            _progress(i - 1, total, spec.title)
        y, notes = _series(spec)
        n = len(y)
        entry: dict[str, Any] = {
            "dataset": spec.dataset,
            "variable": spec.variable,
            "title": spec.title,
            "log": spec.log,
            "years": [int(y.index[0]), int(y.index[-1])],
            "n_obs": n,
            "notes": notes,
            "model": "y_t = a + b t + u_t, all coefficients may change",
        }
        try:
            sf = sup_f(y, trend=True, trim=0.15 if n >= 20 else 3, bootstrap=999, seed=1)
            entry["sup_f"] = {
                **sf.to_dict(),
                "break_label": sf.break_label,
                "break_end_label": sf.break_end_label,
            }
        except ValueError as exc:
            entry["sup_f"] = {"not_computable": str(exc)}
        try:
            bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3)
            entry["bai_perron"] = bp.to_dict()
        except ValueError as exc:
            entry["bai_perron"] = {"not_computable": str(exc)}
        entry["events"] = [_event_tests(y, eid, n) for eid in ids]
        entry["finding"] = _finding(
            spec.title,
            entry["sup_f"] if "wald" in entry["sup_f"] else {},
            entry["bai_perron"] if "selected" in entry["bai_perron"] else None,
            entry["events"],
        )
        results["analyses"].append(entry)
    if progress:
        _progress(total - 1, total, "claims and audit")
    results["claims"], results["audit"] = _claims_and_audit()
    results = _clean(results)
    tmp = Path(tempfile.mkdtemp(prefix=".policyts-report-", dir=parent))
    try:
        (tmp / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True))
        page = _render_html(results) if fmt == "html" else _render_md(results)
        (tmp / f"index.{fmt}").write_text(page)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ValueError(f"cannot write the report to {out}: {exc}") from exc
    if progress:
        _progress(total, total, "done")
    return results


def _claims_and_audit() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        from policyts import indicators

        cat = indicators.catalogue()  # type: ignore[attr-defined,unused-ignore]
        claims = json.loads(cat.to_json(orient="records", date_format="iso"))
        audit_fn = getattr(indicators, "audit_records", None)
        audit = audit_fn() if audit_fn else []
    except (AttributeError, ImportError):
        return [], []
    return claims, audit


def _render_md(results: dict[str, Any]) -> str:
    lines = ["# policyts report", "", "Breaks around policy events in the bundled series.", ""]
    for a in results["analyses"]:
        lines += [f"## {a['title']}", "", a["finding"], ""]
    return "\n".join(lines)


def _render_html(results: dict[str, Any]) -> str:
    esc = html.escape
    body = [
        "<h1>policyts report</h1>",
        "<p>Structural-break tests on the bundled series around catalogued policy events. "
        "Break labels are the first period of the new regime.</p>",
    ]
    for a in results["analyses"]:
        body.append(f"<section><h2>{esc(a['title'])}</h2><p>{esc(a['finding'])}</p>")
        body.append(
            "<table><tr><th>event</th><th>first treated</th><th>test</th>"
            "<th>statistic</th><th>p-value</th><th>confounders</th></tr>"
        )
        for e in a["events"]:
            if e.get("status") != "computed":
                body.append(
                    f"<tr><td>{esc(e['event'])}</td><td>{e.get('first_treated')}</td>"
                    f"<td colspan=4>{esc(e.get('status', ''))}</td></tr>"
                )
                continue
            body.append(
                f"<tr><td>{esc(e['event'])}</td><td>{e['first_treated']}</td>"
                f"<td>{esc(e['test'])} ({esc(e['scale'])})</td><td>{e['stat']:.4g}</td>"
                f"<td>{e['p_value']:.4g}</td><td>{esc(', '.join(e.get('confounders', [])))}</td></tr>"
            )
        body.append("</table></section>")
    if results.get("claims"):
        body.append(
            f"<h2>Claims</h2><p>{len(results['claims'])} claims in the catalogue; "
            "see results.json.</p>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>policyts report"
        "</title><style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
        "</head><body>" + "\n".join(body) + "</body></html>\n"
    )


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="run the analyses on the bundled data and write a report")
    p.add_argument("--out", default="report", help="output directory (default: report)")
    p.add_argument("--format", choices=("html", "md"), default="html")
    p.add_argument("--events", nargs="+", default=None, metavar="ID", help="event ids to test")
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    res = run_report(
        args.out,
        fmt=args.format,
        event_ids=tuple(args.events or ()) or None,
        progress=sys.stderr.isatty(),
    )
    print(
        f"wrote {args.out}/index.{args.format} and {args.out}/results.json "
        f"({len(res['analyses'])} analyses)"
    )
    return 0
