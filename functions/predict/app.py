"""The predict Lambda (analytics image): POST /models/{model_id}/predict from API Gateway."""

from mangum import Mangum

from uam.api.app import create_app
from uam.api.routers import predictions
from uam.predictions import service  # noqa: F401  (pandas, scikit-learn: load during init, not on the first request)

app = create_app(routers=[predictions.router])
handler = Mangum(app, lifespan="off")
