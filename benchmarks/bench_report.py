"""Time the main job (``policyts report``) with its figures drawn in several ways.

Each run is a fresh process (imports included, as ``make report``), modes are
interleaved across repeats, and the table gives medians of wall time and of CPU time
(user + system of the process and its workers; on a shared machine CPU time is the
steadier number), the size of the figures and of the page, and the load average.

Modes
-----
nofig        ``figures=False``: the statistics alone.
default      the report as its code draws it (with ``--src /work/main/src``: as before):
             SVG, a pool of two forked workers started with the first figure, drawing
             while the statistics run.
png90        PNG at 90 dpi, one process: the figures as the report drew them before.
png200       PNG at 200 dpi (fit to print), one process.
png200-w2    PNG at 200 dpi, drawn by two forked workers.
png200pal-w2 the same with a 256-colour palette (smaller files).
svg          SVG with text as text, one process.
svg-w2       SVG, two workers.

The figure settings of each mode are given to the report by replacing its ``Figures``
class for the run (the report's own settings are replaced by the mode's; the figures are
drawn before the page is written).

Usage: ``python benchmarks/bench_report.py [--repeats 3] [--modes png90,png200-w2]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES: dict[str, dict[str, object] | None] = {
    "nofig": None,
    "default": {},
    "png90": {"fmt": "png", "dpi": 90, "workers": 1},
    "png200": {"fmt": "png", "dpi": 200, "workers": 1},
    "png200-w2": {"fmt": "png", "dpi": 200, "workers": 2},
    "png200pal-w2": {"fmt": "png", "dpi": 200, "palette": True, "workers": 2},
    "svg": {"fmt": "svg", "dpi": 200, "workers": 1},
    "svg-w2": {"fmt": "svg", "dpi": 200, "workers": 2},
}

CHILD = r"""
import json, sys
from pathlib import Path
settings = json.loads(sys.argv[2])  # None: no figures; {}: the report's own
from policyts.report import _run, run_report
from policyts.report._figures import Figures
made = []
if settings:
    def factory(directory, enabled, **report_settings):  # the mode's settings instead
        figs = Figures(directory, enabled, **settings)
        made.append(figs)
        return figs
    original = _run._write
    def write(results, tmp, fmt):
        for figs in made:
            figs.close()
        original(results, tmp, fmt)
    _run.Figures = factory
    _run._write = write
run_report(sys.argv[1], progress=False, figures=settings is not None)
"""


def one_run(mode: str, out: Path, src: str | None = None) -> dict[str, float]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", CHILD, str(out), json.dumps(MODES[mode])],
        check=True,
        env=env,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figs = out / "figures"
    fig_bytes = sum(p.stat().st_size for p in figs.iterdir()) if figs.exists() else 0
    n_figs = len(list(figs.iterdir())) if figs.exists() else 0
    return {
        "wall": wall,
        "cpu": cpu,
        "page_mb": (out / "index.html").stat().st_size / 1e6,
        "figures_mb": fig_bytes / 1e6,
        "n_figures": n_figs,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--out", default=str(Path(__file__).with_name("bench_report.md")))
    ap.add_argument("--src", help="import policyts from this source folder (e.g. another checkout)")
    args = ap.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = sorted(set(modes) - set(MODES))
    if unknown:
        raise SystemExit(f"unknown modes {unknown}; choose from {list(MODES)}")
    runs: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):
            for m in modes:
                loads.append(os.getloadavg()[0])
                runs[m].append(one_run(m, Path(tmp) / f"{m}-{r}", args.src))
                print(m, r, {k: round(v, 2) for k, v in runs[m][-1].items()}, flush=True)
    lines = [
        "# Main job (`policyts report`) by figure mode",
        "",
        f"{args.repeats} interleaved repeats per mode, medians; {os.cpu_count()} cores; "
        f"load average (1 min) during the runs {min(loads):.1f}-{max(loads):.1f}"
        + (f"; policyts from {args.src}." if args.src else "."),
        "",
        "| mode | wall s | CPU s | figures | figures MB | page MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in modes:
        rs = runs[m]

        def med(key: str, rs: list[dict[str, float]] = rs) -> float:
            return statistics.median(x[key] for x in rs)

        lines.append(
            f"| {m} | {med('wall'):.1f} | {med('cpu'):.1f} | {int(med('n_figures'))} | "
            f"{med('figures_mb'):.1f} | {med('page_mb'):.1f} |"
        )
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
