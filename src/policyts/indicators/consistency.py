"""Consistency audit of the claim catalogue: the runner.

The generic checks live in :mod:`policyts.indicators._checks` and the checks bound to the
catalogue in :mod:`policyts.indicators._audit_catalogue`; this module runs them and re-exports
the generic checks, so ``consistency.check_agreement`` and friends keep working.

Each check returns an :class:`AuditResult` (``"consistent"``, ``"inconsistent"`` or
``"cannot-check"`` with the numbers behind it); :func:`audit` runs the checks bound to the
catalogue's claims (:func:`catalogue_checks`), then the checks of the bundled provincial panels
(provinces against the national row, Fujian against the Fujian yearbook series; see
:mod:`policyts.indicators._province_checks`), which use no claims. How numbers are compared (``compare=`` of
``"bounds"``, ``"rounded"`` or ``"values"``) is described in
:mod:`policyts.indicators._checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from policyts.indicators._audit_catalogue import AUDIT_CHECKS
from policyts.indicators._checks import (
    AUDIT_STATUSES,
    CURRENCY_TOLERANCE,
    AuditCheck,
    AuditContext,
    AuditResult,
    Lookup,
    MissingClaims,
    RateSource,
    audit_frame,
    check_against_dataset,
    check_agreement,
    check_component_shares,
    check_currency_pair,
    check_fold_increase,
    check_growth,
    check_growth_vs_cumulative,
    check_level_change,
    check_nondecreasing,
    check_part_within_whole,
    check_projection,
    check_ratio,
    check_readings,
    check_seed_against_reports,
    check_shares_partition,
    check_span_duration,
    check_sum,
    rounding_half_unit,
    stated_interval,
)
from policyts.indicators._claim import Claim
from policyts.indicators._interval import DEFAULT_RULE, QualifierRule
from policyts.indicators._province_checks import check_cells_agree, check_provinces_sum

__all__ = [
    "AUDIT_STATUSES",
    "CURRENCY_TOLERANCE",
    "AuditResult",
    "AuditCheck",
    "AuditContext",
    "Lookup",
    "RateSource",
    "catalogue_checks",
    "audit_records",
    "audit",
    "audit_frame",
    "stated_interval",
    "rounding_half_unit",
    "check_agreement",
    "check_readings",
    "check_seed_against_reports",
    "check_sum",
    "check_ratio",
    "check_component_shares",
    "check_level_change",
    "check_growth",
    "check_projection",
    "check_currency_pair",
    "check_part_within_whole",
    "check_nondecreasing",
    "check_shares_partition",
    "check_span_duration",
    "check_fold_increase",
    "check_growth_vs_cumulative",
    "check_against_dataset",
    "check_provinces_sum",
    "check_cells_agree",
]


def catalogue_checks() -> tuple[AuditCheck, ...]:
    """The checks bound to the catalogue's claims (defined in ``_audit_catalogue``)."""
    return AUDIT_CHECKS


def audit(
    claims: Iterable[Claim] | None = None,
    *,
    rule: QualifierRule = DEFAULT_RULE,
    exchange_rate: RateSource = None,
    checks: Sequence[AuditCheck] | None = None,
) -> list[AuditResult]:
    """Run the consistency checks on the catalogue (or on ``claims``).

    Parameters
    ----------
    claims : iterable of Claim, optional
        The claims to audit; default the whole catalogue. A check whose claims are not all
        present returns ``"cannot-check"`` naming the first missing id.
    rule : QualifierRule
        Turns qualifiers into intervals (default :data:`DEFAULT_RULE`).
    exchange_rate : float, mapping year -> float, or None
        Yuan per US dollar for the currency checks; ``None`` reads the bundled dataset
        ``cny_usd_exchange_rate`` (cannot-check if unavailable).
    checks : sequence of AuditCheck, optional
        The checks to run (default :func:`catalogue_checks`).

    Returns
    -------
    list of AuditResult
        One per check, in order.

    Notes
    -----
    The arithmetic behind the pinned statuses of the catalogue was checked by hand, e.g.
    1,370,536,875 x 1.0584 = 1,450,576,228.5 (stated 1,450,576,229); 6e9 / 870e6 = 6.897 yuan
    per dollar against the 2017 WDI average of 6.759 (2.0 % apart); 13.04 % - 0.44 points =
    12.60 % against the stated 12.7 % for 2022; 636,000 / (794,000 + 229,000) = 62.2 % against
    ">60 %". ``tests/test_audit.py`` pins every status and each check's behaviour on
    deliberately inconsistent input.

    Examples
    --------
    Check the claims of one family against each other:

    >>> from policyts.indicators import audit, claims
    >>> results = audit(claims("defence_patents"))
    >>> by_id = {r.id: r.status for r in results}
    >>> by_id["dp.two_year_total_seed"]
    'consistent'
    """
    if claims is None:
        from policyts.indicators._registry import claims as catalogue_claims

        claims = catalogue_claims()
    if checks is None:
        checks = catalogue_checks()
    by_id = {c.id: c for c in claims}
    ctx = AuditContext(rule=rule, exchange_rate=exchange_rate)
    results = []
    for ch in checks:
        missing: list[str] = []

        def lookup(claim_id: str, missing: list[str] = missing) -> Claim:
            try:
                return by_id[claim_id]
            except KeyError:
                missing.append(claim_id)
                raise MissingClaims(claim_id) from None

        try:
            r = ch.run(lookup, ctx)
        except MissingClaims:
            r = AuditResult(
                ch.id,
                "cannot-check",
                ch.description,
                {"reason": f"claims not in the input: {missing}"},
            )
        results.append(replace(r, id=ch.id, description=ch.description))
    return results


def audit_records(
    claims: Iterable[Claim] | None = None,
    *,
    rule: QualifierRule = DEFAULT_RULE,
    exchange_rate: RateSource = None,
) -> list[dict[str, Any]]:
    """The audit as JSON-ready dicts ``{id, status, description, detail, claims}``.

    This is what ``policyts audit --json`` prints; see :func:`audit` for the parameters.

    Examples
    --------
    >>> from policyts.indicators import audit_records, claims
    >>> records = audit_records(claims("defence_patents"))
    >>> sorted(records[0])
    ['claims', 'description', 'detail', 'id', 'status']
    """
    return [r.to_dict() for r in audit(claims, rule=rule, exchange_rate=exchange_rate)]
