"""Exact and near-duplicate articles within one read.

Exact duplicates share the same normalised body. Near-duplicates — the same
wire story republished by several outlets under another headline, with a
sentence changed — are found with MinHash over word 3-shingles and an LSH
index, so each article is compared with its likely twins only, not with
every article read before it.

The MinHash is datasketch's (version 2, "affine32": SHA-1 of each shingle,
MurmurHash3's finaliser, then ``a * h + b`` modulo 2**32 with permutations
drawn from ``RandomState(1)``) in a few lines of numpy, so that the
near-duplicates found are the ones kibaru always found, without the library
and the SciPy it pulls in. The LSH splits each signature into ``bands`` of
``rows``, chosen as datasketch chooses them: the split that minimises the
summed probabilities of a false positive and a false negative at the threshold.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from ..doc import Article
from ..settings import Settings

_WORDS = re.compile(r"[^\W_]+")
SHINGLE = 3
SEED = 1  # the permutations' seed: signatures only compare with signatures of the same seed
# MurmurHash3's 32-bit finaliser: spreads SHA-1's prefix over every bit before the permutations
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=4)
def permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` affine permutations of 32-bit hashes: odd multipliers ``a`` (a bijection), offsets ``b``."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


def signature(shingles: set[str], count: int) -> np.ndarray:
    """The MinHash signature of a set of shingles: per permutation, the least permuted hash."""
    hashes = np.array([int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingles],
                      dtype=np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX
    hashes ^= hashes >> s1
    hashes *= m1
    hashes ^= hashes >> s2
    hashes *= m2
    hashes ^= hashes >> s3
    a, b = permutations(count)
    return (hashes * a + b).min(axis=0)  # uint32 arithmetic wraps: modulo 2**32


@lru_cache(maxsize=16)
def bands(threshold: float, count: int) -> tuple[int, int]:
    """(bands, rows per band) with the least false positives plus false negatives
    at ``threshold``: two articles land in one bucket with probability
    ``1 - (1 - s**rows)**bands`` at Jaccard similarity ``s``."""
    grid = np.linspace(0.0, 1.0, 20_001)
    below, above = grid <= threshold, grid >= threshold
    best, choice = float("inf"), (1, count)
    for b in range(1, count + 1):
        for r in range(1, count // b + 1):
            collide = 1 - (1 - grid ** r) ** b
            error = 0.5 * np.trapezoid(collide[below], grid[below]) + \
                0.5 * np.trapezoid(1 - collide[above], grid[above])
            if error < best:
                best, choice = error, (b, r)
    return choice


class DuplicateFinder:
    """Streams over articles; ``check`` gives the id of the first copy, or None."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._exact: dict[str, str | None] = {}
        self._count = settings.minhash_permutations
        b, r = bands(settings.near_duplicate_threshold, self._count)
        self._ranges = [(i * r, (i + 1) * r) for i in range(b)]
        self._buckets: list[dict[bytes, list[int]]] = [{} for _ in self._ranges]
        self._firsts: list[str | None] = []

    def check(self, article: Article) -> str | None:
        words = _WORDS.findall(article.text.lower())
        if not words:
            return None
        key = hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()
        if key in self._exact:
            return self._exact[key]
        self._exact[key] = article.id
        if len(words) < self._settings.near_duplicate_min_words:
            return None
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        whole = signature(shingles, self._count)  # once: each band is a slice of it
        keys = [whole[start:end].tobytes() for start, end in self._ranges]
        hits = [n for bucket, k in zip(self._buckets, keys) for n in bucket.get(k, ())]
        if hits:
            return self._firsts[min(hits)]
        for bucket, k in zip(self._buckets, keys):
            bucket.setdefault(k, []).append(len(self._firsts))
        self._firsts.append(article.id)
        return None
