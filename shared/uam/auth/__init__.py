"""Users, passwords, tokens."""
