"""The Typer application every command registers on (``@app.command``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

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
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
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
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True,
        help="Say more on stderr: -v what kibaru loads and reads, -vv debugging detail."),
    quiet: int = typer.Option(0, "--quiet", "-q", count=True, help="Errors only on stderr: no warnings, summaries or progress bar."),
    config: Optional[Path] = typer.Option(
        None, "--config", envvar="KIBARU_CONFIG", show_envvar=True, dir_okay=False,
        help="A TOML file of settings and the database (default: ./kibaru.toml when there is one); "
             "kibaru config show lists them."),
) -> None:
    """French-native political event coding for West African and Sahel news."""
    import os

    from rich.markup import escape

    from ..errors import KibaruError
    from ..settings import Settings, config_path, read_config
    from .output import set_verbosity, stderr

    set_verbosity(verbose, quiet)
    if config is not None:
        os.environ["KIBARU_CONFIG"] = str(config)  # every layer (and worker process) reads the same file
    try:
        # checked once, here: a bad file or variable is one line, not a traceback later
        path = config_path()
        if path is not None:
            read_config(path)
        Settings.from_env()
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
