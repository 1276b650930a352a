"""What a download link must look like, written down independently of the product's code."""

from urllib.parse import parse_qs, urlparse

PDF = "application/pdf"
CONTENT_TYPES = {
    ".png": "image/png",
    ".pdf": PDF,
    ".json": "application/json",
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".joblib": "application/octet-stream",
}


def link_lifetime(url: str) -> float:
    """Seconds a presigned link stays valid. SigV4 only: S3 refuses SigV2 links on buckets
    created since mid-2020."""
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"], url
    return int(query["X-Amz-Expires"][0])
