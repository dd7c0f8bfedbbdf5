"""The prefilter rules out only patterns that cannot match, and it does rule some out."""
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumourlib import claims, paths, prefilter, sentences

CUES = claims.load_cues()
PATTERNS = [c.pattern for c in CUES]
GATE = prefilter.Prefilter(PATTERNS)


def matching(text: str) -> set[int]:
    return {i for i, p in enumerate(PATTERNS) if p.search(text)}


def candidates(text: str, gate: prefilter.Prefilter = GATE) -> set[int]:
    return set(gate.always) | set(gate.starts(text))


def test_a_link_sentence_lets_its_cue_through_and_rules_most_out():
    text = "Klopp has been strongly linked with the Real Madrid job."
    possible = candidates(text)
    assert matching(text) <= possible
    assert any(CUES[i].family == "link" for i in matching(text))
    assert len(possible) < len(PATTERNS) / 2


def test_a_sentence_with_no_cue_word_rules_out_nearly_every_cue():
    text = "Saturday's 2-1 win at Anfield was watched by 50,000."
    assert not matching(text) - GATE.always
    assert len(candidates(text)) <= 3


def test_case_and_unicode_folding_still_let_the_cue_through():
    # "SACKED" in capitals, and a dotless ı / Kelvin sign that re.IGNORECASE equates with i / k
    for text in ("Chelsea have SACKED their manager.", "Chelsea have sacked their manager.",
                 "He was \u212aeen on a move.", "A move to L\u0131verpool is \u0130N THE RUNNING now"):
        assert matching(text) <= candidates(text), text


def test_a_pattern_that_opens_with_a_class_is_never_ruled_out():
    gate = prefilter.Prefilter([re.compile(r"[A-Z]\w+ out"), re.compile(r"(?i)stay(s|ed)? put")])
    assert gate.always == {0}
    assert candidates("Nothing to see", gate) == {0}
    assert candidates("He STAYED put", gate) == {0, 1}


def test_a_non_ascii_letter_ends_an_opening():
    # re.IGNORECASE equates σ with ς and Σ, which lower() does not: the opening stops before it
    patterns = [re.compile("(?i)σκορ"), re.compile("(?i)ex σκορ"), re.compile("(?i)será")]
    gate = prefilter.Prefilter(patterns)
    assert gate.always == {0}
    for text in ("ΣΚΟΡ", "ςκορ", "EX ςκορ", "SERÁ", "será"):
        found = {i for i, p in enumerate(patterns) if p.search(text)}
        assert found and found <= candidates(text, gate), text


def test_openings_read_through_groups_repeats_and_lookarounds():
    found = prefilter._openings(re.compile(r"(?<![\w-])(?:(top |main )?targets?\b|link(ed)? (to|with))(?!\w)", re.I))
    assert found == {"top target", "top targets", "main target", "main targets", "target", "targets",
                     "link to", "link with", "linked to", "linked with"}
    # repeats unroll until the opening is LONGEST_OPENING (12) characters long
    assert prefilter._openings(re.compile(r"(ha){2,}!")) == {"haha!", "hahaha!", "hahahaha!", "hahahahaha!",
                                                            "hahahahahaha"}
    assert prefilter._openings(re.compile(r"x{0}abc")) == {"abc"}


def test_fold_is_one_character_for_one_and_agrees_with_re_ignorecase():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert len(prefilter.fold(everything)) == len(everything)
    # every character a cue's opening holds, and every character re.IGNORECASE equates with it
    used = {ch for p in PATTERNS for opening in (prefilter._openings(p) or ()) for ch in opening}
    assert len(used) > 26
    for ch in sorted(used):
        for other in re.findall(re.escape(ch), everything, re.IGNORECASE):
            assert prefilter.fold(other) == prefilter.fold(ch), (ch, other)


def test_fold_maps_every_non_ascii_character_that_matches_ascii_under_ignorecase():
    everything = "".join(map(chr, range(128, sys.maxunicode + 1)))
    twins = {}
    for code in range(128):
        for other in re.findall(re.escape(chr(code)), everything, re.I):
            twins[other] = chr(code).lower()
    assert twins == {chr(k): v for k, v in prefilter._FOLD.items()}


def test_characters_without_case_match_only_themselves():
    import _sre

    for code in range(128, sys.maxunicode + 1):
        c = chr(code)
        if c.lower() == c == c.upper():
            assert not _sre.unicode_iscased(code), hex(code)


def test_needed_strings():
    def needed(pattern):
        found = prefilter.needed_strings(re.compile(pattern))
        return found and (found[0], sorted(found[1].pattern.replace("\\", "").split("|")))

    assert needed(r"(?i)\b(sign up (to|for)\b|newsletter\b)") == (True, ["newsletter", "sign up "])
    assert needed(r"(?i)\b(©|getty|ſtar)") == (True, ["getty", "tar", "©"])   # a non-ASCII letter ends a run
    assert needed(r"(?i)\b(©|getty|ſ)") is None
    assert needed(r"(?i)(©|\(c\)\s*\d{4})") == (True, ["(c)", "©"])
    assert needed(r"Getty|IMAGO") == (False, ["Getty", "IMAGO"])
    assert needed(r"(?i)^getty") is None                     # anchored: tried at the start only
    assert needed(r"(?i)\b(a|)b") == (True, ["b"])
    assert needed(r"(?i)\b(?:a|)") is None
    assert needed(r"x*") is None
    assert needed(r"(?i)(?:ab){2,}c?d") == (True, ["ab"])
    assert needed(r"(?i)(?:ab)?c") == (True, ["c"])


def corpus_sentences():
    texts = ["El Real Madrid ha despedido a Ancelotti; Xabi Alonso será el nuevo entrenador, según Marca.",
             "Il Milan ha esonerato Pioli: Allegri è il nuovo allenatore, accordo vicino. Trattativa in corso."]
    for path in sorted((paths.PROJECT_ROOT / "tests" / "cases").glob("*.csv")):
        texts += re.findall(r"[^\n]{20,}", path.read_text(encoding="utf-8"))
    return [s.text for t in texts for s in sentences.split(t)]


def test_every_cue_that_matches_a_test_case_sentence_is_let_through():
    found = 0
    for text in corpus_sentences():
        hits = matching(text)
        found += len(hits)
        assert hits <= candidates(text), text
    assert found > 100


# Sentences stitched together from pieces of the cue patterns themselves, in any case,
# so the property test reaches the cues' own words and not just random letters.
PIECES = sorted({w for c in CUES for w in re.findall(r"[A-Za-zà-ÿ'’.£€$0-9-]+", c.pattern.pattern) if len(w) > 1})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=14),
       st.sampled_from([str, str.upper, str.title]))
def test_property_no_match_is_ever_ruled_out(words, case):
    text = case(" ".join(words))
    assert matching(text) <= candidates(text)


@pytest.mark.parametrize("language", ["en", "es", "it"])
def test_the_claims_engine_finds_the_same_hits_with_and_without_the_prefilter(language, monkeypatch):
    texts = corpus_sentences()
    families = tuple(sorted({c.family for c in CUES}))
    with_gate = [claims._cue_hits_in(t, language, families) for t in texts]
    claims._cue_hits_in.cache_clear()
    claims._cue_starts.cache_clear()

    class NoPrefilter:   # every cue scanned everywhere with finditer, as before the prefilter
        always = frozenset(range(len(CUES)))

        def starts(self, text):
            return {}

    monkeypatch.setattr(claims, "_cue_prefilter", NoPrefilter)
    without = [claims._cue_hits_in(t, language, families) for t in texts]
    claims._cue_hits_in.cache_clear()
    claims._cue_starts.cache_clear()
    assert with_gate == without
    assert sum(map(len, without)) > (50 if language == "en" else 3)


def test_starts_are_the_places_where_matches_begin():
    text = "Klopp, linked with Real, was SACKED and is leaving; he was linked to Roma."
    where = GATE.starts(text)
    for i, pattern in enumerate(PATTERNS):
        begins = [m.start() for m in pattern.finditer(text)]
        if i not in GATE.always:
            assert set(begins) <= set(where.get(i, ())), CUES[i].family
            assert where.get(i, []) == sorted(where.get(i, []))
    link = next(i for i, c in enumerate(CUES) if "linked (with|to)" in c.pattern.pattern)
    assert [text[p:p + 9].lower() for p in where[link]] == ["linked wi", "linked to"]
