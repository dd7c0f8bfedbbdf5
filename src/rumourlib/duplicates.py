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

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np

SHINGLE = 5
NUM_PERM = 64
BANDS = 16          # 16 bands x 4 rows: pairs above about 0.5 similarity meet in a bucket
NEAR_THRESHOLD = 0.5
_MASK = (1 << 61) - 1
# Fixed seeds, so signatures (and therefore the tables) are the same on every run.
_SEEDS = [(int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") | 1,
           int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big")) for i in range(NUM_PERM)]


_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return _normalised(text)


# An article's text is normalised twice where it is tagged (content_hash, then
# shingle_array); the last few results are kept so the second call is free.
@functools.lru_cache(maxsize=4)
def _normalised(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def content_hash(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode(), digest_size=12).hexdigest()


def shingles(text: str) -> set[int]:
    return set(shingle_array(text).tolist())


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def shingle_array(text: str) -> np.ndarray:
    """The shingle hashes of a text as a sorted array of distinct unsigned 64-bit integers."""
    joined = normalise(text)
    data = joined.encode()
    # Words never contain a space, and a UTF-8 space byte is never part of another
    # character, so the spaces of the encoded text separate the words: each shingle
    # (SHINGLE words joined by spaces) is the slice of ``data`` between two of them.
    # Hashing those slices gives the bytes ``_hash64`` would hash shingle by shingle,
    # without splitting, joining and encoding every shingle again.
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
    words = len(spaces) + 1 if data else 0
    if words < SHINGLE:
        return np.array([_hash64(joined)], dtype=np.uint64)
    n = words - SHINGLE + 1
    starts = [0] + (spaces[:n - 1] + 1).tolist()
    stops = spaces[SHINGLE - 1:].tolist() + [len(data)]
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(data[a:b], digest_size=8).digest() for a, b in zip(starts, stops)])
    values = np.frombuffer(digests, dtype=">u8").astype(np.uint64)   # big-endian, as _hash64 reads them
    return _distinct(values)


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a non-empty 1-d array (sorted distinct values), with less overhead."""
    values.sort()
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


_A = np.array([a for a, _ in _SEEDS], dtype=np.uint64)
_B = np.array([b for _, b in _SEEDS], dtype=np.uint64)
_A_COLUMN = _A[:, None].copy()
_B_COLUMN = _B[:, None].copy()
_BLOCK = 4096   # shingles per step, to bound the temporary matrix


def signature_array(shingle_hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM values) of a shingle array, vectorised.

    Arithmetic wraps modulo 2**64 and the mask keeps the low 61 bits, which are the
    same as those of the exact product: the values equal ``signature``'s."""
    mask = np.uint64(_MASK)
    best = None
    for lo in range(0, len(shingle_hashes), _BLOCK):
        values = _A_COLUMN * shingle_hashes[None, lo:lo + _BLOCK]
        values += _B_COLUMN      # in place: no second temporary matrix
        values &= mask
        lowest = values.min(axis=1)
        best = lowest if best is None else np.minimum(best, lowest, out=best)
    return best if best is not None else np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)


def signature(shingle_set: set[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in signature_array(np.array(sorted(shingle_set), dtype=np.uint64)))


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def jaccard_arrays(a: np.ndarray, b: np.ndarray) -> float:
    """``jaccard`` of two sorted arrays of distinct values (the same float)."""
    if not len(a) or not len(b):
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)          # where each value of the shorter array would sit in the longer
    np.minimum(at, len(b) - 1, out=at)
    common = int(np.count_nonzero(b[at] == a))
    return common / (len(a) + len(b) - common)


def jaccard_many(a: np.ndarray, others: list[np.ndarray]) -> np.ndarray:
    """``jaccard_arrays(a, b)`` for every ``b`` in ``others`` at once (the same floats)."""
    lengths = np.fromiter((len(b) for b in others), dtype=np.int64, count=len(others))
    if not len(a) or not len(others):
        return np.zeros(len(others))
    joined = np.concatenate(others)
    at = np.searchsorted(a, joined)
    np.minimum(at, len(a) - 1, out=at)
    found = np.zeros(len(joined) + 1, dtype=np.int64)
    np.cumsum(a[at] == joined, out=found[1:])
    ends = np.cumsum(lengths)
    common = found[ends] - found[ends - lengths]   # values of each b also in a
    return common / (len(a) + lengths - common)    # b empty: 0 / len(a), as jaccard_arrays gives


@dataclass(frozen=True)
class DuplicateMark:
    doc: str
    duplicate_of: str
    kind: str          # "exact" or "near"
    similarity: float


@dataclass(frozen=True)
class Fingerprint:
    """What the duplicate finder needs of one article, computed where the article is tagged:
    its normalised-text hash, its MinHash signature and its shingle hashes."""

    doc: str
    published: str
    digest: str
    signature: np.ndarray
    shingles: np.ndarray


def fingerprint_text(doc: str, published: str, text: str) -> Fingerprint:
    hashes = shingle_array(text)
    return Fingerprint(doc, published, content_hash(text), signature_array(hashes), hashes)


def find_duplicates(items: list[tuple[str, str, str]]) -> dict[str, DuplicateMark]:
    """Mark duplicates among (doc, published, text) items; returns marks by doc.

    Each duplicate points at the earliest article of its group (by published date,
    undated last, then by doc key).
    """
    prints = [fingerprint_text(doc, published, text) for doc, published, text in items]
    shingles_of = {p.doc: p.shingles for p in prints}
    signatures = np.stack([p.signature for p in prints]) if prints else np.zeros((0, NUM_PERM), np.uint64)
    return find_duplicates_from([(p.doc, p.published, p.digest) for p in prints], signatures,
                                shingles_of.__getitem__)


def find_duplicates_from(items: list[tuple[str, str, str]], signatures: np.ndarray,
                         shingles_of) -> dict[str, DuplicateMark]:
    """``find_duplicates`` from (doc, published, content hash) items and their signatures (one
    row of ``signatures`` each), without the texts.

    ``shingles_of(doc)`` returns an article's shingle array; it is called only for the
    pairs that share a band, so the shingles can stay on disk. Candidate pairs are found
    by grouping equal bands (exact equality of the signature values), which gives the same
    pairs, and so the same marks, as bucketing one article after another.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i][1] or "9999", items[i][0]))
    marks: dict[str, DuplicateMark] = {}
    first_by_hash: dict[str, str] = {}
    kept: list[int] = []          # positions in ``order`` of the articles that are not exact copies
    for i in order:
        doc, _, digest = items[i]
        if digest in first_by_hash:
            marks[doc] = DuplicateMark(doc, first_by_hash[digest], "exact", 1.0)
        else:
            first_by_hash[digest] = doc
            kept.append(i)
    if not kept:
        return marks
    rows = NUM_PERM // BANDS
    sigs = np.asarray(signatures, dtype=np.uint64)[kept]
    # For each band, the articles sorted by the band's signature values and then by rank:
    # articles with equal values (a bucket) sit together, in rank order, so the candidates
    # of an article are the members of its groups ranked before it. Groups are told apart by
    # comparing the values themselves, never a hash of them.
    n = len(kept)
    members, first, position = [], [], []
    every = np.arange(n)
    for band in range(BANDS):
        part = sigs[:, band * rows:(band + 1) * rows]
        order = np.lexsort(part.T[::-1])                     # stable: ties stay in rank order
        ranked = part[order]
        starts_group = np.ones(n, dtype=bool)
        starts_group[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
        begins = np.maximum.accumulate(np.where(starts_group, every, 0))
        where = np.empty(n, dtype=np.int64)
        where[order] = every
        members.append(order)
        first.append(begins[where])                          # where each article's group begins
        position.append(where)
    del sigs
    has_earlier = np.zeros(n, dtype=bool)
    for band in range(BANDS):
        has_earlier |= position[band] > first[band]
    cache: dict[int, np.ndarray] = {}

    def shingles(rank: int) -> np.ndarray:
        if rank not in cache:
            cache[rank] = shingles_of(items[kept[rank]][0])
        return cache[rank]

    for rank in np.flatnonzero(has_earlier).tolist():
        candidates: set[int] = set()
        for band in range(BANDS):
            candidates.update(members[band][first[band][rank]:position[band][rank]].tolist())
        doc = items[kept[rank]][0]
        others = sorted(candidates)
        similarity = jaccard_many(shingles(rank), [shingles(other) for other in others])
        best = None
        at = int(np.argmax(similarity))   # the first of the most similar, as a walk in rank order keeps
        if similarity[at] >= NEAR_THRESHOLD:
            best = (items[kept[others[at]]][0], float(similarity[at]))
        cache.pop(rank, None)
        if best is not None:
            original = marks[best[0]].duplicate_of if best[0] in marks else best[0]
            marks[doc] = DuplicateMark(doc, original, "near", round(best[1], 3))
        if len(cache) > 4096:
            cache.clear()
    return marks
