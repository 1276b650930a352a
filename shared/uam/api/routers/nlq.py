"""POST /nlq: a question in plain English about one of the user's datasets.

In AWS this route belongs to the NLQ function (template.yaml), which has DuckDB and the
chart libraries; the API function only lists it in /docs. The answering service is
imported when a request arrives.
"""

from fastapi import APIRouter

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.aws.clients import client
from uam.datasets.exceptions import DatasetNotFound, DatasetNotReady
from uam.questions.exceptions import QuestionTooExpensive
from uam.questions.schemas import QuestionRequest, QuestionResponse

router = APIRouter(tags=["questions"])


@router.post("/nlq", responses=raises(DatasetNotFound, DatasetNotReady, QuestionTooExpensive))
def ask(body: QuestionRequest, user: CurrentUser, session: SessionDep) -> QuestionResponse:
    """Answer a question about a READY dataset: parsed into a typed plan (never into SQL
    text), run by DuckDB over the dataset's Parquet copy. What is not understood answers
    `supported: false` with example questions for this dataset, never a guess."""
    from uam.questions import service  # DuckDB and matplotlib: only in the NLQ function

    return service.ask(
        body.dataset_id, body.question, owner_id=user.id, s3=client("s3"), session=session
    )
