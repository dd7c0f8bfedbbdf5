"""The numpy walk of the language identifier's automaton gives py3langid's own answers."""
import random

import numpy as np
import pytest

from rumourlib import language

py3langid = pytest.importorskip("py3langid.langid")


def _reference():
    return py3langid.LanguageIdentifier.from_model_file(py3langid.MODEL_FILE, norm_probs=True)


def test_checked_model_is_the_installed_one():
    # A new py3langid model must be checked again (the test below) before its crc goes in.
    assert language._identifier()._checked


def test_automaton_forgets_its_start_after_memory_bytes():
    """Every pair of states is brought to one state by any _MEMORY_BYTES bytes."""
    ident = language._identifier()
    rows = np.frombuffer(ident.tk_nextmove, dtype=np.dtype(ident.tk_nextmove.typecode)).reshape(-1, 256)
    row_of = np.asarray(ident.tk_row, dtype=np.int64)
    n = len(row_of)
    # Pairs (state, start state) not yet merged; each step follows every byte.
    pairs = np.stack([np.arange(1, n), np.zeros(n - 1, dtype=np.int64)], axis=1)
    for _ in range(language._MEMORY_BYTES):
        a = rows[row_of[pairs[:, 0]]].astype(np.int64).ravel()
        b = rows[row_of[pairs[:, 1]]].astype(np.int64).ravel()
        apart = a != b
        codes = np.unique(a[apart] * n + b[apart])
        pairs = np.stack([codes // n, codes % n], axis=1)
    assert len(pairs) == 0


def test_same_answers_as_py3langid():
    reference, fast = _reference(), language._identifier()
    rnd = random.Random(7)
    alphabet = "abcdefghijklmnop ÀéüñçßЖ漢字🙂\n\t.,!?'\"0123456789ABC"
    texts = ["", "a", "abcdef", "abcdefg", "HELLO THERE, THIS IS ALL UPPER CASE", "\x00\x01\x02",
             "Real Madrid have held talks with Jurgen Klopp, according to Marca.",
             "Il Milan ha trovato l'accordo con l'allenatore per la prossima stagione.",
             "El Barcelona negocia con el entrenador alemán, según informa la prensa."]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 400))) for _ in range(500)]
    for text in texts:
        assert fast.classify(text) == reference.classify(text), text


# --------------------------------------------------------------------------- the unpacked copy

_SAMPLES = ["Real Madrid have held talks with Jurgen Klopp, according to Marca.",
            "Il Milan ha trovato l'accordo con l'allenatore per la prossima stagione.",
            "Der Trainer bleibt beim Verein, sagte der Sportdirektor am Montag."]


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """The user cache in a temporary folder; the identifier is built afresh, and again after."""
    monkeypatch.setenv("RUMOUR_CACHE", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    yield tmp_path / "cache"
    language._identifier.cache_clear()


def test_first_load_leaves_an_unpacked_copy_that_the_next_one_reads(own_cache):
    reference = _reference()
    first = language._identifier()
    copies = list(own_cache.glob("langid-*.npz"))
    assert len(copies) == 1 and not list(own_cache.glob(".langid-*"))   # no temporary file left
    stamp = copies[0].stat().st_mtime_ns
    language._identifier.cache_clear()
    second = language._identifier()
    assert copies[0].stat().st_mtime_ns == stamp          # read, not written again
    assert first._checked and second._checked
    for text in _SAMPLES:
        assert first.classify(text) == second.classify(text) == reference.classify(text)


def test_a_damaged_copy_is_unpacked_again(own_cache):
    language._identifier()
    copy = next(own_cache.glob("langid-*.npz"))
    size = copy.stat().st_size
    copy.write_bytes(copy.read_bytes()[: size // 3])   # a copy cut short (a full disk, a killed run)
    language._identifier.cache_clear()
    identifier = language._identifier()
    assert copy.stat().st_size == size
    assert [identifier.classify(t) for t in _SAMPLES] == [_reference().classify(t) for t in _SAMPLES]


def test_no_writable_cache_loads_the_packed_model(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RUMOUR_CACHE", str(blocker / "cache"))
    language._identifier.cache_clear()
    try:
        identifier = language._identifier()
        assert identifier._checked
        assert [identifier.classify(t) for t in _SAMPLES] == [_reference().classify(t) for t in _SAMPLES]
    finally:
        language._identifier.cache_clear()
