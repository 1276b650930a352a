"""Predictions from a trained model: the request's rows checked against its schema, answered,
and stored as a `prediction` artifact. Runs in the predict function (analytics image)."""
