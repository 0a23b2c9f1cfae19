"""The app built from the environment, for ``kibaru serve --workers N``: each
uvicorn worker process imports this and builds its own app (and its own
database connections) from the settings the parent put in the environment."""

from __future__ import annotations

import json
import os

from fastapi import FastAPI

from .app import create_app
from .deps import WebSettings

ENV = "KIBARU_SERVE_SETTINGS"


def app_from_env() -> FastAPI:
    values = json.loads(os.environ[ENV])
    values["cors_origins"] = tuple(values.get("cors_origins") or ())
    values["allowed_hosts"] = tuple(values.get("allowed_hosts") or ())
    return create_app(WebSettings(**values))
