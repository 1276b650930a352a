"""Trained models: their metadata, files and predictions."""
