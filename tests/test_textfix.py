from rumourlib.textfix import repair, unescape_entities


def test_mojibake_is_repaired():
    assert repair("Klopp\u00e2\u20ac\u2122s agent") == "Klopp's agent"
    assert repair("J\u00c3\u00bcrgen Klopp") == "Jürgen Klopp"


def test_entities_are_unescaped_even_twice():
    assert repair("AC Milan&#039;s coach") == "AC Milan's coach"
    assert unescape_entities("Spurs &amp;#039; fans") == "Spurs ' fans"
    assert repair("news, views &amp; transfer talk") == "news, views & transfer talk"


def test_quotes_are_straightened():
    assert repair("‘ideal coach’ and “blockbuster”") == "'ideal coach' and \"blockbuster\""


def test_whitespace_normalised_but_paragraphs_kept():
    text = "First  line\u00a0here.\r\n\r\n\r\n\r\nSecond\tparagraph.  \nSame paragraph."
    assert repair(text) == "First line here.\n\nSecond paragraph.\nSame paragraph."


def test_control_characters_removed():
    assert repair("Allegri\x00 \u200bsaid\x07") == "Allegri said"
