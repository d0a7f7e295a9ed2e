"""Regenerate the report's golden files: ``python tests/reference/report/make_golden.py``.

``results.json`` is the report's results for two small analyses (no figures, no
comparators); ``index.html`` and ``index.md`` are those results rendered. The test
``tests/test_report_golden.py`` renders the stored ``results.json`` again and compares the
pages byte for byte, so a change of the renderers shows up as a diff to review. Rerun this
script only for a deliberate change of the page, and review the diff before committing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from policyts.report import AnalysisSpec, render_html, render_markdown, run_report

HERE = Path(__file__).resolve().parent
ANALYSES = (
    AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020, "Fujian (log)"),
    AnalysisSpec("cn_invention_applications", "resident", True, 1985, 2022, "China (log)"),
)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        res = run_report(
            tmp / "r", analyses=ANALYSES, figures=False, comparators=False, progress=False
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(res, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (HERE / "results.json").write_text(text, encoding="utf-8")
    (HERE / "index.html").write_text(render_html(res), encoding="utf-8")
    (HERE / "index.md").write_text(render_markdown(res), encoding="utf-8")


if __name__ == "__main__":
    main()
