"""The Typer application every command registers on (``@app.command``)."""

from __future__ import annotations

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
) -> None:
    """French-native political event coding for West African and Sahel news."""
