"""The NLQ Lambda (analytics image): POST /nlq from API Gateway."""

from uam.api.app import create_app
from uam.api.routers import nlq
from uam.observability.api import api_handler
from uam.observability.logs import function_logger
from uam.questions import service  # noqa: F401  (DuckDB, matplotlib: load during init)

logger = function_logger("uam-nlq")
app = create_app(routers=[nlq.router], logger=logger)
handler = api_handler(app, logger=logger, traced=True)
