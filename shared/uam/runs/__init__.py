"""Runs: one pipeline execution over a dataset, its logs and artifacts."""
