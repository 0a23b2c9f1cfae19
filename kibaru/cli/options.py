"""Options shared by several commands, declared once."""

from __future__ import annotations

import typer

from ..settings import Settings

PATHS = typer.Argument(
    ..., help="Files or folders (walked recursively); '-' reads JSON Lines from standard input.", show_default=False
)
MAX_CHARS = typer.Option(
    None, "--max-chars", help=f"Largest article accepted (default {Settings().max_chars:,} characters)."
)
PROGRESS = typer.Option(
    None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."
)
