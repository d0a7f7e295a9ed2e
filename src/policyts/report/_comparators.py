"""Placebo tests of the same events on resident applications of other economies."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from policyts.report._analyses import event_in_range, first_period_of
from policyts.report._figures import Figures
from policyts.report._spec import BOOTSTRAP_DRAWS, LEVEL, SEED


def comparators_section(event_ids: Sequence[str], figs: Figures) -> dict[str, Any]:
    """Placebo: the same tests on other economies' resident applications at the same dates."""
    import xarray as xr

    from policyts import datasets, events
    from policyts.models import bai_perron, chow, sup_f

    ds = datasets.load("comparator_resident_applications")
    national = [e for e in event_ids if events.get(e).jurisdiction == "CN"]
    rows = []
    logs = {}
    for econ in [str(v) for v in ds["economy"].values]:
        da = ds["resident"].sel(economy=econ).dropna("year")
        if int(da.sizes["year"]) != int(ds.sizes["year"]):
            raise ValueError(f"comparator {econ} has missing years")  # pragma: no cover
        y = xr.DataArray(
            np.log(da.values), coords={"year": da["year"].values}, dims=("year",), name=econ
        )
        logs[econ] = y
        sf = sup_f(y, trend=True, bootstrap=BOOTSTRAP_DRAWS, seed=SEED)
        bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3, level=LEVEL)
        row: dict[str, Any] = {
            "economy": econ,
            "sup_f_p_value": sf.pvalue,
            "sup_f_bootstrap_p_value": sf.bootstrap_pvalue,
            "sup_f_break_label": sf.break_label,
            "bai_perron_breaks": [b.label for b in bp.breaks],
            "events": {},
        }
        years = [int(v) for v in y["year"].values]
        for e in national:
            first = first_period_of(e, "year")
            if not years[0] < first <= years[-1]:
                row["events"][e] = {"status": "outside the series"}
                continue
            try:
                res = chow(y, at=first, trend=True)
                row["events"][e] = {"status": "computed", "stat": res.stat, "p_value": res.pvalue}
            except ValueError as exc:
                row["events"][e] = {"status": "not computable", "reason": str(exc)}
        rows.append(row)

    years = [int(v) for v in ds["year"].values]
    inside = [e for e in national if event_in_range(e, "year", years[0], years[-1])]
    # A module-level function bound to its data: picklable, so drawn by the figure pool.
    paint = functools.partial(_paint, logs=logs, years=years, inside=inside)
    fig = figs.draw("comparators", paint, size=(6.4, 3.6))
    return {
        "dataset": "comparator_resident_applications",
        "years": [int(ds["year"].values[0]), int(ds["year"].values[-1])],
        "events": national,
        "rows": rows,
        "figure": fig,
    }


def _paint(ax: Any, *, logs: dict[str, Any], years: list[int], inside: list[str]) -> None:
    from policyts import plotting

    for i, (econ, y) in enumerate(logs.items()):
        rel = y - float(y.values[0])
        style = {"linewidth": 2.2 if econ == "CHN" else 1.0, "color": f"C{i}"}
        ax.plot(y["year"].values, rel.values, label=econ, **style)
    plotting.mark_events(ax, inside, labels=years)
    ax.set_ylabel("log of resident applications,\nchange since 1985 [log(applications)]")
    ax.set_xlabel("year")
    ax.legend(ncol=3, fontsize=7, frameon=False, loc="upper left")
