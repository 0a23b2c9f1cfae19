"""The ``kibaru`` command: thin wrappers over importable functions."""

from __future__ import annotations

import signal
import sys

import typer

from ..about import __version__

app = typer.Typer(
    name="kibaru",
    help=(
        "French-native political event coding for West African and Sahel news.\n\n"
        "Read articles in any common format (txt, JSONL, CSV/TSV, HTML, RSS/Atom, WARC), "
        "normalise and repair them, and code who did what to whom."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kibaru {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """French-native political event coding for West African and Sahel news."""


from . import analyze as _analyze  # noqa: E402,F401  (registers the commands)
from . import db as _db  # noqa: E402,F401
from . import evaluate as _evaluate  # noqa: E402,F401
from . import query as _query  # noqa: E402,F401
from . import read as _read  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import train as _train  # noqa: E402,F401


def _terminated(signum, frame) -> None:
    # `kill PID` (SIGTERM) ends the run as Ctrl-C does: the current batch is
    # dropped, the run is recorded as interrupted, worker processes are stopped
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app(standalone_mode=True)
    except BrokenPipeError:
        # `kibaru read … | head`: the reader went away; that is not an error.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("kibaru: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # last resort: one line, not a traceback
        sys.stderr.write(f"kibaru: internal error: {type(exc).__name__}: {exc} (please report this)\n")
        sys.exit(2)
