"""Rules that turn an analysis's numbers into what the evidence supports and what it
does not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from policyts.report._spec import LEVEL
from policyts.report._text import format_number


def _in_interval(year: Any, ci: Sequence[Any] | None) -> bool:
    if ci is None:
        return False
    try:
        return bool(float(ci[0]) <= float(year) <= float(ci[1]))
    except (TypeError, ValueError):
        return bool(str(ci[0]) <= str(year) <= str(ci[1]))


def _p(x: Any) -> str:
    return format_number(x)


def finding_of(entry: dict[str, Any]) -> dict[str, list[str]]:
    """What the evidence supports and what it does not, in sentences built from numbers."""
    sup: list[str] = []
    nots: list[str] = []
    alpha = 1 - LEVEL
    sf, bp, cs = entry["sup_f"], entry["bai_perron"], entry["cusum"]
    years = entry["years"]
    if "p_value" in sf:
        p, pb = sf.get("p_value"), sf.get("bootstrap_p_value")
        both = p is not None and pb is not None and p < alpha and pb < alpha
        if both:
            sup.append(
                f"At least one change in the level or trend between {years[0]} and {years[1]}: "
                f"sup-F p = {_p(p)} (Hansen), bootstrap p = {_p(pb)}; the largest F is at "
                f"{sf['break_label']} (first period of the new regime)."
            )
        elif p is not None and p < alpha:
            nots.append(
                f"A firm break: the asymptotic sup-F p = {_p(p)} is below {_p(alpha)} but the "
                f"bootstrap p = {_p(pb)}, more reliable in {entry['n_obs']} observations, is not."
            )
        else:
            nots.append(
                f"A break in level or trend at an unknown date: sup-F p = {_p(p)}, bootstrap "
                f"p = {_p(pb)}."
            )
    else:
        nots.append(f"Any unknown-date test: {sf.get('not_computable', 'not computed')}.")
    if "breaks" in bp:
        br = bp["breaks"]
        if br:
            parts = [
                f"{b['label']} ({_p(LEVEL * 100)}% interval {b['ci'][0]}-{b['ci'][1]})"
                if b["ci"]
                else f"{b['label']} (interval not computable)"
                for b in br
            ]
            sup.append(
                f"Bai-Perron (BIC) dates {len(br)} break(s), first period of each new regime: "
                + "; ".join(parts)
                + "."
            )
        else:
            nots.append("Any break chosen by BIC (Bai-Perron selects none).")
    if cs.get("crossed"):
        sup.append(
            f"Parameter instability: the OLS-CUSUM process crosses its {_p(cs['alpha'])} "
            f"boundary, first at {cs['first_crossing']} (p = {_p(cs['p_value'])})."
        )
    elif "p_value" in cs:
        nots.append(
            f"Instability by OLS-CUSUM (p = {_p(cs['p_value'])}); the test has little power "
            "against a change in slope alone, so this does not contradict the F tests."
        )
    breaks = bp.get("breaks", []) if isinstance(bp, dict) else []
    chow_rejected = False
    for e in entry["events"]:
        if e.get("status") != "computed":
            continue
        name, first = e["event"], e["first_affected"]
        at = f"At {first} ({name})"
        matched = [b for b in breaks if _in_interval(first, b.get("ci"))]
        timing = (
            f"the timing lies in the interval of the break dated {matched[0]['label']}"
            if matched
            else ""
        )
        if e["test"] == "chow" and e["p_value"] < alpha:
            chow_rejected = True
            extra = f", and {timing}" if timing else "; but no estimated break interval contains it"
            sup.append(
                f"{at}: the coefficients differ before and after (Chow F = {_p(e['stat'])}, "
                f"p = {_p(e['p_value'])}){extra}."
            )
        elif e["test"] == "chow":
            if timing:
                sup.append(f"{at}: {timing}.")
            nots.append(
                f"{at}: a change at that date (Chow F = {_p(e['stat'])}, p = {_p(e['p_value'])})."
            )
        else:
            verdict = "depart from" if e["p_value"] < alpha else "are in line with"
            nots.append(
                f"{at}: a lasting change. Only {e['n_post']} period(s) follow; by the Chow "
                f"predictive test they {verdict} the pre-event model (p = {_p(e['p_value'])})."
            )
        if e.get("confounders"):
            stat_ev = e.get("confounders_statistical") or []
            text = (
                f"Attributing a change at {first} to {name} alone: "
                f"{len(e['confounders'])} other catalogued event(s) fall within one period"
            )
            if stat_ev:
                text += ", among them changes in the statistics (" + ", ".join(stat_ev) + ")"
            nots.append(text + ".")
    if chow_rejected:
        nots.append(
            "Dating a change by the Chow tests: a Chow test at a fixed date also rejects when "
            "the change came at another date; the break dates are Bai-Perron's."
        )
    warn_kinds: list[str] = []
    for ef in entry.get("effects", []):
        if ef.get("status") != "computed":
            continue
        r = ef["result"]
        est = r.get("level_change_percent") or r.get("level_change")
        if est and est.get("estimate") is not None and est["ci"][0] is not None:
            text = (
                f"At {r['first_treated']} ({ef['event']}): a level change of "
                f"{_p(est['estimate'])} {est['scale']} by the effect model "
                f"({_p(r['level'] * 100)}% interval {_p(est['ci'][0])} to {_p(est['ci'][1])}"
            )
            if r.get("placebo_p_value") is not None:
                text += f"; placebo-in-time p = {_p(r['placebo_p_value'])}"
            excludes_zero = est["ci"][0] > 0 or est["ci"][1] < 0
            (sup if excludes_zero else nots).append(
                text + (")." if excludes_zero else "; the interval includes no change).")
            )
        for w in ef.get("warnings", []):
            # Confounding events are summarised above from the event tests; the rest are
            # grouped by kind here and listed in full with each estimate.
            if not w.startswith("confounding event inside the window"):
                # The kind of warning, without its numbers ("... (rho = 0.980)").
                kind = re.sub(r"\s*\([^)]*\)", "", w.split(":", 1)[0])
                if kind not in warn_kinds:
                    warn_kinds.append(kind)
    if warn_kinds:
        nots.append(
            "Taking the effect estimates at face value: their models warn of "
            + "; ".join(warn_kinds)
            + " (in full with each estimate)."
        )
    n_tests = sum(1 for e in entry["events"] if e.get("status") == "computed")
    if n_tests > 1:
        nots.append(
            f"Reading the {n_tests} event p-values as independent evidence: they test one "
            "series several times."
        )
    nots.append(
        "Causation: a break that coincides with an event is consistent with, not proof of, "
        "a policy effect."
    )
    return {"supports": sup, "does_not_support": nots}
