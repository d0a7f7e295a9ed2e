"""The page in a real browser: no sideways scroll on a phone or a desktop, the overview on
the first screen (headless Chromium; skipped where it is not installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from policyts.report import AnalysisSpec, run_report

WIDTHS = {"phone": (390, 844), "desktop": (1400, 900)}

WRAPPER = """<!DOCTYPE html><html><body>{frames}<pre id="out">pending</pre><script>
let done = 0; const res = {{}};
for (const f of document.querySelectorAll("iframe")) {{
  f.addEventListener("load", () => {{
    const d = f.contentDocument, w = f.contentWindow, ov = d.getElementById("overview");
    res[f.id] = {{scrollWidth: d.documentElement.scrollWidth, innerWidth: w.innerWidth,
      overviewTop: ov ? ov.getBoundingClientRect().top : null, innerHeight: w.innerHeight}};
    if (++done === {n}) document.getElementById("out").textContent = JSON.stringify(res);
  }});
}}
</script></body></html>"""


def _chromium() -> str | None:
    for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if p and Path(p).exists():
            return p
    return None


@pytest.mark.slow
def test_page_fits_phone_and_desktop_and_opens_on_the_overview(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium on this machine")
    specs = (
        AnalysisSpec("cn_invention_applications", "resident", True, 1985, 2022, "China (log)"),
        AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020, "Fujian (log)"),
    )
    out = tmp_path / "report"
    run_report(out, analyses=specs, comparators=False, progress=False)
    assert (out / "index.html").stat().st_size < 2_000_000
    frames = "".join(
        f'<iframe id="{k}" src="report/index.html" style="width:{w}px;height:{h}px;border:0">'
        "</iframe>"
        for k, (w, h) in WIDTHS.items()
    )
    (tmp_path / "wrap.html").write_text(WRAPPER.format(frames=frames, n=len(WIDTHS)))
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--allow-file-access-from-files",  # the wrapper measures the page in its frames
            "--virtual-time-budget=20000",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (tmp_path / "wrap.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0
    found = re.search(r'<pre id="out">([^<]*)</pre>', dom.stdout)
    assert found is not None and found.group(1) != "pending", dom.stdout[-500:]
    res = json.loads(found.group(1))
    for k in WIDTHS:
        m = res[k]
        assert m["scrollWidth"] <= m["innerWidth"], (k, m)  # no sideways page scroll
        assert m["overviewTop"] is not None and m["overviewTop"] < m["innerHeight"], (k, m)
