"""Language: the ISO 639-1 code of an article's text, from a maintained offline identifier.

``py3langid`` (a maintained fork of langid.py) ships its model inside the wheel, so
it works with no network. A text too short to judge gets ``""``, not a guess.
"""
from __future__ import annotations

import functools

MIN_LETTERS = 20


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
