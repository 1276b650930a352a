"""Administration: users (role, disabled), platform statistics, run logs, the audit log."""
