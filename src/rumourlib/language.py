"""Language: the ISO 639-1 code of an article's text, from a maintained offline identifier.

``py3langid`` (a maintained fork of langid.py) ships its model inside the wheel, so
it works with no network. A text too short to judge gets ``""``, not a guess.
"""
from __future__ import annotations

import collections
import functools
import hashlib
import lzma
import os
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

from . import paths

MIN_LETTERS = 20

# py3langid walks its automaton over the text one byte at a time in Python, which
# was most of this module's time. That automaton forgets where it started after
# _MEMORY_BYTES bytes (every state reaches the same state on any 6 bytes), so the
# state at a byte is the one reached from the start state on the 6 bytes ending
# there, and all states can be found together with numpy. This was checked for the
# automaton whose crc32 is _CHECKED_MODEL (tests/test_speed_clean_language.py checks
# it again); any other model is walked by py3langid itself.
_MEMORY_BYTES = 6
_CHECKED_MODEL = 0x2449459D


# The arrays py3langid's model file holds (an LZMA-packed .npz).
_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


@functools.lru_cache(maxsize=1)
def _identifier():
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = _windowed(LanguageIdentifier)
    arrays = _unpacked_model(Path(MODEL_DIR) / MODEL_FILE)
    if arrays is None:   # no usable copy (an unwritable cache, a model of another layout)
        return identifier.from_model_file(MODEL_FILE, norm_probs=True)
    # The values py3langid's own loader hands its constructor, in the same types.
    return identifier(np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
                      _stdlib_array(arrays["nextmove"]), arrays["out_feat"].tolist(), norm_probs=True,
                      tk_row=_stdlib_array(arrays["nextmove_row"]))


def _unpacked_model(packed: Path) -> dict | None:
    """The model's arrays, read from an unpacked copy in the user cache (made on first use).

    Unpacking the LZMA file took 0.4 s of every run's start, more than tagging a few new
    files; the copy (about 70 MB) loads in a few hundredths. It is named by a hash of the
    packed file, so a new py3langid model gets a copy of its own. None when there is
    no usable copy and none can be written.
    """
    try:
        key = hashlib.blake2b(packed.read_bytes(), digest_size=12).hexdigest()
    except OSError:
        return None
    copy = paths.user_cache() / f"langid-{key}.npz"
    arrays = _read_model(copy) if copy.is_file() else None
    if arrays is None:   # none yet, or a damaged one: unpack again
        try:
            _unpack(packed, copy)
        except (OSError, lzma.LZMAError, EOFError):
            return None
        arrays = _read_model(copy)
    return arrays


def _unpack(packed: Path, copy: Path) -> None:
    """Decompress ``packed`` into ``copy`` through a temporary file, so that processes
    unpacking at the same time never see each other's half-written file."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=copy.parent, prefix=".langid-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as sink, lzma.open(packed) as source:
            shutil.copyfileobj(source, sink, length=1 << 20)
        os.replace(tmp, copy)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_model(path: Path) -> dict | None:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            if not set(_MODEL_ARRAYS) <= set(data.files):
                return None
            return {name: data[name] for name in _MODEL_ARRAYS}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None


def _stdlib_array(values):
    """A numpy array of unsigned integers as a stdlib ``array`` (what py3langid walks)."""
    from array import array

    import numpy as np

    typecode = {2: "H", 4: "I", 8: "L"}[values.dtype.itemsize]
    out = array(typecode)
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


def _automaton_crc(identifier) -> int:
    import numpy as np

    crc = zlib.crc32(identifier.tk_nextmove)
    crc = zlib.crc32(identifier.tk_row, crc)
    return zlib.crc32(np.asarray(identifier.tk_output, dtype=np.int64).tobytes(), crc)


def _windowed(base):
    """``base`` (py3langid's identifier) with the automaton walk done in numpy."""
    import numpy as np

    class WindowedIdentifier(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._checked = _automaton_crc(self) == _CHECKED_MODEL
            self._np_nextmove = np.frombuffer(self.tk_nextmove, dtype=np.dtype(self.tk_nextmove.typecode))
            self._np_rowbase = np.asarray(self.tk_row, dtype=np.int64) << 8
            self._np_output = np.asarray(self.tk_output, dtype=np.int64)

        def _raw_score(self, text):
            if not self._checked or not isinstance(text, bytes) or not text:
                return super()._raw_score(text)
            data = np.frombuffer(text, dtype=np.uint8)
            n = len(data)
            # Position i reads bytes i-5 .. i (from byte 0 near the start) from state 0.
            state = np.zeros(n, dtype=np.int64)
            for back in range(min(_MEMORY_BYTES, n) - 1, -1, -1):
                state[back:] = self._np_nextmove[self._np_rowbase[state[back:]] + data[:n - back]]
            features = self._np_output[state]
            features = features[features >= 0]
            if not len(features):
                return super()._raw_score(text)
            # Counted as py3langid counts them, in order of first appearance: the order
            # of the terms in its float32 sum decides the last bits of the scores.
            return self._sparse_score(collections.Counter(features.tolist()), self.nb_ptc)

    return WindowedIdentifier


def detect(text: str) -> tuple[str, float]:
    """(language code, probability) for ``text``; ("", 0.0) when there is too little text."""
    sample = text[:5000]
    if not _enough_letters(sample):
        return "", 0.0
    code, probability = _identifier().classify(sample)
    return code, round(float(probability), 3)


def _enough_letters(sample: str) -> bool:
    """At least MIN_LETTERS alphabetic characters; stops counting once there are enough."""
    count = 0
    for ch in sample:
        if ch.isalpha():
            count += 1
            if count >= MIN_LETTERS:
                return True
    return False
