"""Duplicates: mark articles that repeat another one exactly or nearly (syndication).

Exact copies share the hash of their normalised text. Near copies (one agency
story published by two sites with different furniture) are found with MinHash
signatures over word 5-gram shingles, bucketed by locality-sensitive hashing so
the work grows with the corpus rather than with its square, and then confirmed
with the true Jaccard similarity of the shingle sets. The earlier article (by
date, then by document key) is the original; the others get ``duplicate_of``.
Nothing is dropped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SHINGLE = 5
NUM_PERM = 64
BANDS = 16          # 16 bands x 4 rows: pairs above about 0.5 similarity meet in a bucket
NEAR_THRESHOLD = 0.5
_MASK = (1 << 61) - 1
# Fixed seeds, so signatures (and therefore the tables) are the same on every run.
_SEEDS = [(int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") | 1,
           int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big")) for i in range(NUM_PERM)]


def normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def content_hash(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode(), digest_size=12).hexdigest()


def shingles(text: str) -> set[int]:
    tokens = normalise(text).split()
    if len(tokens) < SHINGLE:
        return {int.from_bytes(hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).digest(), "big")}
    return {int.from_bytes(hashlib.blake2b(" ".join(tokens[i:i + SHINGLE]).encode(), digest_size=8).digest(), "big")
            for i in range(len(tokens) - SHINGLE + 1)}


def signature(shingle_set: set[int]) -> tuple[int, ...]:
    return tuple(min(((a * s + b) & _MASK) for s in shingle_set) for a, b in _SEEDS)


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class DuplicateMark:
    doc: str
    duplicate_of: str
    kind: str          # "exact" or "near"
    similarity: float


def find_duplicates(items: list[tuple[str, str, str]]) -> dict[str, DuplicateMark]:
    """Mark duplicates among (doc, published, text) items; returns marks by doc.

    Each duplicate points at the earliest article of its group (by published date,
    undated last, then by doc key).
    """
    order = sorted(items, key=lambda item: (item[1] or "9999", item[0]))
    rank = {doc: i for i, (doc, _, _) in enumerate(order)}
    marks: dict[str, DuplicateMark] = {}
    first_by_hash: dict[str, str] = {}
    sets: dict[str, set[int]] = {}
    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
    rows = NUM_PERM // BANDS
    for doc, _, text in order:
        digest = content_hash(text)
        if digest in first_by_hash:
            marks[doc] = DuplicateMark(doc, first_by_hash[digest], "exact", 1.0)
            continue
        first_by_hash[digest] = doc
        sets[doc] = shingles(text)
        sig = signature(sets[doc])
        candidates: set[str] = set()
        for band in range(BANDS):
            key = (band, sig[band * rows:(band + 1) * rows])
            candidates.update(buckets.get(key, ()))
            buckets.setdefault(key, []).append(doc)
        best = None
        for other in sorted(candidates, key=rank.get):
            similarity = jaccard(sets[doc], sets[other])
            if similarity >= NEAR_THRESHOLD and (best is None or similarity > best[1]):
                best = (other, similarity)
        if best is not None:
            original = marks[best[0]].duplicate_of if best[0] in marks else best[0]
            marks[doc] = DuplicateMark(doc, original, "near", round(best[1], 3))
    return marks
