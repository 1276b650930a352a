"""SQS consumer that records every delivery and reports bodies starting with 'poison'."""

import json
import os
from pathlib import Path


def handler(event, context):
    failures = []
    with (Path(os.environ["RECORD_DIR"]) / "deliveries.jsonl").open("a") as out:
        for record in event["Records"]:
            out.write(
                json.dumps(
                    {
                        "id": record["messageId"],
                        "body": record["body"],
                        "count": record["attributes"]["ApproximateReceiveCount"],
                        "source": record["eventSource"],
                    }
                )
                + "\n"
            )
            if record["body"].startswith("poison"):
                failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
