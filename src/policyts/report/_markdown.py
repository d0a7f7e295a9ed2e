"""The Markdown page, rendered from the results dictionary alone."""

from __future__ import annotations

from typing import Any

from policyts.report._text import format_number, interval_text, md_escape


def render_markdown(results: dict[str, Any]) -> str:
    """The report as Markdown from ``results`` alone, figures linked from ``figures/``.

    Every piece of text that comes from data (titles, column names, findings, claims,
    sources) passes through :func:`md_escape`; numbers through :func:`format_number`.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from policyts.report import AnalysisSpec, run_report
    >>> spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> res = run_report(tmp / "r", analyses=(spec,), bundled=False, figures=False,
    ...                  progress=False)
    >>> render_markdown(res).splitlines()[0]
    '# policyts report'
    >>> shutil.rmtree(tmp)
    """
    fmt = format_number
    m = md_escape
    lines = [
        "# policyts report",
        "",
        "Claims, their audit, and structural-break tests of the bundled series around policy "
        "events. Every number here is in `results.json`. Breaks are labelled by the first "
        "period of the new regime.",
        "",
        "## Overview",
        "",
        "| series | years | noise | break | rests on | caveat |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for a in results["analyses"]:
        v = a.get("verdict") or {}
        lines.append(
            f"| {m(a['title'])} | {m(a['years'][0])}-{m(a['years'][1])} | "
            f"{m(v.get('persistence', 'n/a'))} | **{m(v.get('break', 'n/a'))}** | "
            f"{m(', '.join(v.get('basis', [])))} | {m(v.get('caveat', ''))} |"
        )
    if results.get("overview_figure"):
        lines += ["", f"![every analysed series](figures/{results['overview_figure']})"]
    lines += [
        "",
        "## Findings",
        "",
    ]
    for a in results["analyses"]:
        lines += [f"### {m(a['title'])}", "", "The evidence supports:", ""]
        lines += [f"- {m(t)}" for t in a["finding"]["supports"]] or ["- nothing firm"]
        lines += ["", "It does not support:", ""]
        lines += [f"- {m(t)}" for t in a["finding"]["does_not_support"]]
        lines.append("")
        for key in ("regimes", "series", "f_path", "cusum"):
            if a["figures"].get(key):
                lines += [f"![{m(a['title'])}: {key}](figures/{a['figures'][key]})", ""]
        if a["events"]:
            lines += [
                "| event | first affected | test | statistic | p | confounders |",
                "| --- | --- | --- | ---: | ---: | --- |",
            ]
            for e in a["events"]:
                if e.get("status") != "computed":
                    lines.append(
                        f"| {m(e['event'])} | {m(e.get('first_affected', ''))} | "
                        f"{m(e['status'])} | | | |"
                    )
                else:
                    lines.append(
                        f"| {m(e['event'])} | {m(e['first_affected'])} | {m(e['test'])} | "
                        f"{fmt(e['stat'])} | {fmt(e['p_value'])} | "
                        f"{m(', '.join(e['confounders']))} |"
                    )
            lines.append("")
    lines += ["## Claims", ""]
    if results["claims"]:
        lines += [
            "| id | qualifier | value | unit | period | interval |",
            "| --- | --- | ---: | --- | --- | --- |",
        ]
        for c in results["claims"]:
            lines.append(
                f"| {m(c['id'])} | {m(c['qualifier'])} | {fmt(c['value'])} | {m(c['unit'])} | "
                f"{m(c['period'])} | {m(interval_text(c))} |"
            )
    lines += ["", "## Audit", ""]
    for r in results["audit"]:
        lines.append(f"- **{m(r['status'])}** {m(r['id'])}: {m(r['description'])}")
    lines += ["", "## Indicators", ""]
    for i in results["indicators"]:
        if i["figure"]:
            lines.append(f"![{m(i['indicator'])}](figures/{i['figure']})")
    pr = results.get("provinces")
    if pr and pr.get("tests"):
        lines += ["", "## Provinces", "", m(pr["model"]), ""]
        lines += [
            "| tested at | statistic | p | date | break | why |",
            "| --- | ---: | ---: | --- | --- | --- |",
        ]
        for t in pr["tests"]:
            if "not_computable" in t:
                continue
            at = "unknown date" if t.get("at") is None else f"{t['at']} ({t.get('event', '')})"
            lines.append(
                f"| {m(at)} | {fmt(t['statistic'])} | {fmt(t['p_value'])} | "
                f"{m(t['break_label'])} | {m(t['verdict'])} | {m(t['why'])} |"
            )
    lines += ["", "## Coverage", ""]
    for c in results["coverage"]:
        lines.append(f"- {m(c['dataset'])}.{m(c['variable'])}: {m(c['reason'])}")
    lines += ["", "## Events", ""]
    for e in results["events"]:
        lines.append(f"- {m(e['id'])} ({m(e['date'])}, {m(e['precision'])}): {m(e['title'])}")
    lines.append("")
    return "\n".join(lines)
