"""Where bytes come from, and how they become text.

Decoding is the first repair: files scraped from francophone sites arrive in
UTF-8, UTF-8 with a BOM, UTF-16, or Windows-1252/Latin-1. We try, in order:
a byte-order mark, strict UTF-8, Windows-1252 when it reads as French, then
charset-normalizer's detection. Only the caller knows what to do with the
result, so this module only decodes.

Only regular files are opened (a FIFO would block the run forever, a symlink to
``/dev/zero`` would never end), and never more bytes than the caller's limit.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..doc import Issue, Repair
from ..errors import KibaruError, Msg

STDIN = "-"

# UTF-8 spends at most 4 bytes on a character: a file of more than 4 × --max-chars
# bytes holds more characters than an article may have, so it is refused unread.
MAX_BYTES_PER_CHAR = 4
# An HTML page is its text plus markup, scripts and styles; pages of francophone
# news sites run 3-8 times their text. Beyond this factor it is not one article.
MARKUP_FACTOR = 8
MB = 1024 * 1024

# Single-byte Western encodings that charset-normalizer may propose for French
# text; cp1252 is a superset of Latin-1 for printable characters (it adds
# œ, €, ’ …), so it is the one to use whenever it decodes the bytes.
_WESTERN_SINGLE_BYTE = {
    "cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "iso8859_2",
    "cp1257", "iso8859_9", "cp1254", "mac_roman", "cp850", "cp437",
}

# Above this share of control characters, decoded "text" is binary data.
# Real text has none besides tabs and line breaks; 1% tolerates a few stray bytes.
MAX_CONTROL_SHARE = 0.01

_C1_CONTROLS = frozenset(map(chr, range(0x80, 0xA0)))

# What non-ASCII characters French text is made of in Windows-1252: accented
# letters, ligatures, typographic quotes and dashes, the euro and degree signs.
_FRENCH_NON_ASCII = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»‘’“”–—…€°\xa0")
# A non-UTF-8 text is read as Windows-1252 when at least this share of its
# non-ASCII characters are French ones. charset-normalizer guesses from byte
# statistics, which a short text does not have: "rencontr\xe9 l\x92ambassadeur"
# came out as hp_roman8. Text in another single-byte encoding read as cp1252
# gives letters such as ð, Ò, ¼ (Cyrillic cp1251 scores about 0.3 here).
MIN_FRENCH_SHARE = 0.8

_FILE_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
               stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file, standard input (``-``), or a file's bytes already in
    memory (``from_bytes``: a file Spark read, or an upload), read by the
    reader its name's suffix chooses."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def from_arg(cls, arg: str | Path) -> "Source":
        if str(arg) == STDIN:
            return cls(name="<stdin>", path=None)
        return cls(name=str(arg), path=Path(arg))

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> "Source":
        return cls(name=name, data=bytes(data))

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.data is None

    @property
    def suffix(self) -> str:
        if self.is_stdin:
            return ".jsonl"
        return "".join(Path(self.path or self.name).suffixes[-2:]).lower()

    def open(self) -> BinaryIO:
        """The file, opened for reading; an error naming it unless it is a regular file."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is None:
            return sys.stdin.buffer
        not_regular(self.path, self.name)
        try:
            # O_NONBLOCK: opening a FIFO (swapped in after the check) returns at
            # once instead of waiting for a writer; fstat below then refuses it
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            raise KibaruError(Msg.E101, self.name) from None
        except OSError as exc:
            raise KibaruError(Msg.E102, self.name, reason=_reason(exc)) from None
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise KibaruError(Msg.E102, self.name, reason=_not_regular_reason(mode))
        # (a regular file ignores O_NONBLOCK: reads need no change)
        return os.fdopen(fd, "rb")

    def read_bytes(self, limit: int | None = None, too_large: Msg = Msg.E105, unit: int = 1) -> bytes:
        """The whole file, or a ``too_large`` error when it has over ``limit`` bytes.

        ``unit`` is what the message counts the limit in (the limit is given to
        the user in characters or MB, the file is measured in bytes).
        """
        handle = self.open()
        try:
            if limit is not None and (self.path is not None or self.data is not None):
                size = len(self.data) if self.data is not None else os.fstat(handle.fileno()).st_size
                if size > limit:
                    raise KibaruError(too_large, self.name, size=size, limit=limit // unit, unit="bytes")
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise KibaruError(Msg.E102, self.name, reason=_reason(exc)) from None
        finally:
            if self.path is not None:
                handle.close()
        if limit is not None and len(data) > limit:  # standard input, or a file that grew meanwhile
            raise KibaruError(too_large, self.name, size=len(data), limit=limit // unit, unit="bytes or more")
        return data


def not_regular(path: Path, name: str) -> None:
    """Raise E101/E102 naming ``path`` unless it is (a symlink to) a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise KibaruError(Msg.E101, name) from None
    except OSError as exc:
        raise KibaruError(Msg.E102, name, reason=_reason(exc)) from None
    if not stat.S_ISREG(mode):
        raise KibaruError(Msg.E102, name, reason=_not_regular_reason(mode))


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _not_regular_reason(mode: int) -> str:
    kind = _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"{kind}, not a regular file; only regular files are read"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENXIO:  # open() on a Unix socket
        return "a socket, not a regular file; only regular files are read"
    return exc.strerror or str(exc)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool = False  # chosen by charset-normalizer's statistics, not by a BOM, UTF-8 or French

    def warnings(self, name: str) -> list[Issue]:
        """A statistical guess may be wrong: say which encoding was used."""
        if not self.guessed:
            return []
        return [Issue.from_exception(KibaruError(Msg.W101, name, encoding=self.encoding))]

    @property
    def repairs(self) -> list[Repair]:
        """Reading a file that was not UTF-8 is a change worth recording."""
        if self.encoding in ("utf-8", "utf-8-sig"):
            return []
        return [Repair("encoding", self.encoding, "utf-8")]


def decode(data: bytes, name: str, kind: str = "text") -> Decoded:
    """Bytes to text, raising a ``KibaruError`` naming ``name`` when impossible."""
    if not data.strip():
        raise KibaruError(Msg.E103, name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(Decoded(data.decode(encoding, errors="replace"), encoding), name, kind)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), name, kind)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        utf16 = _sniff_utf16(data)
        if utf16:
            return _checked(Decoded(data.decode(utf16, errors="replace"), utf16), name, kind)
        raise KibaruError(Msg.E104, name, detail="NUL bytes", kind=kind)
    french = _as_french_cp1252(data)
    if french is not None:
        return _checked(french, name, kind)
    return _checked(_detect(data, name, kind), name, kind)


def _as_french_cp1252(data: bytes) -> Decoded | None:
    """The bytes as Windows-1252 (or Latin-1) when that reads as French text."""
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d have no cp1252 character
        text, encoding = data.decode("latin_1"), "latin_1"
    sample = text[:100_000]
    foreign = [ch for ch in sample if ord(ch) > 0x7F]
    if not foreign:
        return None
    french = sum(1 for ch in foreign if ch in _FRENCH_NON_ASCII)
    return Decoded(text, encoding) if french / len(foreign) >= MIN_FRENCH_SHARE else None


def _detect(data: bytes, name: str, kind: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise KibaruError(Msg.E104, name, detail="no text encoding fits", kind=kind)
    encoding = best.encoding
    if encoding in _WESTERN_SINGLE_BYTE:
        try:
            return Decoded(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            return Decoded(data.decode("latin_1"), "latin_1")
    return Decoded(str(best), encoding, guessed=True)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Latin text has a NUL in every other byte."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(decoded: Decoded, name: str, kind: str) -> Decoded:
    text = decoded.text
    sample = text[:20_000]
    # C1 controls (U+0080-U+009F) in valid UTF-8 are mojibake ("lâ\x80\x99armée",
    # UTF-8 read once as Latin-1), which normalisation repairs; binary data is
    # never valid UTF-8, so only C0 controls count there.
    ignored = _C1_CONTROLS if decoded.encoding.startswith("utf-8") else ""
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f" and ch not in ignored
    )
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise KibaruError(
            Msg.E104, name, detail=f"{controls} control characters in the first {len(sample):,}", kind=kind
        )
    replacement = sample.count("\ufffd")
    if sample and replacement / len(sample) > MAX_CONTROL_SHARE:
        raise KibaruError(Msg.E104, name, detail="undecodable bytes", kind=kind)
    return decoded
