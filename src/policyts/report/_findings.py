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


TREND_BREAK_TEST = "Perron-Yabu Exp-W"
SUP_F_TEST = "sup-F (Hansen and bootstrap)"


def _sup_f_rejects(sf: dict[str, Any], alpha: float) -> bool | None:
    if "p_value" not in sf:
        return None
    p, pb = sf.get("p_value"), sf.get("bootstrap_p_value")
    return bool(p is not None and pb is not None and p < alpha and pb < alpha)


def verdict_of(entry: dict[str, Any]) -> dict[str, Any]:
    """Is a break in level or trend supported, by tests valid for the series' persistence?

    The rules, in order:

    1. The Perron-Yabu Exp-W test (:func:`policyts.models.trend_break`) is valid whether
       the noise is stationary or has a unit root: its rejection at 5% makes a break
       **supported**; its non-rejection makes it **not supported**, unless the series is
       classified stationary and sup-F (Hansen and bootstrap p-values both below 5%)
       rejects, which leaves it **inconclusive** (the robust test has less power, sup-F is
       valid only without persistence).
    2. When the Exp-W test cannot be computed (too short a series), sup-F decides for a
       series classified stationary; otherwise the verdict is **inconclusive**.

    A sup-F, Bai-Perron, CUSUM or Chow rejection on a series with a unit root or unclear
    persistence is never by itself evidence of a break: those tests assume stationary noise
    around the trend and find breaks in most random walks.
    """
    alpha = 1 - LEVEL
    per, tb = entry.get("persistence") or {}, entry.get("trend_break") or {}
    cls = str(per.get("class", "unclear")) if "not_computable" not in per else "unclear"
    sf_rejects = _sup_f_rejects(entry["sup_f"], alpha)
    out: dict[str, Any] = {"persistence": cls}
    if tb and "not_computable" not in tb:
        at = (tb.get("break") or {}).get("label")
        if tb.get("reject"):
            out.update(
                {
                    "break": "supported",
                    "basis": [TREND_BREAK_TEST],
                    "caveat": f"robust to a unit root; most likely date {at}",
                }
            )
        elif cls == "stationary" and sf_rejects:
            out.update(
                {
                    "break": "inconclusive",
                    "basis": [TREND_BREAK_TEST, SUP_F_TEST],
                    "caveat": "sup-F rejects but the persistence-robust test does not",
                }
            )
        else:
            caveat = (
                "sup-F rejects, but it over-rejects with persistent noise"
                if sf_rejects
                else "no test rejects"
            )
            out.update({"break": "not supported", "basis": [TREND_BREAK_TEST], "caveat": caveat})
        return out
    reason = tb.get("not_computable", "not run") if tb else "not run"
    if cls == "stationary" and sf_rejects is not None:
        out.update(
            {
                "break": "supported" if sf_rejects else "not supported",
                "basis": [SUP_F_TEST],
                "caveat": f"persistence-robust test not computable: {reason}",
            }
        )
    else:
        out.update(
            {
                "break": "inconclusive",
                "basis": [],
                "caveat": f"noise {cls}; persistence-robust test not computable: {reason}",
            }
        )
    return out


def finding_of(entry: dict[str, Any]) -> dict[str, list[str]]:
    """What the evidence supports and what it does not, in sentences built from numbers.

    The sentences follow :func:`verdict_of`: with a unit root or unclear persistence, the
    rejections of tests that assume stationary noise are listed among what the evidence
    does *not* support by itself, with their numbers.
    """
    sup: list[str] = []
    nots: list[str] = []
    alpha = 1 - LEVEL
    sf, bp, cs = entry["sup_f"], entry["bai_perron"], entry["cusum"]
    years = entry["years"]
    verdict = entry.get("verdict") or {}
    robust_only = verdict.get("persistence", "stationary") != "stationary"
    # Support from tests that assume stationary noise: with persistent noise it is listed,
    # with its numbers, as not being evidence by itself.
    weak = nots if robust_only else sup
    lead = (
        f"Taking this as evidence of a break by itself (the noise looks "
        f"{verdict.get('persistence')}, and these tests assume stationary noise): "
        if robust_only
        else ""
    )
    tb = entry.get("trend_break") or {}
    if tb and "not_computable" not in tb:
        at = (tb.get("break") or {}).get("label")
        text = (
            f"by the Perron-Yabu test, valid with stationary or integrated noise "
            f"(Exp-W = {_p(tb.get('statistic'))}, p = {_p(tb.get('pvalue'))}; most likely "
            f"at {at}, first period of the new regime)"
        )
        if tb.get("reject"):
            sup.append(f"A break in the level or slope of the trend {text}.")
        else:
            nots.append(f"A break in the level or slope of the trend {text}.")
    per = entry.get("persistence") or {}
    if per and "not_computable" not in per:
        root = per.get("largest_root") or {}
        ci = root.get("ci") or [None, None]
        note = (
            f"Noise classified as {per.get('class')}: largest autoregressive root "
            f"{_p(root.get('median_unbiased'))} (interval {_p(ci[0])} to {_p(ci[1])})."
        )
        (nots if robust_only else sup).append(note)
    if "p_value" in sf:
        p, pb = sf.get("p_value"), sf.get("bootstrap_p_value")
        both = p is not None and pb is not None and p < alpha and pb < alpha
        if both:
            weak.append(
                lead
                + f"At least one change in the level or trend between {years[0]} and {years[1]}: "
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
            weak.append(
                lead
                + f"Bai-Perron (BIC) dates {len(br)} break(s), first period of each new regime: "
                + "; ".join(parts)
                + "."
            )
        else:
            nots.append("Any break chosen by BIC (Bai-Perron selects none).")
    if cs.get("crossed"):
        weak.append(
            lead + f"Parameter instability: the OLS-CUSUM process crosses its {_p(cs['alpha'])} "
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
            weak.append(
                lead + f"{at}: the coefficients differ before and after (Chow F = {_p(e['stat'])}, "
                f"p = {_p(e['p_value'])}){extra}."
            )
        elif e["test"] == "chow":
            if timing:
                weak.append(lead + f"{at}: {timing}.")
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
            if excludes_zero:
                weak.append(lead + text + ").")
            else:
                nots.append(text + "; the interval includes no change).")
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
