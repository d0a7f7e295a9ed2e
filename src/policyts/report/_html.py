"""The HTML page, rendered from the results dictionary alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from policyts.report._text import esc, format_number, interval_text, num_cell


def _img(results_fig: str | None, figure_dir: Path | None, alt: str) -> str:
    """A figure linked from ``figures/`` (not embedded: the page stays small), loaded
    when scrolled to."""
    if not results_fig:
        return ""
    src = f"figures/{esc(results_fig)}"
    return (
        f'<figure><a href="{src}"><img src="{src}" alt="{esc(alt)}" loading="lazy">'
        f"</a><figcaption>{esc(alt)}</figcaption></figure>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:68em;margin:auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #1f4e79;padding-bottom:.15em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}th{background:#eef2f7}
td.num,td.interval{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{display:inline-block;margin:.4em;max-width:100%}img{max-width:100%;height:auto}
figcaption{font-size:.8em;color:#555}.supports{border-left:4px solid #2e7d32;padding-left:.6em}
.not{border-left:4px solid #c0392b;padding-left:.6em}.note{color:#555;font-size:.9em}
.consistent{color:#2e7d32}.inconsistent{color:#c0392b;font-weight:bold}
.cannot-check{color:#8a6d00}nav ul{columns:2}details{margin:.3em 0}
summary{cursor:pointer;font-weight:600}code{font-size:.85em}
nav{position:sticky;top:0;background:#fff;z-index:2;border-bottom:1px solid #ccc;
padding:.2em 0;font-size:.85em}nav ul{columns:auto;display:flex;flex-wrap:wrap;gap:.2em 1em;
margin:0;padding:0;list-style:none}
.tbl{overflow-x:auto;max-width:100%}pre{white-space:pre-wrap;overflow-wrap:anywhere}
td,h3,h4,p,li{overflow-wrap:break-word}
.v-supported{color:#2e7d32;font-weight:bold}.v-not-supported{color:#555}
.v-inconclusive{color:#8a6d00;font-weight:bold}
"""


def render_html(results: dict[str, Any], *, figure_dir: Path | None = None) -> str:
    """The report page from ``results`` alone (figures read from ``figure_dir``).

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from policyts.report import AnalysisSpec, run_report
    >>> spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> res = run_report(tmp / "r", analyses=(spec,), bundled=False, figures=False,
    ...                  progress=False)
    >>> page = render_html(res)
    >>> page.startswith("<!DOCTYPE html>"), 'id="overview"' in page
    (True, True)
    >>> shutil.rmtree(tmp)
    """
    body: list[str] = []
    s = results["settings"]
    body.append("<header><h1>policyts report</h1>")
    body.append(
        "<p>Quantitative claims about China's patent system and military-civil fusion, their "
        "consistency, and structural-break tests of the bundled statistical series around "
        "dated policy events. Every number on this page is in <code>results.json</code>; "
        "figures are in <code>figures/</code>.</p></header>"
    )
    toc = [
        ("overview", "Overview"),
        ("findings", "Findings"),
        ("conventions", "Conventions"),
        ("claims", "Claims"),
        ("audit", "Audit"),
        ("indicators", "Indicators"),
        ("analyses", "Break analyses"),
        ("comparators", "Comparators (placebo)"),
        ("provinces", "Provinces"),
        ("coverage", "Coverage"),
        ("events", "Events"),
        ("sources", "Data sources"),
    ]
    body.append(
        "<nav><ul>" + "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in toc) + "</ul></nav>"
    )
    body.append(_overview_html(results, figure_dir))
    body.append('<section id="findings"><h2>Findings</h2>')
    for a in results["analyses"]:
        f = a["finding"]
        body.append(
            f'<h3 id="finding-{esc(a["key"])}"><a href="#analysis-{esc(a["key"])}">'
            f"{esc(a['title'])}</a></h3>" + _finding_html(f)
        )
    body.append("</section>")
    body.append('<section id="conventions"><h2>Conventions</h2><ul>')
    body.append(
        f"<li>Breaks are labelled by the <b>{esc(s['break_label'])}</b>; a Bai-Perron "
        "interval is shown in the same convention (strucchange states it for the old "
        "regime's last period; <code>results.json</code> keeps both).</li>"
    )
    body.append(
        f"<li>Events enter a series at their <b>{esc(s['event_rule'])}</b>; catalogued events "
        "within one period of it are listed as confounders.</li>"
    )
    body.append(
        "<li>Model: y<sub>t</sub> = a + b t + u<sub>t</sub>, intercept and trend both free to "
        "change. sup-F uses trimming "
        f"{esc(format_number(s['trim']))} (3 observations in series shorter than 20), "
        f"Hansen (1997) p-values and a fixed-regressor bootstrap of "
        f"{esc(format_number(s['bootstrap_draws']))} draws (seed "
        f"{esc(format_number(s['seed']))}); Bai-Perron at most "
        f"{esc(format_number(s['max_breaks']))} breaks chosen by BIC, "
        f"{esc(format_number(s['level']))} intervals. Tests are read at level "
        f"1 - {esc(format_number(s['level']))}.</li>"
    )
    rule = results["claims_meta"].get("qualifier_rule")
    if rule:
        body.append(f"<li>Qualifiers become intervals by the rule: {esc(rule)}.</li>")
    body.append("</ul></section>")
    body.append(_claims_html(results))
    body.append(_audit_html(results))
    body.append(_indicators_html(results, figure_dir))
    body.append('<section id="analyses"><h2>Break analyses</h2>')
    for a in results["analyses"]:
        body.append(_analysis_html(a, figure_dir))
    body.append("</section>")
    body.append(_comparators_html(results, figure_dir))
    body.append(_provinces_html(results, figure_dir))
    body.append('<section id="coverage"><h2>Coverage</h2>')
    body.append(
        "<p>Every bundled variable that is not analysed above, and why.</p><table>"
        "<tr><th>dataset</th><th>variable</th><th>why not analysed</th></tr>"
    )
    for c in results["coverage"]:
        body.append(
            f"<tr><td>{esc(c['dataset'])}</td><td>{esc(c['variable'])}</td>"
            f"<td>{esc(c['reason'])}</td></tr>"
        )
    body.append("</table></section>")
    body.append(_events_html(results))
    body.append('<section id="sources"><h2>Data sources</h2>')
    for src in results["sources"]:
        body.append(f'<h3>{esc(src["dataset"])}</h3><pre class="note">{esc(src["citation"])}</pre>')
    body.append(f'<p class="note">policyts {esc(str(s["policyts_version"]))}.</p></section>')
    page = "\n".join(body)
    # Every table scrolls inside its own box: the page itself never scrolls sideways.
    page = page.replace("<table>", '<div class="tbl"><table>').replace("</table>", "</table></div>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>policyts report</title><style>{_CSS}</style></head><body>\n"
        + page
        + "\n</body></html>\n"
    )


_VERDICT_CLASS = {
    "supported": "v-supported",
    "not supported": "v-not-supported",
    "inconclusive": "v-inconclusive",
}


def _overview_html(results: dict[str, Any], figure_dir: Path | None = None) -> str:
    """The first screen: one row per series, the verdict and what it rests on."""
    out = [
        '<section id="overview"><h2>Overview</h2>'
        '<p class="note">For each analysed series: whether a break in level or trend is '
        "supported by the tests that are valid for its persistence, the effect estimates at "
        "the events (level change with its interval), and the caveat that decides the "
        "reading. Details follow below.</p><table><tr><th>series</th><th>years</th>"
        "<th>noise</th><th>break</th><th>rests on</th><th>effects at events</th>"
        "<th>caveat</th></tr>"
    ]
    for a in results["analyses"]:
        v = a.get("verdict") or {}
        brk = str(v.get("break", "n/a"))
        effects = []
        for ef in a.get("effects", []):
            if ef.get("status") != "computed":
                continue
            r = ef["result"]
            est = r.get("level_change_percent") or r.get("level_change")
            if not est or est.get("estimate") is None:
                continue
            lo, hi = est["ci"]
            effects.append(
                f"{esc(ef['event'])}: {esc(format_number(est['estimate']))} "
                f"{esc(est['scale'])} [{esc(format_number(lo))}; {esc(format_number(hi))}]"
            )
        out.append(
            f'<tr><td><a href="#finding-{esc(a["key"])}">{esc(a["title"])}</a></td>'
            f"<td>{esc(str(a['years'][0]))}-{esc(str(a['years'][1]))}</td>"
            f"<td>{esc(str(v.get('persistence', 'n/a')))}</td>"
            f'<td class="{_VERDICT_CLASS.get(brk, "")}">{esc(brk)}</td>'
            f"<td>{esc(', '.join(v.get('basis', [])))}</td>"
            f"<td>{'<br>'.join(effects) or '-'}</td>"
            f"<td>{esc(str(v.get('caveat', '')))}</td></tr>"
        )
    out.append("</table>")
    out.append(
        _img(
            results.get("overview_figure"),
            figure_dir,
            "every analysed series with its fitted Bai-Perron regimes and the events tested",
        )
    )
    return "".join(out) + "</section>"


def _persistence_html(a: dict[str, Any]) -> str:
    """Unit-root diagnosis and the trend-break test valid under I(0) or I(1) noise."""
    per, tb = a.get("persistence"), a.get("trend_break")
    out = []
    if per:
        if "not_computable" in per:
            out.append(
                f'<p class="note">Persistence: not computable: {esc(per["not_computable"])}</p>'
            )
        else:
            rows = "".join(
                f"<tr><td>{esc(name)}</td>{num_cell(t.get('stat'))}{num_cell(t.get('pvalue'))}"
                f"<td>{esc(str(t.get('null_hypothesis', '')))}</td></tr>"
                for name, t in per.get("tests", {}).items()
            )
            root = per.get("largest_root") or {}
            ci = root.get("ci") or [None, None]
            out.append(
                "<h4>Persistence</h4><p>"
                f"Classification: <b>{esc(str(per.get('class')))}</b>; largest "
                f"autoregressive root {esc(format_number(root.get('median_unbiased')))} "
                f"(interval {esc(format_number(ci[0]))} to {esc(format_number(ci[1]))}).</p>"
                "<table><tr><th>test</th><th>statistic</th><th>p</th><th>null hypothesis</th>"
                f"</tr>{rows}</table>"
            )
    if tb:
        if "not_computable" in tb:
            out.append(
                f'<p class="note">Trend-break test: not computable: {esc(tb["not_computable"])}</p>'
            )
        else:
            brk = tb.get("break") or {}
            out.append(
                "<h4>Break in the trend function (valid under I(0) or I(1) noise)</h4>"
                "<table><tr><th>test</th><th>model</th><th>statistic</th><th>p</th>"
                "<th>reject at 5%</th><th>at (first new period)</th></tr>"
                f"<tr><td>{esc(str(tb.get('test', 'trend break')))}</td>"
                f"<td>{esc(str(tb.get('model', '')))}</td>{num_cell(tb.get('statistic'))}"
                f"{num_cell(tb.get('pvalue'))}<td>{esc(str(tb.get('reject')))}</td>"
                f"<td>{esc(str(brk.get('label', '')))}</td></tr></table>"
            )
    return "".join(out)


def _finding_html(f: dict[str, list[str]]) -> str:
    sup = "".join(f"<li>{esc(t)}</li>" for t in f["supports"]) or "<li>nothing firm</li>"
    nots = "".join(f"<li>{esc(t)}</li>" for t in f["does_not_support"])
    return (
        f'<div class="supports"><b>The evidence supports</b><ul>{sup}</ul></div>'
        f'<div class="not"><b>It does not support</b><ul>{nots}</ul></div>'
    )


def _claims_html(results: dict[str, Any]) -> str:
    out = ['<section id="claims"><h2>Claims</h2>']
    claims = results["claims"]
    if not claims:
        out.append(f'<p class="note">{esc(results["claims_meta"].get("note", ""))}</p>')
        return "".join(out) + "</section>"
    out.append(
        f"<p>{len(claims)} claims. The interval is what the qualifier implies under the rule "
        "above: ( ) excludes the bound, [ ] includes it. Targets are plans, not observations.</p>"
    )
    families = list(dict.fromkeys(c["family"] for c in claims))
    for fam in families:
        rows = [c for c in claims if c["family"] == fam]
        out.append(
            f"<details><summary>{esc(fam)} ({len(rows)} claims)</summary><table>"
            "<tr><th>id</th><th>indicator</th><th>qualifier</th><th>value</th><th>unit</th>"
            "<th>period</th><th>interval</th><th>status</th><th>source</th></tr>"
        )
        for c in rows:
            src = esc(", ".join(x for x in (c["source_publisher"], c["source_date"]) if x))
            if c["source_url"]:
                src = f'<a href="{esc(c["source_url"])}">{src}</a>'
            out.append(
                f"<tr><td>{esc(c['id'])}</td><td>{esc(c['indicator'])}</td>"
                f"<td>{esc(c['qualifier'])}</td>{num_cell(c['value'])}<td>{esc(c['unit'])}</td>"
                f"<td>{esc(c['period'])}</td>"
                f'<td class="interval">{esc(interval_text(c))}</td>'
                f"<td>{esc(str(c['status']))}</td><td>{src}</td></tr>"
            )
        out.append("</table></details>")
    return "".join(out) + "</section>"


def _audit_html(results: dict[str, Any]) -> str:
    out = ['<section id="audit"><h2>Audit</h2>']
    audit = results["audit"]
    if not audit:
        out.append('<p class="note">No audit results.</p>')
        return "".join(out) + "</section>"
    counts = results["claims_meta"].get("audit_counts", {})
    out.append(
        "<p>"
        + ", ".join(f"{format_number(v)} {esc(k)}" for k, v in sorted(counts.items()))
        + ". Each check compares claims as intervals; the details list the intervals compared."
        "</p><table><tr><th>check</th><th>status</th><th>what was checked</th>"
        "<th>claims</th><th>details</th></tr>"
    )
    for r in audit:
        detail = json.dumps(r["detail"], ensure_ascii=False, sort_keys=True)
        reason = r["detail"].get("reason") if isinstance(r["detail"], dict) else None
        shown = f"<p>{esc(str(reason))}</p>" if reason else ""
        out.append(
            f'<tr><td>{esc(r["id"])}</td><td class="{esc(r["status"])}">'
            f"{esc(r['status'])}</td><td>{esc(r['description'])}</td>"
            f"<td>{esc(', '.join(r['claims']))}</td><td>{shown}<details><summary>numbers"
            f"</summary><code>{esc(detail)}</code></details></td></tr>"
        )
    return "".join(out) + "</table></section>"


def _indicators_html(results: dict[str, Any], figure_dir: Path | None) -> str:
    out = ['<section id="indicators"><h2>Indicators</h2>']
    inds = results["indicators"]
    out.append(
        "<p>One figure per indicator with at least one dated claim: each claim over its "
        "reference period, the bar its interval, an arrow an unbounded side, an open marker "
        "an excluded bound; stars are targets, grey diamonds derived values; dotted lines the "
        "events tested in this report.</p>"
    )
    for fam in dict.fromkeys(i["family"] for i in inds):
        members = [i for i in inds if i["family"] == fam]
        out.append(f"<details><summary>{esc(fam)} ({len(members)} indicators)</summary>")
        undated = []
        for i in members:
            if i["figure"]:
                out.append(_img(i["figure"], figure_dir, f"{i['indicator']}: {i['long_name']}"))
            elif i["n_dated"]:
                out.append(f'<p class="note">{esc(i["indicator"])}: figures not drawn.</p>')
            else:
                undated.append(i["indicator"])
        if undated:
            out.append(
                '<p class="note">Undated only (claims table): ' + esc(", ".join(undated)) + "</p>"
            )
        out.append("</details>")
    return "".join(out) + "</section>"


def _analysis_html(a: dict[str, Any], figure_dir: Path | None) -> str:
    out = [f'<article id="analysis-{esc(a["key"])}"><h3>{esc(a["title"])}</h3>']
    sel = ", ".join(f"{k}={v}" for k, v in a["select"].items())
    out.append(
        f'<p class="note">{esc(a["dataset"])}.{esc(a["variable"])}'
        + (f" ({esc(sel)})" if sel else "")
        + f", {esc(str(a['years'][0]))}-{esc(str(a['years'][1]))}, "
        f"n = {esc(format_number(a['n_obs']))}; {esc(a['long_name'])} [{esc(a['units'])}]. "
        f"Model: {esc(a['model'])}. Source: {esc(a['source'])}.</p>"
    )
    for n in a["notes"]:
        out.append(f'<p class="note">Note: {esc(n)}</p>')
    if a.get("events_note"):
        out.append(f'<p class="note">{esc(a["events_note"])}</p>')
    out.append(
        f'<p class="note">What the evidence supports: <a href="#finding-{esc(a["key"])}">'
        "Findings</a>.</p>"
    )
    figs = a["figures"]
    for key, alt in (
        ("regimes", "series, fitted Bai-Perron regimes, break dates with intervals, events"),
        ("series", "series with events"),
        ("f_path", "Chow F at each candidate break date with the sup-F critical value"),
        ("cusum", "OLS-CUSUM process with its boundaries"),
    ):
        if figs.get(key):
            out.append(_img(figs[key], figure_dir, f"{a['title']}: {alt}"))
    sf, bp, cs = a["sup_f"], a["bai_perron"], a["cusum"]
    out.append("<details><summary>Test tables</summary>")
    out.append(_persistence_html(a))
    out.append("<h4>Unknown-date tests</h4>")
    if "p_value" in sf:
        out.append(
            "<table><tr><th>test</th><th>statistic (Wald = k F)</th><th>F</th><th>p (Hansen)"
            "</th><th>p (bootstrap)</th><th>at (first new period)</th></tr>"
            f"<tr><td>sup-F</td>{num_cell(sf['wald'])}{num_cell(sf['f'])}{num_cell(sf['p_value'])}"
            f"{num_cell(sf['bootstrap_p_value'])}<td>{esc(str(sf['break_label']))}</td></tr>"
            f"<tr><td>ave-F</td>{num_cell(sf['ave_wald'])}<td></td>{num_cell(sf['ave_p_value'])}"
            "<td></td><td></td></tr>"
            f"<tr><td>exp-F</td>{num_cell(sf['exp_wald'])}<td></td>{num_cell(sf['exp_p_value'])}"
            "<td></td><td></td></tr></table>"
        )
    else:
        out.append(f'<p class="note">sup-F not computable: {esc(sf["not_computable"])}</p>')
    if "p_value" in cs:
        out.append(
            "<table><tr><th>test</th><th>statistic</th><th>p</th><th>critical value</th>"
            "<th>crossed</th><th>first crossing</th></tr>"
            f"<tr><td>{esc(cs['name'])}</td>{num_cell(cs['stat'])}{num_cell(cs['p_value'])}"
            f"{num_cell(cs['critical_value'])}<td>{esc(str(cs['crossed']))}</td>"
            f"<td>{esc(str(cs['first_crossing'] or 'none'))}</td></tr></table>"
        )
    else:
        out.append(f'<p class="note">CUSUM not computable: {esc(cs["not_computable"])}</p>')
    out.append("<h4>Bai-Perron dating</h4>")
    if "breaks" in bp:
        out.append(
            "<table><tr><th>breaks m</th><th>RSS</th><th>BIC</th><th>LWZ</th>"
            "<th>first periods of new regimes</th></tr>"
        )
        for m in range(len(bp["rss"])):
            labels = ", ".join(str(b["label"]) for b in bp["breaks_by_m"].get(str(m), []))
            mark = " (selected)" if m == bp["selected_m"] else ""
            out.append(
                f"<tr><td>{m}{mark}</td>{num_cell(bp['rss'][m])}{num_cell(bp['bic'][m])}"
                f"{num_cell(bp['lwz'][m])}<td>{esc(labels or '-')}</td></tr>"
            )
        out.append("</table>")
        if bp["breaks"]:
            out.append(
                "<table><tr><th>break (first new period)</th><th>old regime ends</th>"
                f"<th>{esc(format_number(bp['level']))} interval (first new period)</th>"
                "<th>interval (old regime's last period)</th></tr>"
            )
            for b in bp["breaks"]:
                ci = f"{b['ci'][0]}-{b['ci'][1]}" if b["ci"] else "not computable"
                ce = f"{b['ci_end_label'][0]}-{b['ci_end_label'][1]}" if b["ci_end_label"] else ""
                out.append(
                    f"<tr><td>{esc(str(b['label']))}</td><td>{esc(str(b['end_label']))}</td>"
                    f"<td>{esc(ci)}</td><td>{esc(ce)}</td></tr>"
                )
            out.append("</table>")
    else:
        out.append(f'<p class="note">Not computable: {esc(bp["not_computable"])}</p>')
    out.append("<h4>Known-date tests at the events</h4>")
    if a["events"]:
        out.append(
            "<table><tr><th>event</th><th>date</th><th>first affected</th><th>test</th>"
            "<th>statistic</th><th>df</th><th>p</th><th>n before</th><th>n after</th>"
            "<th>confounders (within one period)</th></tr>"
        )
        for e in a["events"]:
            if e.get("status") != "computed":
                out.append(
                    f"<tr><td>{esc(e['event'])}</td><td>{esc(e['event_date'])}</td>"
                    f"<td>{esc(str(e.get('first_affected', '')))}</td>"
                    f'<td colspan="7">{esc(e["status"])}: {esc(e.get("reason", ""))}</td></tr>'
                )
                continue
            df = ", ".join(format_number(d) for d in e["df"])
            out.append(
                f"<tr><td>{esc(e['event'])}</td><td>{esc(e['event_date'])}</td>"
                f"<td>{esc(str(e['first_affected']))}</td>"
                f"<td>{esc(e['test'])} ({esc(e['scale'])})</td>{num_cell(e['stat'])}"
                f'<td class="interval">{esc(df)}</td>{num_cell(e["p_value"])}'
                f"{num_cell(e['n_pre'])}{num_cell(e['n_post'])}"
                f"<td>{esc(', '.join(e['confounders']))}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="note">No event tested.</p>')
    out.append("</details>")
    effects = a.get("effects", [])
    if effects:
        out.append("<h4>Effect estimates</h4>")
        for ef in effects:
            if ef["status"] != "computed":
                out.append(
                    f'<p class="note">{esc(ef["event"])}: {esc(ef["status"])}: '
                    f"{esc(ef.get('reason', ''))}</p>"
                )
                continue
            out.append(_effect_html(ef))
            fig = figs.get(f"effect:{ef['event']}")
            if fig:
                out.append(
                    _img(
                        fig, figure_dir, f"{a['title']}: observed and counterfactual, {ef['event']}"
                    )
                )
    return "".join(out) + "</article>"


_EFFECT_ROWS = (
    ("level_change", "level change at the first treated period"),
    ("level_change_percent", "level change"),
    ("slope_change", "slope change"),
    ("slope_change_percent", "slope change"),
    ("pulse", "pulse"),
    ("cumulative_effect", "cumulative effect"),
    ("average_effect", "average effect"),
    ("relative_effect_percent", "relative effect"),
)


def _effect_html(ef: dict[str, Any]) -> str:
    r = ef["result"]
    out = [
        f"<h5>{esc(ef['event'])}: first treated {esc(str(r['first_treated']))}</h5>",
        f'<p class="note">{esc(r["method"])}; pre-period {esc(str(r["pre_period"][0]))}-'
        f"{esc(str(r['pre_period'][1]))} ({esc(format_number(r['n_pre']))} periods), "
        f"post-period {esc(str(r['post_period'][0]))}-{esc(str(r['post_period'][1]))} "
        f"({esc(format_number(r['n_post']))}).</p>",
        "<table><tr><th>estimate</th><th>value</th>"
        f"<th>{esc(format_number(r['level']))} interval</th><th>p</th><th>scale</th></tr>",
    ]
    for key, name in _EFFECT_ROWS:
        e = r.get(key)
        if not e:
            continue
        ci = "; ".join(format_number(c) for c in e["ci"])
        out.append(
            f'<tr><td>{esc(name)}</td>{num_cell(e["estimate"])}<td class="interval">'
            f"{esc(ci)}</td>{num_cell(e['p_value'])}<td>{esc(e['scale'])}</td></tr>"
        )
    out.append("</table>")
    tests = []
    if r.get("p_value") is not None:
        tests.append(f"joint test of no effect p = {format_number(r['p_value'])}")
    pit = r.get("placebo_in_time")
    if pit and pit.get("n_placebos"):
        tests.append(
            f"placebo-in-time p = {format_number(pit['p_value'])} from "
            f"{format_number(pit['n_placebos'])} fake dates (smallest attainable "
            f"{format_number(pit['smallest_attainable_p'])})"
        )
    if tests:
        out.append(f'<p class="note">{esc("; ".join(tests))}.</p>')
    if ef["warnings"]:
        out.append(
            '<ul class="not">' + "".join(f"<li>{esc(w)}</li>" for w in ef["warnings"]) + "</ul>"
        )
    return "".join(out)


def _comparators_html(results: dict[str, Any], figure_dir: Path | None) -> str:
    out = ['<section id="comparators"><h2>Comparators (placebo)</h2>']
    comp = results.get("comparators")
    if not comp:
        out.append('<p class="note">Not run.</p>')
        return "".join(out) + "</section>"
    out.append(
        f"<p>Log resident patent applications, {comp['years'][0]}-{comp['years'][1]} "
        "(World Bank WDI), with the same tests. The events are Chinese: for the other "
        "economies their dates are placebos, and a break there at the same date points to a "
        "common cause rather than a Chinese policy.</p>"
    )
    out.append(_img(comp["figure"], figure_dir, "resident applications, change since 1985"))
    head = "".join(f"<th>Chow p at {esc(e)}</th>" for e in comp["events"])
    out.append(
        "<table><tr><th>economy</th><th>sup-F p</th><th>bootstrap p</th><th>sup-F at</th>"
        f"<th>Bai-Perron breaks (BIC)</th>{head}</tr>"
    )
    for r in comp["rows"]:
        cells = ""
        for e in comp["events"]:
            ev = r["events"][e]
            cells += (
                num_cell(ev["p_value"])
                if ev["status"] == "computed"
                else f"<td>{esc(ev['status'])}</td>"
            )
        out.append(
            f"<tr><td>{esc(r['economy'])}</td>{num_cell(r['sup_f_p_value'])}"
            f"{num_cell(r['sup_f_bootstrap_p_value'])}<td>{esc(str(r['sup_f_break_label']))}</td>"
            f"<td>{esc(', '.join(str(b) for b in r['bai_perron_breaks']) or '-')}</td>{cells}</tr>"
        )
    return "".join(out) + "</table></section>"


def _provinces_html(results: dict[str, Any], figure_dir: Path | None) -> str:
    out = ['<section id="provinces"><h2>Provinces</h2>']
    pr = results.get("provinces")
    if not pr:
        out.append('<p class="note">Not run.</p>')
        return "".join(out) + "</section>"
    out.append(
        f"<p>A break common to China's {esc(format_number(pr['n_units']))} provinces in the "
        f"{esc(pr['variable'])} of <code>{esc(pr['dataset'])}</code>, "
        f"{esc(str(pr['years'][0]))}-{esc(str(pr['years'][1]))}. Model: {esc(pr['model'])}. "
        "p-values by a bootstrap of the model without a break; a rejection counts as support "
        "only when the common factor is not persistent (estimated autoregressive coefficient "
        f"{esc(format_number(pr.get('factor_persistence')))}), since with a persistent factor "
        "the test rejects too often.</p>"
    )
    if "not_computable" in pr:
        out.append(f'<p class="note">Not computable: {esc(pr["not_computable"])}</p>')
        return "".join(out) + "</section>"
    out.append(
        "<table><tr><th>tested at</th><th>statistic</th><th>p</th><th>date (first new year)"
        "</th><th>interval</th><th>mean shift (log points)</th><th>same shift in every "
        "province: p</th><th>break</th><th>why</th></tr>"
    )
    for t in pr["tests"]:
        at = "unknown date" if t.get("at") is None else f"{t['at']} ({t.get('event', '')})"
        if "not_computable" in t:
            out.append(
                f'<tr><td>{esc(at)}</td><td colspan="8">{esc(t["not_computable"])}</td></tr>'
            )
            continue
        ci = t.get("ci_labels") or ["-", "-"]
        out.append(
            f"<tr><td>{esc(at)}</td>{num_cell(t['statistic'])}{num_cell(t['p_value'])}"
            f"<td>{esc(str(t['break_label']))}</td>"
            f'<td class="interval">{esc(str(ci[0]))}; {esc(str(ci[1]))}</td>'
            f"{num_cell(t['mean_shift'])}{num_cell(t['heterogeneity_p_value'])}"
            f'<td class="{_VERDICT_CLASS.get(t["verdict"], "")}">{esc(t["verdict"])}</td>'
            f"<td>{esc(t['why'])}</td></tr>"
        )
    out.append("</table>")
    out.append(
        _img(
            pr.get("figure"),
            figure_dir,
            "provinces: year at which each province's own F statistic peaks (the per-province "
            "tests assume stationary noise, so only the dates are shown)",
        )
    )
    return "".join(out) + "</section>"


def _events_html(results: dict[str, Any]) -> str:
    out = [
        '<section id="events"><h2>Events</h2><table><tr><th>id</th><th>date</th>'
        "<th>precision</th><th>kind</th><th>jurisdiction</th><th>what</th><th>source</th></tr>"
    ]
    for e in results["events"]:
        src = e["source"]
        text = esc(", ".join(x for x in (src["publisher"], src["title"], src["date"]) if x))
        if src["url"]:
            text = f'<a href="{esc(src["url"])}">{text}</a>'
        out.append(
            f"<tr><td>{esc(e['id'])}</td><td>{esc(e['date'])}</td><td>{esc(e['precision'])}"
            f"</td><td>{esc(e['kind'])}</td><td>{esc(e['jurisdiction'])}</td>"
            f"<td>{esc(e['title'])}</td><td>{text}</td></tr>"
        )
    return "".join(out) + "</table></section>"
