"""Read the error objects Step Functions hands to a Catch ({"Error", "Cause"})."""

import json
from typing import Any


def failure_message(error: dict[str, Any] | None) -> str:
    """The readable part: the Lambda's errorMessage when the Cause carries one."""
    error = error or {}
    cause = error.get("Cause") or ""
    try:
        parsed = json.loads(cause)
        if isinstance(parsed, dict):
            cause = parsed.get("errorMessage") or cause
    except (TypeError, ValueError):
        pass
    kind = error.get("Error") or "error"
    return f"{kind}: {cause}" if cause else kind
