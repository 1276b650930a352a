"""Reports: a finished run's PDF, rendered again on request and handed out to its owner."""
