"""Start-up of the command line, the bundled-dataset loader, and the main job without
figures, optionally against another checkout of policyts (the baseline).

Every measurement is the wall time of a fresh Python process (or of one call inside
one), repeated and interleaved with the baseline's so both see the same machine load;
the table gives medians and the 1-minute load average before and after.

Usage::

    python benchmarks/bench_startup.py                         # this checkout only
    python benchmarks/bench_startup.py --baseline-src /tmp/base/src --baseline-label "commit abc1234"

``--baseline-src`` is put first on ``PYTHONPATH`` for the baseline runs, so the same
interpreter and libraries run the other source tree. Results go to
``benchmarks/startup.json`` and ``benchmarks/startup.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Fresh-process cases: (label, argv after the interpreter).
PROCESS_CASES: tuple[tuple[str, list[str]], ...] = (
    ("`policyts --help` (`python -m policyts --help`)", ["-m", "policyts", "--help"]),
    ("`import policyts`", ["-c", "import policyts"]),
    ("`policyts events --help`", ["-m", "policyts", "events", "--help"]),
    ("`policyts breaks --help`", ["-m", "policyts", "breaks", "--help"]),
)

# In-process cases: the child prints the seconds of the timed part alone.
LOADER_CHILD = r"""
import sys, time
from policyts import datasets
names = datasets.names()
t0 = time.perf_counter()
for name in names:
    datasets.load(name)
t1 = time.perf_counter()
for _ in range(3):          # 48 calls in all, about as many as one report makes
    for name in names:
        datasets.load(name)
t2 = time.perf_counter()
print(t1 - t0 if sys.argv[1] == "first" else t2 - t1)
"""

REPORT_CHILD = r"""
import sys, tempfile, time
from policyts.report import run_report
with tempfile.TemporaryDirectory() as d:
    t0 = time.perf_counter()
    run_report(d + "/r", figures=False, progress=False)
    print(time.perf_counter() - t0)
"""


def _env(src: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def _process_seconds(argv: list[str], src: str | None) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, *argv],
        env=_env(src),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def _child_seconds(code: str, src: str | None, *args: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=_env(src),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def _interleaved(run, repeat: int, baseline: str | None) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    times: dict[str, list[float]] = {"this": []}
    if baseline is not None:
        times["baseline"] = []
    for _ in range(repeat):
        times["this"].append(run(None))
        if baseline is not None:
            times["baseline"].append(run(baseline))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-src", default=None, help="src/ folder of another checkout")
    ap.add_argument("--baseline-label", default="", help="what the baseline is (a commit)")
    ap.add_argument("--repeat", type=int, default=10, help="runs of each start-up case")
    ap.add_argument("--report-repeat", type=int, default=3, help="runs of the main job")
    ap.add_argument("--no-report", action="store_true", help="skip the main job")
    ap.add_argument("--out", default=str(HERE / "startup"), help="output path without suffix")
    args = ap.parse_args()
    base = None if args.baseline_src is None else str(Path(args.baseline_src).resolve())

    load_before = os.getloadavg()[0]
    rows = []
    for label, argv in PROCESS_CASES:
        times = _interleaved(lambda src, a=argv: _process_seconds(a, src), args.repeat, base)
        rows.append({"case": label, "unit": "process", **times})
        print(label, {k: round(statistics.median(v), 3) for k, v in times.items()}, flush=True)
    for part, label in (
        ("first", "first `datasets.load` of each of the 12 datasets (in one process)"),
        ("again", "36 further calls of `datasets.load` (each dataset 3 more times)"),
    ):
        times = _interleaved(
            lambda src, p=part: _child_seconds(LOADER_CHILD, src, p), args.repeat, base
        )
        rows.append({"case": label, "unit": "call", **times})
        print(label, {k: round(statistics.median(v), 3) for k, v in times.items()}, flush=True)
    if not args.no_report:
        times = _interleaved(
            lambda src: _child_seconds(REPORT_CHILD, src), args.report_repeat, base
        )
        rows.append({"case": "main job, `run_report(figures=False)`", "unit": "call", **times})
        print("report", {k: round(statistics.median(v), 3) for k, v in times.items()}, flush=True)
    load_after = os.getloadavg()[0]

    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "repeat": args.repeat,
        "report_repeat": args.report_repeat,
        "baseline": base is not None,
        "baseline_label": args.baseline_label,
        "rows": rows,
    }
    out = Path(args.out)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(_markdown(result), encoding="utf-8")
    print(f"wrote {out.with_suffix('.json')} and {out.with_suffix('.md')}")


def _markdown(result: dict) -> str:  # type: ignore[type-arg]
    has_base = result["baseline"]
    lines = [
        "# Start-up, dataset loader and main job without figures",
        "",
        f"Measured with `python benchmarks/bench_startup.py` on {result['date']}, Python "
        f"{result['python']}, {result['cpus']} cores shared with other work (1-minute load "
        f"average {result['load_average_1min'][0]} before, {result['load_average_1min'][1]} "
        "after). Wall times, medians of "
        f"{result['repeat']} runs ({result['report_repeat']} for the main job), each in a fresh "
        "process; the baseline's runs are interleaved with these.",
        "",
    ]
    if has_base and result.get("baseline_label"):
        lines += [f"Baseline: {result['baseline_label']}.", ""]
    if has_base:
        lines += [
            "| case | this (s) | baseline (s) | baseline / this |",
            "|---|---:|---:|---:|",
        ]
    else:
        lines += ["| case | this (s) | min (s) | max (s) |", "|---|---:|---:|---:|"]
    for row in result["rows"]:
        this = statistics.median(row["this"])
        if has_base:
            base = statistics.median(row["baseline"])
            lines.append(f"| {row['case']} | {this:.3f} | {base:.3f} | {base / this:.1f} |")
        else:
            lines.append(
                f"| {row['case']} | {this:.3f} | {min(row['this']):.3f} | {max(row['this']):.3f} |"
            )
    lines += [
        "",
        "The first load of each dataset parses its CSV file (and the very first one pays "
        "xarray's one-off import of its array backends on its first Dataset); later loads "
        "are deep copies of the parsed dataset. The main job's time is mostly the statistics, "
        "so the loader saves it only the repeated parses.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
