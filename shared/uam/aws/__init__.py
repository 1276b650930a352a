"""Adapters over AWS services; each takes an injected boto3 client."""
