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
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A small file for the commands that compute: 20 years, one level shift.
SMALL_CSV = "year,v\n" + "".join(
    f"{2000 + i},{1.0 + 2.0 * (i >= 10) + 0.1 * (-1) ** i}\n" for i in range(20)
)


def process_cases(small_csv: str) -> tuple[tuple[str, list[str]], ...]:
    """Fresh-process cases: (label, argv after the interpreter)."""
    breaks = ["breaks", small_csv, "--time", "year", "--y", "v", "--json"]
    return (
        ("`policyts --help` (`python -m policyts --help`)", ["-m", "policyts", "--help"]),
        ("`import policyts`", ["-c", "import policyts"]),
        ("`import policyts.models.chow`", ["-c", "import policyts.models.chow"]),
        ("`policyts events --help`", ["-m", "policyts", "events", "--help"]),
        ("`policyts events --json`", ["-m", "policyts", "events", "--json"]),
        ("`policyts breaks --help`", ["-m", "policyts", "breaks", "--help"]),
        ("`policyts breaks FILE --time year --y v --json` (20 rows)", ["-m", "policyts", *breaks]),
    )


# The libraries whose import dominates start-up, reported per case from -X importtime.
HEAVY = (
    "numpy",
    "pandas",
    "pyarrow",
    "xarray",
    "dask",
    "scipy",
    "scipy.stats",
    "statsmodels",
    "matplotlib",
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


def _process_seconds(argv: list[str], src: str | None) -> tuple[float, float]:
    """(wall seconds, CPU seconds user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, *argv],
        env=_env(src),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


# Runs ``python -m MODULE ARGS`` or ``python -c CODE`` (given after the probe) and writes
# which HEAVY libraries are in sys.modules at exit to stderr.
IMPORT_PROBE = r"""
import atexit, json, runpy, sys
heavy, argv = json.loads(sys.argv[1]), sys.argv[2:]
atexit.register(lambda: sys.stderr.write(
    "\nHEAVY " + json.dumps([m for m in heavy if m in sys.modules]) + "\n"))
if argv[0] == "-m":
    sys.argv = [argv[1], *argv[2:]]
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
else:
    exec(argv[1], {"__name__": "__main__"})
"""


def _heavy_imports(argv: list[str], src: str | None) -> list[str]:
    """The HEAVY libraries in ``sys.modules`` when a fresh process running ``argv`` exits."""
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, json.dumps(HEAVY), *argv],
        env=_env(src),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    last = [line for line in run.stderr.splitlines() if line.startswith("HEAVY ")][-1]
    return list(json.loads(last[len("HEAVY ") :]))


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
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.csv"
        small.write_text(SMALL_CSV, encoding="utf-8")
        for label, argv in process_cases(str(small)):
            both = _interleaved(lambda src, a=argv: _process_seconds(a, src), args.repeat, base)
            times = {k: [w for w, _ in v] for k, v in both.items()}
            cpu = {k: [c for _, c in v] for k, v in both.items()}
            imports = {"this": _heavy_imports(argv, None)}
            if base is not None:
                imports["baseline"] = _heavy_imports(argv, base)
            rows.append({"case": label, "unit": "process", **times, "cpu": cpu, "imports": imports})
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
    imported = [r for r in result["rows"] if "imports" in r]
    if imported:
        lines += [
            "",
            "CPU time (user + system, medians; less sensitive to the machine's load than wall "
            "time) and the heavy libraries each command imports (in `sys.modules` at exit; "
            "`tests/test_startup.py` asserts what must stay out):",
            "",
        ]
        if has_base:
            lines += [
                "| case | this CPU (s) | baseline CPU (s) | this imports | baseline imports |",
                "|---|---:|---:|---|---|",
            ]
        else:
            lines += ["| case | this CPU (s) | this imports |", "|---|---:|---|"]
        for row in imported:
            cells = [f"{statistics.median(row['cpu']['this']):.3f}"]
            if has_base:
                cells.append(f"{statistics.median(row['cpu']['baseline']):.3f}")
            cells.append(", ".join(row["imports"]["this"]) or "none")
            if has_base:
                cells.append(", ".join(row["imports"]["baseline"]) or "none")
            lines.append(f"| {row['case']} | " + " | ".join(cells) + " |")
    if not any(r["case"].startswith("main job") for r in result["rows"]):
        lines += ["", "The main job was not run (`--no-report`)."]
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
