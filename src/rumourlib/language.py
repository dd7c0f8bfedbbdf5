"""Language: the ISO 639-1 code of an article's text, from a maintained offline identifier.

``py3langid`` (a maintained fork of langid.py) ships its model inside the wheel, so
it works with no network. A text too short to judge gets ``""``, not a guess.
"""
from __future__ import annotations

import collections
import functools
import zlib

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


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return _windowed(LanguageIdentifier).from_model_file(MODEL_FILE, norm_probs=True)


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
