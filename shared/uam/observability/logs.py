"""A function's JSON logger (Powertools) and the keys that tie its lines together."""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers

PACKAGE_LOGGER = "uam"


class _Stdout:
    """sys.stdout as it is when a line is written: Lambda's never changes, a test's capture does."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def service_logger(service: str) -> Logger:
    """The Powertools logger named `service`; every call with one name shares handler and keys.

    `name` says which logger wrote a line: the function's, or a `uam.*` module's.
    """
    return Logger(service=service, stream=_Stdout(), name="%(name)s")


def function_logger(service: str) -> Logger:
    """A Lambda function's logger. The stdlib loggers of the `uam` package write through it
    too, so their lines are the same JSON with the same keys (request id, run id, ...)."""
    logger = service_logger(service)
    logging.getLogger(PACKAGE_LOGGER)  # registered, so that the copy below finds it
    copy_config_to_registered_loggers(source_logger=logger, include={PACKAGE_LOGGER})
    return logger


@contextmanager
def record_context(logger: Logger, **keys: Any) -> Iterator[None]:
    """`keys` on every line about one batch record. A failure is logged here, with them, before
    the batch processor turns it into a partial-batch failure (SQS delivers it again), then
    goes on unchanged. A key declared None here and set later with `logger.append_keys` is
    removed at the end as well."""
    with logger.append_context_keys(**keys):
        try:
            yield
        except Exception:
            logger.exception("record failed; SQS will deliver it again")
            raise
