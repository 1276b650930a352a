"""Projects: a user's folders of datasets and runs."""
