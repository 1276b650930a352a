"""boto3 clients built on first use: AWS itself, or an emulator.

`AWS_ENDPOINT_URL` points every client at one endpoint (the local stack, or LocalStack);
`LOCALSTACK_HOST` (LocalStack's own setting, host:port) builds them with localstack-client,
the way LocalStack's tooling does. Unset, clients talk to AWS.
"""

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
    if settings.localstack_host and not settings.aws_endpoint_url:
        from localstack_client.session import Session  # only where LocalStack is the target

        session = Session(region_name=settings.aws_region, localstack_host=settings.localstack_host)
        return session.client(service, config=config)
    return boto3.client(
        service,
        region_name=settings.aws_region,
        endpoint_url=settings.aws_endpoint_url,
        config=config,
    )
