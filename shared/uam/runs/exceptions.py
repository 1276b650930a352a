"""Errors of the runs domain; the API maps each to one status code, the state machine's
Retry and Catch tell transient from permanent ones by their class name."""


class RunError(Exception):
    """Base of run errors; str() is the message shown to the client or in the run's error."""


class RunNotFound(RunError):
    """No such run for this user (another user's run is "not found" too)."""

    def __init__(self) -> None:
        super().__init__("run not found")


class InvalidRunRequest(RunError):
    """The options cannot be used with this dataset, e.g. an unknown target column (400)."""


class RunLimitReached(RunError):
    """The user already has the maximum number of runs in progress (429)."""

    def __init__(self, limit: int, retry_after_s: int) -> None:
        super().__init__(
            f"you already have {limit} runs in progress; wait for one to finish or cancel one"
        )
        self.retry_after_s = retry_after_s


class RunAlreadyFinished(RunError):
    """A cancel asked of a run that already ended (409)."""


class RunNotStarted(RunError):
    """The workflow service refused to start the run; the run is marked FAILED (503)."""


class RunNoLongerActive(RunError):
    """A stage found its run cancelled or finished: the workflow must stop, not retry."""


class StageInputMissing(RunError):
    """A stage's input object is missing: an earlier stage did not finish (permanent)."""


class InjectedFault(RunError):
    """Raised on purpose by UAM_FAULT_INJECTION, to test that failures end runs cleanly."""
