"""A fixed-seed slice of `python -m infra.fuzz` against the session's stack: no 5xx, and every
response matches its documented status, content type and schema.

The script sends 10,000 requests or more; this sends 500 through the same code, in the
phases that spread them over every operation (the coverage phase alone, which walks the
operations in turn, sends a thousand: the script runs it). Its requests come from 127.0.0.2:
the fuzzer's failed logins are throttled per client address, and the other tests of the
session log in from 127.0.0.1.
"""

import pytest

from infra.fuzz import cancel_runs, fuzz, prepare
from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e

SLICE_REQUESTS = 500
SLICE_SEED = 11


def test_a_fixed_seed_slice_of_the_fuzzer_finds_no_5xx_and_no_schema_mismatch(
    stack: RunningStack,
) -> None:
    # Not an admin (the admin routes answer 403) and no finished run: no model or report
    # ids, but real project, dataset, run and user ids, and no minute spent on a run.
    account = prepare(stack.api_url, finished_run=False)
    try:
        tally = fuzz(
            account,
            requests=SLICE_REQUESTS,
            seed=SLICE_SEED,
            max_time_s=120,
            source_address="127.0.0.2",
            phases=("examples", "fuzzing", "stateful"),
        )
    finally:
        cancel_runs(account)  # the fuzzer may have started analyses; they cost CPU
    lines: list[str] = []
    tally.report(lines.append)
    summary = "\n".join(lines)
    assert tally.requests >= SLICE_REQUESTS, summary
    assert not tally.server_errors, summary
    assert not tally.mismatches, summary
    assert tally.ok, summary
    assert all(tally.by_operation[op] for op in tally.operations), summary
