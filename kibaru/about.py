"""Package metadata kept in one place (read by pyproject.toml and the CLI)."""

__title__ = "kibaru"
__version__ = "0.1.0"
