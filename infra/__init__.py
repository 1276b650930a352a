"""Deployment and local-stack tooling (not shipped to Lambda)."""
