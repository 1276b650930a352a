"""Exploratory profile of a table: statistics, correlations, target associations and alerts."""

from uam.analysis.profiling.table import profile_table

__all__ = ["profile_table"]
