"""``kibaru serve``: the dashboard and REST API on this machine."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import List, Optional

import typer
from rich.markup import escape

from ..errors import KibaruError
from .app import app
from .options import DB
from .output import note, stderr


@app.command("serve", epilog=(
    "[b]Examples[/b]\n\n"
    "  kibaru serve --db kibaru.db                        [dim]# http://127.0.0.1:8000, read-only[/dim]\n\n"
    "  KIBARU_TOKEN=s3cret kibaru serve --db kibaru.db    [dim]# also accepts POST /api/analyze[/dim]"
))
def serve_command(
    db: Optional[str] = DB,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. The default is this machine only; "
                             "0.0.0.0 exposes the server to the network."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on (1-65535)."),
    allow_host: List[str] = typer.Option([], "--allow-host", help="Also answer requests for this host name (repeat "
                                         "for several; '*.example.org' for a domain, '*' for any). Requests naming "
                                         "another host get 400: a web page elsewhere cannot reach the dashboard "
                                         "through a name of its own (DNS rebinding)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="KIBARU_TOKEN", show_envvar=True,
                                        help="Accept articles on POST /api/analyze from clients sending this token "
                                        "(Authorization: Bearer TOKEN). Without it the server is read-only."),
    max_body: int = typer.Option(5 * 1024 * 1024, "--max-body", help="Largest request body accepted, in bytes."),
    cors: List[str] = typer.Option([], "--cors-origin", help="Allow browser pages from this origin to call the API "
                                   "(repeat for several). None by default."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Server processes. More answer more clients at "
                                "once; each opens its own database connections (and, with a token, its own model "
                                "for POST /api/analyze)."),
) -> None:
    """Serve the dashboard (search, articles, timeline, network, map, stance) and the REST API.

    API documentation at /docs (served locally: works offline). Read-only
    unless a token is given.
    """
    from ..compat import require

    try:
        for module in ("fastapi", "jinja2", "fastapi_offline"):
            require(module, "kibaru serve")
        uvicorn = require("uvicorn", "kibaru serve")
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.message)}")
        raise typer.Exit(code=2) from None
    from ..web import WebSettings, create_app
    from ..web.app import trusted_hosts

    if token is not None and len(token) < 8:
        stderr.print("[red]error[/]: --token must be at least 8 characters")
        raise typer.Exit(code=2)
    settings = WebSettings(db=db, token=token, max_body=max_body, cors_origins=tuple(cors),
                           allowed_hosts=trusted_hosts(host, tuple(allow_host)))
    try:
        # built here even with workers: a bad address or database fails now, once, clearly
        application = create_app(settings)
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    mode = "accepting articles (token set)" if token else "read-only"
    note(f"kibaru serve: http://{host}:{port}/ — {application.state.stores.url.display()}, {mode}"
         + (f", {workers} workers" if workers > 1 else ""))
    options = dict(host=host, port=port, log_level=os.environ.get("KIBARU_LOG_LEVEL", "warning"), server_header=False)
    if workers == 1:
        uvicorn.run(application, **options)
        return
    application.state.stores.close()
    from ..web.factory import ENV

    os.environ[ENV] = json.dumps(dataclasses.asdict(settings))
    uvicorn.run("kibaru.web.factory:app_from_env", factory=True, workers=workers, **options)
