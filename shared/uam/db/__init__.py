"""Database access: the declarative base, the engine, sessions, migrations."""
