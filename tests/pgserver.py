"""A throwaway PostgreSQL server for the tests: a real one, from Debian's packages.

    python tests/pgserver.py start DIR   # prints KIBARU_TEST_POSTGRES=postgresql://…
    python tests/pgserver.py stop DIR

``.ci/run`` starts one this way before the tests; when no server is given in
``KIBARU_TEST_POSTGRES``, the ``postgres_url`` fixture starts its own. The
cluster lives in DIR, listens on 127.0.0.1 only, trusts local connections, and
is run as the ``postgres`` system user when we are root (PostgreSQL refuses to
run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (Debian keeps them out of PATH)."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def start(folder: str | Path) -> str:
    """Create and start a cluster in ``folder``; returns its URL (database ``postgres``)."""
    folder = Path(folder).resolve()
    tools = bindir()
    if tools is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    data = folder / "data"
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    if not data.exists():
        subprocess.run(_as_server_user([str(tools / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                        "--encoding=UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off"
    subprocess.run(_as_server_user([str(tools / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                                    "-o", options, "-w", "-t", "60", "start"]), check=True, capture_output=True)
    (folder / "port").write_text(str(port))
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    _wait(url)
    return url


def _wait(url: str, seconds: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(folder: str | Path) -> None:
    tools = bindir()
    data = Path(folder).resolve() / "data"
    if tools and data.exists():
        subprocess.run(_as_server_user([str(tools / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: python tests/pgserver.py start|stop DIR")
    if sys.argv[1] == "start":
        print(f"KIBARU_TEST_POSTGRES={start(sys.argv[2])}")
    else:
        stop(sys.argv[2])
