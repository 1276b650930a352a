"""Task handlers for the test state machine."""

_attempts: dict[str, int] = {}  # survives between calls because the worker stays warm


class TransientError(Exception):
    pass


class BoomError(Exception):
    pass


def flaky(event, context):
    key = event["key"]
    _attempts[key] = _attempts.get(key, 0) + 1
    if _attempts[key] < 2:
        raise TransientError(f"attempt {_attempts[key]} of {key}")
    return {"attempts": _attempts[key]}


def boom(event, context):
    raise BoomError("always fails")


def double(event, context):
    return event["value"] * 2
