"""Issue 3's must-show: the emulator holds what template.yaml declares, over plain boto3."""

import pytest

from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e


def test_template_buckets_and_queues_are_listed(stack: RunningStack) -> None:
    buckets = {b["Name"] for b in stack.aws("s3").list_buckets()["Buckets"]}
    assert {"uam-uploads-123456789012", "uam-artifacts-123456789012"} <= buckets
    queues = {url.rsplit("/", 1)[-1] for url in stack.aws("sqs").list_queues()["QueueUrls"]}
    assert {"uam-ingest", "uam-ingest-dlq", "uam-run-events", "uam-run-events-dlq"} <= queues
    functions = {f["FunctionName"] for f in stack.aws("lambda").list_functions()["Functions"]}
    assert {"uam-ApiFunction", "uam-IngestFunction"} <= functions
