"""Regenerate ``docs/readme_figure.png``, the report figure shown at the top of README.md.

The figure is the report's own: China's resident invention applications (log) with the
fitted Bai-Perron regimes, their 95% break-date intervals and the policy events the report
tests. Run from the repository root::

    python docs/make_readme_figure.py

The PNG carries no time stamp or software version, so rerunning it on the same data and
library versions rewrites the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from policyts.report import DEFAULT_ANALYSES, draw_figure

OUT = Path(__file__).resolve().parent / "readme_figure.png"


def main() -> None:
    resident = next(a for a in DEFAULT_ANALYSES if a.variable == "resident")
    draw_figure(resident, "regimes", OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
