"""The fast paths of entities, sentences and duplicates give what the plain versions give.

Each plain version below is the straightforward reading of the rule (token by token,
shingle by shingle, alternative by alternative); the module's faster code must agree
with it on crafted and on random texts.
"""
import random
import re

import numpy as np

from rumourlib import duplicates, entities, sentences

# ----------------------------------------------------------------------------- entities


def plain_scan(text, index):
    toks = entities.tokens(text)
    found = []
    i = 0
    while i < len(toks):
        start, _, word = toks[i]
        if not (word[0].isupper() or word[0].isdigit() or word.lower() in entities.PARTICLES):
            i += 1
            continue
        limit = 1
        while limit < index.max_tokens and i + limit < len(toks) and \
                entities._GAP.fullmatch(text[toks[i + limit - 1][1]:toks[i + limit][0]]):
            limit += 1
        folded = [entities.fold(t[2]) for t in toks[i:i + limit]]
        matched = None
        for n in range(limit, 0, -1):
            window = folded[:n]
            end = toks[i + n - 1][1]
            key = " ".join(window)
            if key in index.forms:
                matched = (start, end, key)
                break
            stripped = re.sub(r"['’]s?$", "", window[-1])
            if stripped != window[-1]:
                key = " ".join(window[:-1] + [stripped])
                if key in index.forms:
                    matched = (start, end - (len(window[-1]) - len(stripped)), key)
                    break
        if matched:
            found.append(matched)
            i += max(1, matched[2].count(" ") + 1)
        else:
            i += 1
    return found


def _random_texts(count, seed):
    index = entities.load_index()
    keys = sorted(index.forms)
    rnd = random.Random(seed)
    bits = [" ", "  ", " & ", "\n", ", ", ". ", "'s", "’s", "'", "The", "the", "de", "ten", "Ten", "VAN", "1", "58",
            "Jürgen", "ß", "İ", "Øde", "x_y", "a.b", "Real", "Milan", "in", "Sport", "AS", "\t", "\xa0", "ﬁ", "Ⅻ",
            "ﷺ", "Realﷺ", "ǅ"]  # ﷺ folds to words with spaces between them
    texts = []
    for _ in range(count):
        out = []
        for _ in range(rnd.randrange(1, 25)):
            piece = rnd.choice(keys) if rnd.random() < 0.4 else rnd.choice(bits)
            if rnd.random() < 0.1:
                piece = piece.upper()
            out += [piece, rnd.choice([" ", " ", "", "  ", " & ", "'s ", ", "])]
        texts.append("".join(out))
    return texts


def test_scan_matches_the_plain_scan():
    index = entities.load_index()
    crafted = ["Arne Slot's side", "ten Hag and Ten Hag", "The Athletic reports", "Real  &  Madrid", "Real\tMadrid",
               "Klopp’s", "the 58-year-old", "Manchester United's manager Erik ten Hag's future", ""]
    for text in crafted + _random_texts(1500, 1):
        got = [(m.start, m.end, m.key) for m in entities._scan(text, index)]
        assert got == plain_scan(text, index), text
        for m in entities._scan(text, index):
            assert m.surface == text[m.start:m.end] and m.candidates is index.forms[m.key]


def test_scan_with_tokens_that_fold_to_several_words():
    index = entities.Index()   # "ﷺ" folds to four words: a key may hold more words than tokens
    for form in ["Abc صلى الله عليه وسلم", "Abc", "صلى الله", "Abc Def Ghi", "Def's", "عليه وسلم Def"]:
        index.add(form, "x", "full")
    rnd = random.Random(6)
    bits = ["Abc", "ﷺ", "Def", "Ghi", "Def's", "Ghi’s", "صلى", "الله", "عليه", "وسلم", "x", "The"]
    for _ in range(3000):
        text = "".join(rnd.choice(bits) + rnd.choice([" ", " ", "  ", ", ", "'s "]) for _ in range(rnd.randrange(1, 12)))
        assert [(m.start, m.end, m.key) for m in entities._scan(text, index)] == plain_scan(text, index), text


def test_scan_starts_afresh_when_it_has_seen_many_words(monkeypatch):
    index = entities.load_index()
    monkeypatch.setattr(entities._Lookup, "MAX_PLANS", 20)
    for text in _random_texts(200, 2):
        assert [(m.start, m.end, m.key) for m in entities._scan(text, index)] == plain_scan(text, index)


def test_epithet_pattern_looks_for_the_word_the_only_after_a_non_word_character():
    pattern = entities._epithet_pattern()
    for text, expected in [("the German", True), ("The German", True), ("(the German", True), ("lathe German", False),
                           ("_the German", False), ("éthe German", False), ("2the German", False)]:
        assert bool(pattern.search(text)) == expected, text

# ----------------------------------------------------------------------------- sentences


_PLAIN_CLAUSE_BREAK = re.compile(
    r"(?:,\s+(?=(?:and|but|while|whereas|although|though|who|which|whose|where|after|before|as|with|since|"
    r"because|meaning|leaving|despite)\b)|"
    r",\s+(?=(?:has|have|had|is|was|are|were|will|would|could|can|may|might|remains?|insists?|says?|said|admits?|"
    r"looks?|seems?|appears?)\b)|;\s+|:\s+|\s+[–—]\s+|\s+-\s+|"
    r"\s+(?=(?:when|while|whereas|although|though|but|because)\b)|\s+(?=(?:before|after|until) \w+ing\b))", re.I)


def test_clause_breaks_are_those_of_the_plain_alternatives():
    rnd = random.Random(3)
    bits = [" ", "  ", "\t", "\xa0", "\n", ",", ", ", ";", ":", " - ", " – ", "—", "-", "and", "And", "AND", "has",
            "when", "before going", "after doing", "until", "untiling", "a", "x", "ß", "İs", "ıs", "é"]
    for _ in range(5000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 30)))
        assert [m.span() for m in sentences._CLAUSE_BREAK.finditer(text)] == \
            [m.span() for m in _PLAIN_CLAUSE_BREAK.finditer(text)], text


def test_clauses_give_a_new_list_each_time():
    sentence = sentences.Sentence(10, 60, "Klopp denied contact, and Slot has been linked", 0)
    first = sentences.clauses(sentence)
    first.append((0, 1))
    assert sentences.clauses(sentence) == [(10, 30), (32, 60)]
    assert sentences.clauses(sentences.Sentence(0, 50, sentence.text, 3)) == [(0, 20), (22, 50)]


def test_split_finds_the_word_before_a_stop_however_long():
    for word in ["Mr", "e.g", "U.S", "x" * 40, "St" + "." * 40, "a" + "." * 33, "Mr" * 20 + ". St", "v"]:
        text = f"He met {word}. Then he left. Another {word}. End"
        plain = []
        for para in re.finditer(r"[^\n]+", text):
            chunk, cursor = para.group(0), 0
            for m in sentences._BOUNDARY.finditer(chunk):
                last = re.search(r"([\w.]+)$", chunk[cursor:m.start()])
                word_before = last.group(1).lower().rstrip(".") if last else ""
                if last and (word_before in sentences.ABBREVIATIONS or
                             (len(word_before) == 1 and word_before.isalpha())):
                    continue
                plain.append(chunk[cursor:m.end()].strip())
                cursor = m.end()
            plain.append(chunk[cursor:].strip())
        assert [s.text for s in sentences.split(text)] == [p for p in plain if p], text

# ----------------------------------------------------------------------------- duplicates


def plain_shingles(text):
    tokens = duplicates.normalise(text).split()
    if len(tokens) < duplicates.SHINGLE:
        values = [duplicates._hash64(" ".join(tokens))]
    else:
        values = [duplicates._hash64(" ".join(tokens[i:i + duplicates.SHINGLE]))
                  for i in range(len(tokens) - duplicates.SHINGLE + 1)]
    return np.unique(np.array(values, dtype=np.uint64))


def test_shingle_hashes_are_those_of_each_shingle():
    rnd = random.Random(4)
    bits = ["a", "b", "Ab", " ", "  ", "\n", ".", "'", "é", "ß", "日本", "ﬁ", "_", "9", "İ", "\x1c", "\xa0", "\u0301"]
    texts = ["", "one", "one two three four", "one two three four five", "one two three four five six",
             "a a a a a a a a a a"]
    texts += ["".join(rnd.choice(bits) for _ in range(rnd.randrange(0, 80))) for _ in range(3000)]
    for text in texts:
        got = duplicates.shingle_array(text)
        assert got.dtype == np.uint64 and np.array_equal(got, plain_shingles(text)), text


def test_signature_is_the_minimum_of_each_permutation():
    rnd = random.Random(5)
    hashes = np.array(sorted({rnd.getrandbits(64) for _ in range(9000)}), dtype=np.uint64)
    for size in (0, 1, 7, duplicates._BLOCK, duplicates._BLOCK + 1, len(hashes)):
        part = hashes[:size]
        expected = [min((((a * int(x) + b) % (1 << 64)) & duplicates._MASK for x in part.tolist()),
                        default=(1 << 64) - 1) for a, b in duplicates._SEEDS]
        assert duplicates.signature_array(part).tolist() == expected, size
