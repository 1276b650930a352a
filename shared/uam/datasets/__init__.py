"""Datasets: uploads, ingest, previews."""
