"""The API Lambda: API Gateway HTTP API events in, FastAPI responses out."""

from uam.api.app import create_app
from uam.observability.api import api_handler
from uam.observability.logs import function_logger

logger = function_logger("uam-api")
app = create_app(logger=logger)
handler = api_handler(app, logger=logger)
