"""The console entry point: imports the CLI (spaCy, SQLAlchemy: a second or so) inside a guard,
so Ctrl-C while starting up ends quietly instead of with a traceback."""

import sys


def main() -> None:
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    cli_main()
