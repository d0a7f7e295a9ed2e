"""Speed and memory of the strict CSV reader against plain ``pandas.read_csv``, and of
``policyts cusum`` on a long integer-indexed file.

Each measurement runs in a fresh Python process: wall time of the call alone, and the
peak resident memory of the process minus its resident memory after the imports (so
the imports of pandas, xarray and pyarrow, and xarray's first-use import of dask, are not
counted). Files have a time column
``t = 1..n`` and two value columns written with ``repr`` (about 40 bytes a row).

Usage::

    python benchmarks/bench_reader.py            # 1e4, 1e5, 1e6 rows; CUSUM at 2e5
    python benchmarks/bench_reader.py --quick    # 1e4 and 1e5 rows only

The ratios (policyts / pandas) are the numbers to compare between machines; the README of
a result states the machine's load, since the absolute times depend on it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHILD = r"""
import json, resource, sys, time
def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
what, path = sys.argv[1], sys.argv[2]
import numpy, pandas, xarray, pyarrow.csv  # imports not counted
# xarray imports its optional array backends (dask) when it makes its first Dataset; that
# is a one-off cost of any xarray user, paid here before the clock starts.
xarray.Dataset({"a": ("x", numpy.zeros(1))})
if what == "policyts":
    from policyts.datasets import read_csv
    run = lambda: read_csv(path, time="t")
elif what == "pandas":
    run = lambda: pandas.read_csv(path)
elif what.startswith("cusum-"):
    from policyts.models import cusum
    y = pandas.read_csv(path, index_col=0)["y"]
    kind = what[len("cusum-"):]
    run = lambda: cusum(y, kind=kind)
base = rss_kb()
t0 = time.perf_counter()
run()
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": max(peak - base, 0) / 1024}))
"""


def write_file(path: Path, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.normal(size=n)) * 0.01 + rng.normal(size=n)
    x = rng.normal(size=n)
    with path.open("w", encoding="utf-8") as f:
        f.write("t,y,x\n")
        f.writelines(
            f"{i + 1},{a!r},{b!r}\n"
            for i, (a, b) in enumerate(zip(y.tolist(), x.tolist(), strict=True))
        )


def child(what: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(path)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def best_of(what: str, path: Path, repeat: int) -> dict[str, float]:
    runs = [child(what, path) for _ in range(repeat)]
    return {
        "seconds": min(r["seconds"] for r in runs),
        "peak_mb": min(r["peak_mb"] for r in runs),
    }


def cli_seconds(path: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "policyts", "cusum", str(path), "--time", "t", "--y", "y"],
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1e6-row file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best)")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"machine load average (1 min) at start: {load}\n")
    print("| rows | policyts s | pandas s | time ratio | policyts MB | pandas MB | memory ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"t{n}.csv"
            write_file(path, n)
            ours = best_of("policyts", path, args.repeat)
            theirs = best_of("pandas", path, args.repeat)
            print(
                f"| {n:,} | {ours['seconds']:.3f} | {theirs['seconds']:.3f} | "
                f"{ours['seconds'] / theirs['seconds']:.1f} | {ours['peak_mb']:.0f} | "
                f"{theirs['peak_mb']:.0f} | {ours['peak_mb'] / max(theirs['peak_mb'], 1):.1f} |",
                flush=True,
            )
        n = 200_000
        path = Path(tmp) / f"t{n}.csv"
        write_file(path, n)
        print(f"\nCUSUM on {n:,} rows (t = 1..n, intercept only):\n")
        print("| step | seconds |")
        print("|---|---:|")
        for kind in ("ols-cusum", "rec-cusum", "ols-mosum"):
            r = best_of(f"cusum-{kind}", path, args.repeat)
            print(f"| cusum(kind={kind!r}) | {r['seconds']:.3f} |", flush=True)
        cli = min(cli_seconds(path) for _ in range(args.repeat))
        print(f"| `policyts cusum FILE --time t --y y` (whole process) | {cli:.2f} |")


if __name__ == "__main__":
    main()
