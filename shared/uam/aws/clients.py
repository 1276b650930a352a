"""boto3 clients built on first use, pointed at the local stack when AWS_ENDPOINT_URL is set."""

from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config

from uam.config import get_aws_settings


@lru_cache
def client(service: str) -> Any:
    settings = get_aws_settings()
    # Virtual-host addressing needs DNS for bucket names; path style works everywhere.
    # SigV4 for presigned links too: S3 refuses SigV2 on buckets created since mid-2020.
    config = Config(
        s3={"addressing_style": "path"}, signature_version="s3v4", retries={"mode": "standard"}
    )
    return boto3.client(
        service,
        region_name=settings.aws_region,
        endpoint_url=settings.aws_endpoint_url,
        config=config,
    )
