"""Exact and near-duplicate articles within one read.

Exact duplicates share the same normalised body. Near-duplicates — the same
wire story republished by several outlets under another headline, with a
sentence changed — are found with MinHash over word 3-shingles and an LSH index
(datasketch), so each article is compared with its likely twins only, not with
every article read before it.
"""

from __future__ import annotations

import hashlib
import re

from ..doc import Article
from ..settings import Settings

_WORDS = re.compile(r"[^\W_]+")
SHINGLE = 3


class DuplicateFinder:
    """Streams over articles; ``check`` gives the id of the first copy, or None."""

    def __init__(self, settings: Settings) -> None:
        from datasketch import MinHash, MinHashLSH

        self._settings = settings
        self._exact: dict[str, str | None] = {}
        self._lsh = MinHashLSH(threshold=settings.near_duplicate_threshold, num_perm=settings.minhash_permutations)
        # Permutations are drawn once and shared: MinHash would otherwise redraw
        # them for every article, which costs more than hashing a short text.
        self._template = MinHash(num_perm=settings.minhash_permutations)
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
        signature = self._signature(words)
        hits = self._lsh.query(signature)
        if hits:
            return self._firsts[min(hits)]
        self._lsh.insert(len(self._firsts), signature)
        self._firsts.append(article.id)
        return None

    def _signature(self, words: list[str]):
        from datasketch import MinHash

        signature = MinHash(
            num_perm=self._settings.minhash_permutations,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
        )
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        signature.update_batch([s.encode("utf-8") for s in shingles])
        return signature
