"""The ``kibaru`` command: thin wrappers over importable functions."""

from __future__ import annotations

import signal
import sys

from . import analyze as _analyze  # noqa: F401  (registers the commands on app)
from . import db as _db  # noqa: F401
from . import evaluate as _evaluate  # noqa: F401
from . import query as _query  # noqa: F401
from . import read as _read  # noqa: F401
from . import serve as _serve  # noqa: F401
from . import train as _train  # noqa: F401
from .app import app


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
