"""The LocalStack-style client path: LOCALSTACK_HOST set, clients built by localstack-client,
talking to our own emulator (which listens like LocalStack, on one edge port)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.local.aws_stack import LocalAws
from tests.integration.local_stack.helpers import free_port
from uam.aws import clients
from uam.config import clear_settings_cache

pytestmark = pytest.mark.integration
TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[LocalAws]:
    aws = LocalAws(
        template_path=TEMPLATE,
        port=free_port(),
        data_dir=tmp_path / "aws",
        parameters={"SecretKey": "k" * 40},
    )
    aws.start()
    try:
        yield aws
    finally:
        aws.stop()


def test_localstack_host_builds_clients_that_reach_the_emulator(
    emulator: LocalAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("LOCALSTACK_HOST", emulator.endpoint_url.removeprefix("http://"))
    clear_settings_cache()
    clients.client.cache_clear()
    try:
        s3, sqs = clients.client("s3"), clients.client("sqs")
        assert s3.meta.endpoint_url == emulator.endpoint_url
        buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
        assert buckets == set(emulator.resolved().bucket_names.values())
        s3.put_object(Bucket=min(buckets), Key="hello.txt", Body=b"hi")
        assert s3.get_object(Bucket=min(buckets), Key="hello.txt")["Body"].read() == b"hi"
        queues = sqs.list_queues()["QueueUrls"]
        assert {q.rsplit("/", 1)[-1] for q in queues} >= {
            spec.name for spec in emulator.resolved().queues.values()
        }
    finally:
        clients.client.cache_clear()
        clear_settings_cache()
