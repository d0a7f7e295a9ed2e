"""The main job: ``policyts report`` runs the analyses on the bundled data and writes a
page (``index.html``, or ``index.md``), its figures (``figures/*.svg``, linked from the
page) and ``results.json``, which holds every number the page shows.

What the report contains
------------------------
0. **Overview**: one row per series with its verdict (break supported / not supported /
   inconclusive, from the tests valid for its persistence: see
   :func:`policyts.report._findings.verdict_of`), the effect estimates at the events and
   the caveat that decides the reading, and a small-multiples figure.
1. **Findings**: for every analysed series, what the evidence supports and what it does
   not.
2. **Claims**: the claim catalogue (:func:`policyts.indicators.catalogue`) with each
   claim's qualifier and the interval it implies.
3. **Audit**: the consistency checks between claims (:func:`policyts.indicators.audit`).
4. **Indicators**: one figure per dated indicator, claims with their intervals and the
   policy events marked.
5. **Break analyses**: for every bundled annual series, the unknown-date tests (sup-F with
   Hansen and bootstrap p-values; OLS-CUSUM), Bai-Perron dating with Bai (1997) intervals,
   and at each relevant event the known-date test (Chow F, or the Chow predictive test when
   the post-event sample is too short) with the catalogued events close enough to confound
   it, and the policy-effect estimates of :func:`policyts.models.effects.effect`
   (segmented regression with AR(1) errors) with their warnings.
6. **Comparators**: the same tests at the same (Chinese) event dates on resident
   applications of eight other economies, as placebos.
7. **Provinces**: a level shift common to China's 31 provinces
   (:func:`policyts.models.common_break`), at an unknown date and at each event.
8. **Coverage**: every bundled variable that is *not* analysed, and why.
9. **Events** and **data sources**.

Reproducibility
---------------
The numbers depend only on the bundled data and fixed seeds, and figures are written
without a time stamp or software version, so two runs give byte-identical
``results.json`` and figure files. Everything is written to a staging folder beside the
output and moved into place at the end (:mod:`policyts._output`): a failed run leaves the
previous report as it was, and nothing the report did not write is ever deleted.

Notes
-----
Each number on the page is printed from ``results.json`` (the page is rendered from that
dictionary alone, by :func:`render_html` or :func:`render_markdown`);
``tests/test_report.py`` checks every numeric table cell against it, and a Chow statistic
against a least-squares computation by hand.

References
----------
Andrews (1993), Econometrica 61; Bai (1997), REStat 79; Bai & Perron (1998), Econometrica
66, and (2003), J. Applied Econometrics 18; Chow (1960), Econometrica 28; Hansen (1997),
JBES 15, and (2000), J. Econometrics 97; Ploberger & Kraemer (1992), Econometrica 60.
"""

from policyts.report._html import render_html
from policyts.report._markdown import render_markdown
from policyts.report._run import draw_figure, run_report
from policyts.report._spec import (
    BOOTSTRAP_DRAWS,
    DEFAULT_ANALYSES,
    DEFAULT_EVENTS,
    LEVEL,
    SEED,
    AnalysisSpec,
)
from policyts.report._text import format_number, md_escape

__all__ = [
    "AnalysisSpec",
    "BOOTSTRAP_DRAWS",
    "DEFAULT_ANALYSES",
    "DEFAULT_EVENTS",
    "LEVEL",
    "SEED",
    "draw_figure",
    "format_number",
    "md_escape",
    "render_html",
    "render_markdown",
    "run_report",
]
