"""textfix calls ftfy only on the lines it could change, and gets ftfy's own answer."""
import random

import ftfy

from rumourlib import textfix


def _ftfy(text):
    return ftfy.fix_text(text, config=textfix._FTFY_CONFIG)


def test_every_ascii_character():
    for code in range(128):
        for text in (f"a{chr(code)}b", f"a{chr(code)}b\nc", f"x\n{chr(code)}", chr(code)):
            assert textfix._fix_text(text) == _ftfy(text), repr(text)


def test_same_as_ftfy_on_mixed_text():
    rnd = random.Random(3)
    pieces = ["plain words ", "\n", "\n\n", "\r\n", "\r", "\x1b[31mred\x1b[0m", "\x00", "\x0c", "\t", "\x7f",
              "cafÃ©", "Ã¢â‚¬â„¢", "â€œquotedâ€\x9d", "“curly” ‘single’", "ﬁne", "ＦＵＬＬ", "\u2028", "\x85",
              "Mbappé", "naïve", "\ufeff", "\u200b", "&amp;", "Ð¼Ð¾Ñ\x81ÐºÐ²Ð°", "e\u0301", "\ud800", "€"]
    texts = ["", "\n", "a", "a\n", "\nb", "plain\nascii\ntext\n"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    texts.append("x" * 2_000_000 + "Ã©\n" + "é" * 1_500_000)   # longer than ftfy's max_decode_length
    for text in texts:
        assert textfix._fix_text(text) == _ftfy(text), repr(text[:80])
