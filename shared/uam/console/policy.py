"""The console page's Content-Security-Policy.

The page runs only its own scripts and styles. Besides the API (same origin) it talks to one
other place: S3, where the browser POSTs uploads and reads charts and artifacts through
presigned links. Those origins are taken from links signed the way the API signs them, so the
policy names exactly the endpoint the links point at (the local emulator, LocalStack, or AWS
in whatever addressing style the S3 client uses), with no second, hand-kept list.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from uam.aws.clients import client
from uam.config import get_aws_settings


def content_security_policy() -> str:
    storage = " ".join(storage_origins())
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            # Charts are <img> of presigned links; data: for the inline SVG icons of the CSS.
            f"img-src 'self' data: blob: {storage}",
            # The upload's POST and the run's profile.json come from S3.
            f"connect-src 'self' {storage}",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


@lru_cache
def storage_origins() -> tuple[str, ...]:
    """The scheme://host[:port] of the upload POST and of presigned GET links, in order."""
    settings = get_aws_settings()
    s3 = client("s3")
    urls = [
        s3.generate_presigned_post(Bucket=settings.uploads_bucket, Key="uploads/x")["url"],
        s3.generate_presigned_url(
            "get_object", Params={"Bucket": settings.artifacts_bucket, "Key": "x"}
        ),
    ]
    origins: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)
