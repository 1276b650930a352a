"""S3 write-through: every acknowledged S3 change is already on disk when the call returns.

No sleeps anywhere: a crash right after the response must find what the client was told.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from infra.local import s3_persistence
from infra.local.aws_stack import LocalAws
from infra.local.resources import client
from tests.integration.local_stack.helpers import TEST_TEMPLATE, free_port

pytestmark = pytest.mark.integration


class Disk:
    """Reads the persisted layout: s3/<bucket>/<sha1 of key>.bin and .json."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "s3"

    def _stem(self, bucket: str, key: str) -> Path:
        return self.root / bucket / hashlib.sha1(key.encode()).hexdigest()

    def body(self, bucket: str, key: str) -> bytes | None:
        meta = self._stem(bucket, key).with_suffix(".json")
        if not meta.exists():
            return None
        assert json.loads(meta.read_text())["key"] == key
        return self._stem(bucket, key).with_suffix(".bin").read_bytes()

    def meta(self, bucket: str, key: str) -> dict:
        return json.loads(self._stem(bucket, key).with_suffix(".json").read_text())


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalAws]:
    stack = LocalAws(
        template_path=TEST_TEMPLATE,
        port=free_port(),
        data_dir=tmp_path_factory.mktemp("write-through") / "data",
    )
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def disk(aws: LocalAws) -> Disk:
    return Disk(aws._data_dir)


@pytest.fixture
def bucket(aws: LocalAws) -> str:
    return aws.resolved().bucket_names["DataBucket"]


@pytest.fixture
def s3(aws: LocalAws):
    return client("s3", aws.endpoint_url)


def test_put_object_is_on_disk_with_its_metadata(s3, disk: Disk, bucket: str) -> None:
    s3.put_object(
        Bucket=bucket,
        Key="put/a b/ü.csv",
        Body=b"x,y\n1,2\n",
        ContentType="text/csv",
        Metadata={"owner": "u1"},
    )
    assert disk.body(bucket, "put/a b/ü.csv") == b"x,y\n1,2\n"
    meta = disk.meta(bucket, "put/a b/ü.csv")
    assert (meta["content_type"], meta["metadata"]) == ("text/csv", {"owner": "u1"})
    s3.put_object(Bucket=bucket, Key="put/a b/ü.csv", Body=b"overwritten")
    assert disk.body(bucket, "put/a b/ü.csv") == b"overwritten"


def test_presigned_post_with_filename_placeholder_is_on_disk(s3, disk: Disk, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "post/${filename}")
    response = httpx.post(
        post["url"], data=post["fields"], files={"file": ("from browser.csv", b"a\n1\n")}
    )
    assert response.status_code == 204, response.text
    assert disk.body(bucket, "post/from browser.csv") == b"a\n1\n"


def test_copy_object_is_on_disk(s3, disk: Disk, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="copy/src", Body=b"source", Metadata={"m": "1"})
    s3.copy_object(Bucket=bucket, Key="copy/dst", CopySource={"Bucket": bucket, "Key": "copy/src"})
    assert disk.body(bucket, "copy/dst") == b"source"
    assert disk.meta(bucket, "copy/dst")["metadata"] == {"m": "1"}


def test_multipart_upload_is_on_disk_once_completed(s3, disk: Disk, bucket: str) -> None:
    key = "multipart/big.bin"
    parts_data = [b"a" * (5 * 1024 * 1024), b"tail"]  # S3's 5 MiB minimum for non-last parts
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType="x/y")["UploadId"]
    parts = []
    for number, data in enumerate(parts_data, start=1):
        etag = s3.upload_part(
            Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data
        )["ETag"]
        parts.append({"PartNumber": number, "ETag": etag})
    assert disk.body(bucket, key) is None  # parts are not an object yet
    s3.complete_multipart_upload(
        Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
    )
    assert disk.body(bucket, key) == b"".join(parts_data)
    assert disk.meta(bucket, key)["content_type"] == "x/y"


def test_delete_object_and_delete_objects_remove_the_files(s3, disk: Disk, bucket: str) -> None:
    keys = [f"delete/{i}" for i in range(4)]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    s3.delete_object(Bucket=bucket, Key=keys[0])
    assert disk.body(bucket, keys[0]) is None
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys[1:3]]})
    assert sorted(d["Key"] for d in result["Deleted"]) == keys[1:3]
    assert [disk.body(bucket, k) for k in keys] == [None, None, None, b"delete/3"]
    assert not list((disk.root / bucket).glob("*.tmp"))


def test_buckets_created_and_deleted_at_runtime(s3, disk: Disk) -> None:
    s3.create_bucket(Bucket="runtime-bucket")
    assert (disk.root / "runtime-bucket").is_dir()
    s3.put_object(Bucket="runtime-bucket", Key="k", Body=b"v")
    assert disk.body("runtime-bucket", "k") == b"v"
    s3.delete_object(Bucket="runtime-bucket", Key="k")
    s3.delete_bucket(Bucket="runtime-bucket")
    assert not (disk.root / "runtime-bucket").exists()


def test_concurrent_writers_of_one_key_leave_the_last_state_on_disk(
    s3, disk: Disk, bucket: str
) -> None:
    def put(i: int) -> None:
        s3.put_object(Bucket=bucket, Key="race/one", Body=f"version {i}".encode() * 1000)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(put, range(40)))
    in_memory = s3.get_object(Bucket=bucket, Key="race/one")["Body"].read()
    assert disk.body(bucket, "race/one") == in_memory


def test_a_write_that_cannot_reach_disk_fails_the_request(
    s3, disk: Disk, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(s3_persistence, "_atomic_write", full_disk)
    once = boto3.client(
        "s3",
        endpoint_url=s3.meta.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}),
    )
    with pytest.raises(ClientError) as failed:
        once.put_object(Bucket=bucket, Key="never/acknowledged", Body=b"x")
    assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert disk.body(bucket, "never/acknowledged") is None


def test_reads_and_other_services_write_nothing(aws: LocalAws, s3, disk: Disk, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="quiet/k", Body=b"v")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in (disk.root / bucket).iterdir())
    s3.get_object(Bucket=bucket, Key="quiet/k")
    s3.list_objects_v2(Bucket=bucket)
    client("sqs", aws.endpoint_url).list_queues()  # a POST, like every SQS call
    after = sorted((p.name, p.stat().st_mtime_ns) for p in (disk.root / bucket).iterdir())
    assert after == before
