"""The wrapper that makes a run stage's handler observable, so its `app.py` stays a translation
of the event into one call. Powertools only: the zip functions (run_failed) import it too.

Decorators in Powertools' recommended order: the logger outside (Lambda context keys, cleared
every invocation), the tracer, then the metrics flush nearest the handler.
"""

import functools
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.observability.logs import function_logger
from uam.observability.metrics import metrics, stage_timer
from uam.observability.tracing import function_tracer

Handler = Callable[[dict, LambdaContext], Any]


def stage_handler(stage: str, *, traced: bool = True) -> Callable[[Handler], Handler]:
    """A run stage's handler ({"run_id", ...} in): its lines carry run_id and stage, it is timed
    into StageDuration{stage} (StageFailures{stage} when it raises; the error goes on unchanged
    to the workflow's Retry and Catch), and traced when `traced` (the image functions)."""
    logger = function_logger(f"uam-{stage.replace('_', '-')}")
    tracer = function_tracer(logger.service) if traced else None

    def decorate(work: Handler) -> Handler:
        @functools.wraps(work)
        def run(event: dict, context: LambdaContext) -> Any:
            run_id = event.get("run_id")
            logger.append_keys(run_id=run_id, stage=stage)
            if tracer is not None:
                tracer.put_annotation(key="run_id", value=str(run_id))
            try:
                with stage_timer(stage) as timer:
                    result = work(event, context)
            except Exception:
                logger.exception("stage failed")
                raise
            logger.info("stage finished", duration_ms=timer.ms)
            return result

        handler = metrics.log_metrics(run)
        if tracer is not None:
            handler = tracer.capture_lambda_handler(handler, capture_response=False)
        return logger.inject_lambda_context(handler, clear_state=True)

    return decorate
