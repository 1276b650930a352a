"""Stands in for the shared layer: importable only through the worker's PYTHONPATH."""

NAME = "test-layer"
