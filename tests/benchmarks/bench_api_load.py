"""Benchmark: authenticated reads on the local stack, one at a time and under load.

Not a test. Run: python tests/benchmarks/bench_api_load.py [--seconds 10] [--clients 20]

Starts `python -m infra.local up` in a temporary data dir (a separate process, as a user
runs it, so this script's client does not share the server's interpreter), signs a user up,
creates a project, then for each route of a read mix (GET /auth/me, /projects, /datasets,
/runs, /models) and for the floor (GET /openapi.json: no auth, no database):
- one request at a time: p50 and p99 latency;
- `--clients` concurrent clients for `--seconds`: requests/s, p50, p99 and errors.
Aim (issue 11): an authenticated read p50 at most 10 ms one at a time, and at least 150
requests/s with 20 concurrent clients on two cores, with no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
READS = ["/auth/me", "/projects", "/datasets", "/runs", "/models"]
FLOOR = "/openapi.json"


def sign_up(api: str) -> dict[str, str]:
    body = {"name": "Load", "email": f"load-{uuid.uuid4().hex[:8]}@example.com",
            "password": "a long enough password"}  # fmt: skip
    token = httpx.post(f"{api}/auth/register", json=body, timeout=30).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    httpx.post(f"{api}/projects", json={"name": "load"}, headers=headers, timeout=30)
    return headers


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def one_at_a_time(api: str, path: str, headers: dict[str, str], n: int) -> list[float]:
    with httpx.Client(base_url=api, headers=headers, timeout=30) as http:
        for _ in range(20):  # warm: connections, caches, the first-request imports
            http.get(path)
        times = []
        for _ in range(n):
            started = time.perf_counter()
            response = http.get(path)
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return times


async def under_load(
    api: str, paths: list[str], headers: dict[str, str], clients: int, seconds: float
) -> tuple[int, int, list[float], float]:
    times: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def client(index: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=api, headers=headers, timeout=30) as http:
            i = index
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += 1
                started = time.perf_counter()
                try:
                    response = await http.get(path)
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                times.append((time.perf_counter() - started) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - began
    return len(times), errors, times, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--sequential", type=int, default=300, help="requests per route, one at a time"
    )
    parser.add_argument("--api-url", help="measure a stack already running here")
    args = parser.parse_args()
    from infra.local.process import start_stack_process  # after the path line above

    with tempfile.TemporaryDirectory(prefix="uam-load-") as tmp:
        stack = None if args.api_url else start_stack_process(Path(tmp) / "data")
        api = args.api_url or stack.api_url
        try:
            headers = sign_up(api)
            print(f"one at a time ({args.sequential} requests per route, after 20 to warm up)")
            print(f"  {'route':<16} {'p50 ms':>8} {'p99 ms':>8}")
            medians = {}
            for path in [*READS, FLOOR]:
                times = one_at_a_time(api, path, headers, args.sequential)
                medians[path] = statistics.median(times)
                print(f"  {path:<16} {medians[path]:>8.1f} {pct(times, 0.99):>8.1f}")
            reads_p50 = statistics.median([medians[p] for p in READS])
            print(f"  authenticated reads p50 {reads_p50:.1f} ms; floor {medians[FLOOR]:.1f} ms "
                  f"({reads_p50 / medians[FLOOR]:.1f}x the floor); aim <= 10 ms")  # fmt: skip

            print(f"\n{args.clients} concurrent clients, {args.seconds:.0f} s each")
            print(f"  {'mix':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
            rates = {}
            for name, paths in (("reads", READS), ("floor", [FLOOR])):
                count, errors, times, elapsed = asyncio.run(
                    under_load(api, paths, headers, args.clients, args.seconds)
                )
                rates[name] = count / elapsed
                print(f"  {name:<16} {rates[name]:>8.0f} {statistics.median(times):>8.1f} "
                      f"{pct(times, 0.99):>8.1f} {errors:>7}")  # fmt: skip
            print(
                f"  reads at {rates['reads'] / rates['floor']:.2f}x the floor's rate; "
                "aim >= 150 req/s, 0 errors"
            )
        finally:
            if stack is not None:
                stack.stop()


if __name__ == "__main__":
    main()
