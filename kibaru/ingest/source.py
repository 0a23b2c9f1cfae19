"""Where bytes come from, and how they become text.

Decoding is the first repair: files scraped from francophone sites arrive in
UTF-8, UTF-8 with a BOM, UTF-16, or Windows-1252/Latin-1. We try, in order:
a byte-order mark, strict UTF-8, then charset-normalizer's detection. Only the
caller knows what to do with the result, so this module only decodes.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..doc import Repair
from ..errors import KibaruError, Msg

STDIN = "-"

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

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file, or standard input (``-``)."""

    name: str
    path: Path | None = None

    @classmethod
    def from_arg(cls, arg: str | Path) -> "Source":
        if str(arg) == STDIN:
            return cls(name="<stdin>", path=None)
        return cls(name=str(arg), path=Path(arg))

    @property
    def suffix(self) -> str:
        return "".join(self.path.suffixes[-2:]).lower() if self.path else ".jsonl"

    def open(self) -> BinaryIO:
        if self.path is None:
            return sys.stdin.buffer
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            raise KibaruError(Msg.E101, self.name) from None
        except OSError as exc:
            raise KibaruError(Msg.E102, self.name, reason=exc.strerror or str(exc)) from None

    def read_bytes(self) -> bytes:
        handle = self.open()
        try:
            return handle.read()
        except OSError as exc:
            raise KibaruError(Msg.E102, self.name, reason=exc.strerror or str(exc)) from None
        finally:
            if self.path is not None:
                handle.close()


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str

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
    return _checked(_detect(data, name, kind), name, kind)


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
    return Decoded(str(best), encoding)


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
