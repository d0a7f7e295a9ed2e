"""Claims and indicator families: what the sources say, as labelled xarray data.

Every quantitative statement of the five seed documents, and of the primary reports they rest
on, is a :class:`Claim` with its value in a registry unit, its reference period, a qualifier
("about", "more than" ...), its source and a short verbatim quote. Claims are grouped into
indicators; :func:`get` returns one indicator as an :class:`xarray.Dataset` with bounds and
qualifier flags, :func:`catalogue` all claims as a table, and :func:`audit` the consistency
checks between claims.

Families (modules): ``defence_patents``, ``defence_contractors``, ``mcf_funding``,
``patent_intensive``, ``special_action``, ``patent_system``, ``misc``.

Examples
--------
>>> import policyts.indicators as pi
>>> ds = pi.get("defence_patents_declassified")
>>> ds["defence_patents_declassified"].sel(year=2018).values.tolist()
[4000.0, 4038.0, 4038.0, 4038.0]
"""

from __future__ import annotations

from policyts.indicators._claim import Claim, Indicator, Source, derive
from policyts.indicators._interval import DEFAULT_RULE, QUALIFIERS, Interval, QualifierRule
from policyts.indicators._period import Period, parse_period
from policyts.indicators._registry import (
    FAMILIES,
    catalogue,
    claim_by_id,
    claims,
    get,
    indicator_info,
    indicators,
)
from policyts.indicators._units import COUNTED_NOUNS, UNITS, Unit
from policyts.indicators.consistency import AuditResult, audit, audit_frame, audit_records

__all__ = [
    "AuditResult",
    "COUNTED_NOUNS",
    "Claim",
    "DEFAULT_RULE",
    "FAMILIES",
    "Indicator",
    "Interval",
    "Period",
    "QUALIFIERS",
    "QualifierRule",
    "Source",
    "UNITS",
    "Unit",
    "audit",
    "audit_frame",
    "audit_records",
    "catalogue",
    "claim_by_id",
    "claims",
    "derive",
    "get",
    "indicator_info",
    "indicators",
    "parse_period",
]
