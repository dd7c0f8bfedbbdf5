"""The hard cases of claims.md, one sentence each (tests/cases/claims.csv), and the pipeline's claim table."""
import csv
from pathlib import Path

import pytest

from rumourlib import claims, entities, sentences
from rumourlib.clean import clean_document
from rumourlib.ingest import Document

CASES = list(csv.DictReader(open(Path(__file__).parent / "cases" / "claims.csv", encoding="utf-8")))


def tag(text: str, outlet: str = "example-outlet") -> list[claims.Claim]:
    sents = sentences.split(text)
    found = entities.find_mentions(text, published="2026-03-01", sentence_starts=[s.start for s in sents])
    return claims.claims_for_article("doc", text, sents, found, outlet=outlet, language="en")


def parse(spec: str) -> list[list[str]]:
    return [item.split("/") for item in spec.split(";") if item.strip()]


def matches(claim: claims.Claim, want: list[str]) -> bool:
    fields = [claim.person, claim.club, claim.move, claim.stance, claim.source, claim.certainty]
    return all(w == f for w, f in zip(want, fields))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_claim_cases(case):
    found = tag(case["text"])
    shown = [(c.person, c.club, c.move, c.stance, c.source, c.certainty, c.cue) for c in found]
    for want in parse(case["expect"]):
        assert any(matches(c, want) for c in found), f"{case['note']}: want {want}, got {shown}"
    if case["forbid"].strip() == "*":
        assert not found, f"{case['note']}: got {shown}"
    else:
        for bad in parse(case["forbid"]):
            assert not any(matches(c, bad) for c in found), f"{case['note']}: must not have {bad}, got {shown}"


def test_every_claim_says_why():
    for claim in tag("Juventus have sacked Igor Tudor. Luciano Spalletti is the favourite to replace him."):
        assert claim.rule and claim.cue and claim.cue.lower() in claim.sentence.lower()
        assert claim.sentence and claim.start < claim.end


def test_boilerplate_teaser_yields_nothing():
    page = ("Liverpool beat Wolves 3-1 in the FA Cup fifth round on Friday night at Molineux.\n\n"
            "READ: Klopp closing in on Real Madrid job as Perez makes his move\n\n"
            "The Reds were ahead inside ten minutes and never looked back, with the second goal "
            "coming just before half-time and the third arriving midway through the second half "
            "to seal a comfortable passage into the quarter-finals of the competition.")
    article = clean_document(Document("t.txt", "t.txt", "txt", page))
    assert "Klopp" not in article.text
    assert not tag(article.text)


def test_claims_are_a_set_per_article():
    text = ("Real Madrid are closing in on Jurgen Klopp. Real Madrid are closing in on Jurgen Klopp. "
            "Real Madrid are closing in on Jurgen Klopp.")
    keys = [(c.person, c.club, c.move, c.stance, c.source, c.certainty) for c in tag(text)]
    assert len(keys) == len(set(keys)) == 1


def test_spanish_and_italian_articles_make_no_english_rule_nonsense():
    italian = ("Il Milan ha ufficializzato Massimiliano Allegri come nuovo allenatore. "
               "Il tecnico livornese torna in rossonero dopo undici anni.")
    sents = sentences.split(italian)
    found = entities.find_mentions(italian, sentence_starts=[s.start for s in sents])
    got = claims.claims_for_article("it", italian, sents, found, language="it")
    assert all(c.person == "massimiliano-allegri" and c.club == "ac-milan" for c in got)
    assert any(c.move == "join" and c.stance == "for" for c in got)


def test_pipeline_writes_claims_for_the_seeds(seed_tables):
    table = seed_tables["claims"]
    assert len(table) > 40
    assert set(table["move"]) == {"join", "leave"} and set(table["stance"]) <= {"for", "against"}
    assert set(table["certainty"]) <= {"fact", "reported", "speculative"}
    assert (table["sentence"].str.len() > 0).all() and (table["rule"].str.len() > 0).all()
    allegri = table[(table["doc"] == "001_171b7aa6a443ec4b.txt") & (table["person"] == "massimiliano-allegri")]
    assert {("ac-milan", "leave", "against"), ("real-madrid", "join", "against")} <= set(
        zip(allegri["club"], allegri["move"], allegri["stance"]))
