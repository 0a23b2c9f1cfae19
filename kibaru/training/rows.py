"""Training data kept column-wise: a dataclass whose list fields are aligned
columns (one entry per training instance)."""

from __future__ import annotations

from dataclasses import fields
from typing import Sequence, TypeVar

T = TypeVar("T")


def rows_of(data: T, mask: Sequence[bool]) -> T:
    """A new ``type(data)`` with the rows of ``mask`` in every list column
    (other fields, such as counters, keep their defaults)."""
    out = type(data)()
    for column in fields(data):
        value = getattr(data, column.name)
        if isinstance(value, list):
            setattr(out, column.name, [v for v, m in zip(value, mask) if m])
    return out
