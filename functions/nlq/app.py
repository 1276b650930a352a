"""The NLQ Lambda (analytics image): POST /nlq from API Gateway."""

from mangum import Mangum

from uam.api.app import create_app
from uam.api.routers import nlq
from uam.questions import service  # noqa: F401  (DuckDB, matplotlib: load during init)

app = create_app(routers=[nlq.router])
handler = Mangum(app, lifespan="off")
