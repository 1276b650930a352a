"""S3 operations UAM needs, over an injected boto3 client."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError


def presigned_post(
    s3: Any, *, bucket: str, key: str, content_type: str, max_bytes: int, expires_in: int
) -> dict[str, Any]:
    """A POST policy pinning the key and content type and bounding the size."""
    return s3.generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", 1, max_bytes],
        ],
        ExpiresIn=expires_in,
    )


def object_size(s3: Any, *, bucket: str, key: str) -> int | None:
    """The object's size in bytes, or None when there is no such object."""
    try:
        return s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def download(s3: Any, *, bucket: str, key: str, dest: Path) -> None:
    s3.download_file(bucket, key, str(dest))


def upload(s3: Any, *, bucket: str, key: str, source: Path, content_type: str) -> None:
    s3.upload_file(str(source), bucket, key, ExtraArgs={"ContentType": content_type})


def put_bytes(s3: Any, *, bucket: str, key: str, body: bytes, content_type: str) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)


def delete(s3: Any, *, bucket: str, keys: Iterable[str]) -> None:
    objects = [{"Key": k} for k in keys]
    if objects:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})


def presigned_get(
    s3: Any,
    *,
    bucket: str,
    key: str,
    filename: str,
    content_type: str,
    expires_in: int,
) -> str:
    """A time-limited download link: the browser gets `content_type` and saves the object
    under `filename`."""
    safe = filename.replace('"', "")
    return s3.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": key,
            "ResponseContentType": content_type,
            "ResponseContentDisposition": f'attachment; filename="{safe}"',
        },
        ExpiresIn=expires_in,
    )


def get_bytes(s3: Any, *, bucket: str, key: str) -> bytes | None:
    """The object's bytes, or None when there is no such object."""
    try:
        return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
