"""The renderers read only the results dictionary: a stored one renders to stored pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyts.report import render_html, render_markdown

GOLDEN = Path(__file__).parent / "reference" / "report"


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return json.loads((GOLDEN / "results.json").read_text(encoding="utf-8"))


def test_html_renders_the_stored_results_to_the_stored_page(results: dict[str, object]) -> None:
    assert render_html(results) == (GOLDEN / "index.html").read_text(encoding="utf-8")


def test_markdown_renders_the_stored_results_to_the_stored_page(
    results: dict[str, object],
) -> None:
    assert render_markdown(results) == (GOLDEN / "index.md").read_text(encoding="utf-8")
