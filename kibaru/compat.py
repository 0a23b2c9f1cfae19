"""Optional dependencies: what each extra of ``pip install 'kibaru[…]'`` brings,
imported where it is used, and a numbered message naming the extra when it is
missing (the core — reading, normalising, coding — needs none of them)."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from .errors import KibaruError, Msg

# module -> the extra that installs it
EXTRAS = {
    "fastapi": "web", "uvicorn": "web", "jinja2": "web", "fastapi_offline": "web",  # kibaru serve
    "psycopg": "postgres",  # --db postgresql://…
    "pyarrow": "parquet",  # kibaru export --format parquet
    "pyspark": "spark",  # kibaru analyze --engine spark
}


def available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def require(module: str, what: str) -> ModuleType:
    """``module``, imported; E001 naming the extra that installs it when it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise KibaruError(Msg.E001, what=what, module=module, extra=EXTRAS[module]) from None
