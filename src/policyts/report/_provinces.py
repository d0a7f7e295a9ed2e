"""The provincial section: a break common to China's 31 provinces around national events.

Computed with :func:`policyts.models.common_break` (a level shift common to every province,
with province effects and province trends, cross-section averages for common shocks, and
bootstrap p-values maximised over the common factor's autoregressive coefficient) on the
log of domestic invention applications (``cn_provincial_patents``, 2010-2023): once at an
unknown date and once at the first affected year of each event in the report. The verdict
follows the size of that test: its simulations (``benchmarks/common_break.md``) show it
holds its size for a common factor with AR(1) coefficient up to 0.9, except when the
provinces load on that factor almost equally and it is very persistent (AR 0.9: 8.3% at a
nominal 5%). A rejection when the estimated coefficient is 0.9 or more therefore counts as
*inconclusive*, not as support.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from policyts.report._analyses import first_period_of
from policyts.report._figures import Figures
from policyts.report._spec import LEVEL, SEED

DATASET = "cn_provincial_patents"
KIND = "invention"
DRAWS = 499
# Estimated persistence of the common factor from which the test's size is no longer held
# (benchmarks/common_break.md: 0.083 at 5% and 0.170 at 10% for an AR(1) factor of 0.9 with
# equal loadings; at most 0.050 at 5% for AR 0.8 and below).
PERSISTENT_FACTOR = 0.9


def _verdict(p: float | None, phi: float | None) -> tuple[str, str]:
    alpha = 1 - LEVEL
    if p is None:
        return "inconclusive", "not computable"
    if p >= alpha:
        return "not supported", f"p = {p:.3g} at or above {alpha:.2g}"
    if phi is not None and phi >= PERSISTENT_FACTOR:
        return "inconclusive", (
            f"p = {p:.3g}, but the common factor is persistent (AR {phi:.2f}), where the test "
            "rejects too often"
        )
    return "supported", f"p = {p:.3g}"


def provinces_section(figs: Figures, event_ids: Sequence[str]) -> dict[str, Any]:
    """Common-break tests on provincial invention applications; plain dicts for the page."""
    from policyts import datasets
    from policyts.models import common_break

    ds = datasets.load(DATASET)
    counts = ds["applications"].sel(kind=KIND)
    da = counts.copy(data=np.log(counts.values))
    years = [int(y) for y in da["year"].values]
    out: dict[str, Any] = {
        "dataset": DATASET,
        "variable": f"log of applications, kind={KIND}",
        "years": [years[0], years[-1]],
        "n_units": int(da.sizes["province"]),
        "model": (
            "log y_it = a_i + b_i t + d 1(t >= break) + loading_i f_t + e_it: province effects "
            "and trends, one shift common to all provinces, common shocks through "
            "cross-section averages"
        ),
        "tests": [],
    }
    try:
        sup = common_break(da, dim="year", trend=True, bootstrap=DRAWS, seed=SEED)
    except ValueError as exc:
        out["not_computable"] = str(exc)
        return out
    d = sup.to_dict()
    phi = (d.get("factor") or {}).get("phi_estimated")
    verdict, why = _verdict(d["p_value"], phi)
    out["tests"].append({"at": None, **_test_entry(d), "verdict": verdict, "why": why})
    out["factor_persistence"] = phi
    out["by_unit"] = d["by_unit"]
    for eid in event_ids:
        try:
            first = first_period_of(eid, "year")
        except ValueError:
            continue
        if not years[0] < int(first) <= years[-1]:
            continue
        try:
            r = common_break(da, dim="year", trend=True, at=first, bootstrap=DRAWS, seed=SEED)
        except ValueError as exc:
            out["tests"].append({"at": first, "event": eid, "not_computable": str(exc)})
            continue
        rd = r.to_dict()
        verdict, why = _verdict(rd["p_value"], phi)
        entry = {"at": int(first), "event": eid, **_test_entry(rd), "verdict": verdict}
        # At a known date the date, its interval and the shift there are not estimated.
        entry.update({"break_label": int(first), "ci_labels": None, "mean_shift": None})
        out["tests"].append({**entry, "why": why})
    paint = functools.partial(_paint_by_unit, by_unit=d["by_unit"])  # picklable
    out["figure"] = figs.draw("provinces-breaks", paint, size=(6.4, 6.4))
    return out


def _test_entry(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "statistic": d["statistic"],
        "statistic_kind": d["statistic_kind"],
        "p_value": d["p_value"],
        "break_label": d["break"]["label"],
        "ci_labels": d["break"].get("ci_labels"),
        "mean_shift": d["mean_shift"],
        "heterogeneity_p_value": (d.get("heterogeneity") or {}).get("p_value"),
    }


def _paint_by_unit(ax: Any, by_unit: Sequence[dict[str, Any]]) -> None:
    rows = sorted(by_unit, key=lambda u: (u["break_label"], u["unit"]))
    ys = np.arange(len(rows))
    xs = [u["break_label"] for u in rows]
    ax.scatter(xs, ys, s=14, color="#1f4e79")
    ax.set_yticks(ys, [str(u["unit"]) for u in rows], fontsize=6)
    ax.set_xlabel("year of the largest F (first year of the new regime)")
    ax.set_title("Provinces: where each series' own break test peaks (dates only)")
    lo, hi = min(xs), max(xs)
    ax.set_xticks(range(int(lo), int(hi) + 1))
    ax.set_xlim(lo - 0.5, hi + 0.5)
    ax.grid(axis="x", alpha=0.3)
