"""Running the report: validate, compute into a results dictionary, render, publish."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from policyts.report._analyses import (
    Prepared,
    claims_and_audit,
    coverage_list,
    data_sources,
    effect_entry,
    event_test,
    persistence_tests,
    prepare,
    unknown_date_tests,
    user_events_in_scope,
)
from policyts.report._comparators import comparators_section
from policyts.report._figures import (
    Figures,
    analysis_figures,
    indicator_figures,
    overview_figure,
)
from policyts.report._findings import finding_of, verdict_of
from policyts.report._html import render_html
from policyts.report._markdown import render_markdown
from policyts.report._provinces import provinces_section
from policyts.report._spec import (
    BOOTSTRAP_DRAWS,
    DEFAULT_ANALYSES,
    DEFAULT_EVENTS,
    LEVEL,
    SEED,
    AnalysisSpec,
)
from policyts.report._text import clean_json, progress_bar

FIGURE_WORKERS = 2
"""Processes drawing the report's figures (the machines this runs on have two cores)."""


def draw_figure(
    spec: AnalysisSpec,
    kind: str,
    path: str | os.PathLike[str],
    *,
    event_ids: Iterable[str] | None = None,
) -> Path:
    """Draw one figure of an analysis exactly as the report draws it, as SVG or PNG.

    Parameters
    ----------
    spec : AnalysisSpec
        The analysis (e.g. ``DEFAULT_ANALYSES[0]``, China's resident applications).
    kind : {"regimes", "series", "f_path", "cusum"}
        The figure: the series with its Bai-Perron regimes and break intervals (or the
        bare series when no dating is possible), the F path with the sup-F critical value,
        or the OLS-CUSUM process.
    path : path-like
        Where to write the figure: a ``.svg`` file (the report's format, byte for byte the
        report's figure) or a ``.png`` file (200 dpi).
    event_ids : iterable of str, optional
        Events to mark (default :data:`DEFAULT_EVENTS`).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        For an unknown kind, or one this analysis has no figure of.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from policyts.report import AnalysisSpec, run_report
    >>> spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> path = draw_figure(spec, "regimes", tmp / "fig.svg")
    >>> path.read_text(encoding="utf-8").startswith("<?xml")
    True
    >>> shutil.rmtree(tmp)
    """
    kinds = ("regimes", "series", "f_path", "cusum")
    if kind not in kinds:
        raise ValueError(f"kind must be one of {kinds}, not {kind!r}")
    ids = tuple(event_ids) if event_ids else DEFAULT_EVENTS
    prep = prepare(spec)
    *_, objs = unknown_date_tests(prep)
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise ValueError(f"draw_figure writes .svg or .png files, not {target.name!r}")
    with tempfile.TemporaryDirectory() as tmp:
        figs = Figures(Path(tmp), True, fmt=fmt)
        drawn = analysis_figures(figs, prep, objs, ids)
        if not drawn.get(kind):
            raise ValueError(f"the analysis {spec.key!r} has no {kind!r} figure")
        shutil.copyfile(Path(tmp) / str(drawn[kind]), target)
    return target


def run_report(
    out: str | Path = "report",
    *,
    fmt: str = "html",
    event_ids: Iterable[str] | None = None,
    analyses: Sequence[AnalysisSpec] = DEFAULT_ANALYSES,
    progress: bool = True,
    figures: bool = True,
    comparators: bool = True,
    force: bool = False,
    bundled: bool = True,
    extra_events: Sequence[Any] = (),
) -> dict[str, Any]:
    """Run every analysis and write the report to ``out``; return the results.

    Parameters
    ----------
    out : str or pathlib.Path
        Output folder: a new folder, or one an earlier report wrote (it holds the marker
        ``.policyts-report.json`` listing that report's files). Only files of the earlier
        report are replaced, and only when the run succeeds; anything else in the folder
        stays. Empty paths, ``.``, the working folder or a folder above it, the home
        folder, a folder holding ``.git`` and symbolic links are refused (see
        :mod:`policyts._output`).
    fmt : {"html", "md"}
        ``index.html`` or ``index.md``; both link the figures (SVG) in ``figures/``.
    event_ids : iterable of str, optional
        Events to test (default :data:`DEFAULT_EVENTS`).
    analyses : sequence of AnalysisSpec
        The series to analyse (default :data:`DEFAULT_ANALYSES`, every bundled annual
        series); :meth:`AnalysisSpec.from_csv` adds your own.
    progress : bool
        Draw a progress bar on standard error.
    figures : bool
        Draw the figures (False: numbers only, a few times faster).
    comparators : bool
        Run the placebo tests on the comparator economies.
    force : bool
        Write into an existing folder that no report wrote, beside its files (which are
        never deleted or overwritten: a name clash stops the run before anything changes).
    bundled : bool
        False leaves out everything about the bundled data that is not among ``analyses``:
        the claims, the audit, the indicator figures, the comparator economies and the
        coverage list (for a report on your own series alone).
    extra_events : sequence of policyts.events.Event
        Events of your own (:func:`policyts.events.user_event`), tested only on the
        analyses that name them in :attr:`AnalysisSpec.events`.

    Returns
    -------
    dict
        What ``results.json`` holds: ``events``, ``claims``, ``audit``, ``indicators``,
        ``analyses``, ``comparators``, ``coverage``, ``sources``, ``settings``.

    Raises
    ------
    ValueError
        Unknown format or event id, an output directory that cannot be written, or a series
        that cannot be analysed (unknown dataset, missing variable or column, missing
        values); nothing is written then.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from policyts.report import AnalysisSpec
    >>> spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> res = run_report(out, analyses=(spec,), bundled=False, figures=False, progress=False)
    >>> v = res["analyses"][0]["verdict"]
    >>> v["break"], v["persistence"], v["basis"]
    ('not supported', 'unclear', ['Perron-Yabu Exp-W'])
    >>> sorted(p.name for p in out.iterdir())
    ['.policyts-report.json', 'index.html', 'results.json']
    >>> shutil.rmtree(out.parent)
    """
    from policyts import events

    if fmt not in ("html", "md"):
        raise ValueError(f"format must be 'html' or 'md', not {fmt!r}")
    ids = tuple(event_ids) if event_ids else DEFAULT_EVENTS
    for eid in ids:
        events.get(eid)  # raises ValueError naming unknown ids
    if len(set(ids)) != len(ids):
        raise ValueError(f"event ids are repeated: {list(ids)}")
    extra = tuple(extra_events)
    known = set(ids) | {e.id for e in extra}
    if len(known) != len(ids) + len(extra):
        raise ValueError("an event of your own has the id of another event; date each once")
    from policyts import _output

    _output.check_target(out, force=force)  # before any work: nothing is computed in vain
    keys = [a.key for a in analyses]
    if len(set(keys)) != len(keys):
        raise ValueError("two analyses have the same dataset and variable; give each once")
    prepared = [prepare(a) for a in analyses]  # every input problem surfaces here

    with _output.staged_output(out, force=force) as tmp, user_events_in_scope(extra):
        results = _compute(
            prepared, ids, tmp, progress, figures, comparators, analyses, bundled, known - set(ids)
        )
        results["events"] += [clean_json(e.to_dict()) for e in extra]
        if not bundled:  # only the events some analysis was tested against
            used = {e["event"] for a in results["analyses"] for e in a["events"]}
            results["events"] = [e for e in results["events"] if e["id"] in used]
        _write(results, tmp, fmt)
    return results


def _compute(
    prepared: Sequence[Prepared],
    ids: tuple[str, ...],
    tmp: Path,
    progress: bool,
    figures: bool,
    comparators: bool,
    analyses: Sequence[AnalysisSpec],
    bundled: bool = True,
    user_ids: Iterable[str] = (),
) -> dict[str, Any]:
    # SVG (text as text: small, and faster to draw than PNG), drawn on both cores while
    # the statistics run; the bytes do not depend on the number of workers.
    figs = Figures(tmp / "figures", figures, fmt="svg", workers=FIGURE_WORKERS)
    try:
        return _compute_with(
            figs, prepared, ids, progress, comparators, analyses, bundled, user_ids
        )
    except BaseException:
        figs.cancel()  # no worker writes into the staging folder once it is removed
        raise


def _compute_with(
    figs: Figures,
    prepared: Sequence[Prepared],
    ids: tuple[str, ...],
    progress: bool,
    comparators: bool,
    analyses: Sequence[AnalysisSpec],
    bundled: bool,
    user_ids: Iterable[str],
) -> dict[str, Any]:
    from policyts import __version__, events, indicators

    user_ids = tuple(sorted(user_ids))
    figures = figs.enabled
    comparators = comparators and bundled
    n_ind = len(indicators.indicators()) if bundled else 0
    total = 1 + n_ind + len(prepared) + (1 if comparators else 0) + (1 if bundled else 0) + 2
    step = [0]

    def tick(what: str) -> None:
        if progress:
            progress_bar(step[0], total, what)
        step[0] += 1

    tick("claims and audit")
    claims: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    claims_meta: dict[str, Any] = {}
    indicator_entries: list[dict[str, Any]] = []
    if bundled:
        claims, audit, claims_meta = claims_and_audit()
        with figs.batch():  # drawn by a process forked now, while the models load here
            indicator_entries = indicator_figures(figs, ids, tick)
    # The models, imported before the figure pool forks: its workers unpickle their
    # results and share the modules with this process instead of importing them again.
    import policyts.models.effects  # noqa: F401

    entries = []
    panels: list[tuple[Prepared, dict[str, Any], Sequence[str]]] = []
    for prep in prepared:
        spec = prep.spec
        tick(spec.title or spec.key)
        y = prep.data
        labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
        entry: dict[str, Any] = {
            "key": spec.key,
            "dataset": spec.dataset,
            "variable": spec.variable,
            "select": {d: v for d, v in spec.select},
            "title": spec.title or str(y.attrs.get("long_name", spec.variable)),
            "log": spec.log,
            "long_name": str(y.attrs.get("long_name", spec.variable)),
            "units": str(y.attrs.get("units", "")),
            "jurisdiction": spec.jurisdiction,
            "years": [labels[0], labels[-1]],
            "n_obs": len(labels),
            "notes": prep.notes,
            "source": prep.source,
            "model": "y_t = a + b t + u_t (intercept and linear trend; both may change at a break)",
        }
        sfd, bpd, csd, objs = unknown_date_tests(prep)
        entry["sup_f"], entry["bai_perron"], entry["cusum"] = sfd, bpd, csd
        entry["persistence"], entry["trend_break"] = persistence_tests(prep)
        # The events tested on this series, of those the analysis names (all catalogued
        # ones when it names none); the user's own events only where named.
        tested = (
            ids if spec.events is None else tuple(e for e in (*ids, *user_ids) if e in spec.events)
        )
        if spec.events == ():
            entry["events_note"] = "no catalogued event concerns this series; none tested"
        entry["events"] = [event_test(prep, eid) for eid in tested]
        effects_list = []
        objs["effects"] = {}
        for e in entry["events"]:
            if e.get("status") != "computed":
                continue
            ed, res = effect_entry(prep, e["event"])
            effects_list.append(ed)
            if res is not None and hasattr(res, "to_dataset"):
                objs["effects"][e["event"]] = res
        entry["effects"] = effects_list
        entry["verdict"] = verdict_of(entry)
        entry["finding"] = finding_of(entry)
        entry["figures"] = analysis_figures(figs, prep, objs, tested)
        panels.append((prep, objs, tested))
        entries.append(entry)
    comp: dict[str, Any] | None = None
    if comparators:
        tick("comparator economies")
        comp = comparators_section(ids, figs)
    provinces: dict[str, Any] | None = None
    if bundled:
        tick("provinces")
        provinces = provinces_section(figs, ids)
    overview = overview_figure(figs, panels)
    # Figures are drawn while the statistics run; what is left is drawn now.
    left = figs.pending()
    tick(f"drawing the last {left} figures" if left else "figures drawn" if figures else "")
    figs.close()
    tick("writing")
    results: dict[str, Any] = {
        "title": "policyts report",
        "settings": {
            "policyts_version": __version__,
            "level": LEVEL,
            "bootstrap_draws": BOOTSTRAP_DRAWS,
            "seed": SEED,
            "trim": 0.15,
            "max_breaks": 3,
            "break_label": "first period of the new regime",
            "event_rule": "first affected period, rule 'majority' (policyts.events)",
            "figures": figures,
            "bundled": bundled,
        },
        "events": [events.get(e).to_dict() for e in ids],
        "claims_meta": claims_meta,
        "claims": claims,
        "audit": audit,
        "indicators": indicator_entries,
        "overview_figure": overview,
        "analyses": entries,
        "comparators": comp,
        "provinces": provinces,
        "coverage": coverage_list(analyses) if bundled else [],
        "sources": data_sources(analyses, bundled),
    }
    if progress:
        progress_bar(total, total, "done")
    return clean_json(results)


def _write(results: dict[str, Any], tmp: Path, fmt: str) -> None:
    (tmp / "results.json").write_text(
        json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if fmt == "html":
        page = render_html(results, figure_dir=tmp / "figures")
    else:
        page = render_markdown(results)
    (tmp / f"index.{fmt}").write_text(page, encoding="utf-8")
