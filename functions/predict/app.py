"""The predict Lambda (analytics image): POST /models/{model_id}/predict from API Gateway."""

from uam.api.app import create_app
from uam.api.routers import predictions
from uam.observability.api import api_handler
from uam.observability.logs import function_logger
from uam.predictions import service  # noqa: F401  (pandas, scikit-learn: load during init, not on the first request)

logger = function_logger("uam-predict")
app = create_app(routers=[predictions.router], logger=logger)
handler = api_handler(app, logger=logger, traced=True)
