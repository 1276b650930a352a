"""The API Lambda: API Gateway HTTP API events in, FastAPI responses out."""

from mangum import Mangum

from uam.api.app import create_app

app = create_app()
handler = Mangum(app, lifespan="off")
