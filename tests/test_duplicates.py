from rumourlib.duplicates import content_hash, find_duplicates

BASE = ("Tottenham have sacked head coach Ange Postecoglou just 16 days after he led the club to their first "
        "major trophy in 17 years. The Australian masterminded a 1-0 win over Manchester United in the Europa "
        "League final in Bilbao. But Spurs finished 17th in the Premier League, losing 22 of their 38 matches. ")


def test_exact_copy_points_at_the_earlier_article():
    marks = find_duplicates([("b.txt", "2025-06-06", BASE), ("a.txt", "2025-06-07", BASE.upper())])
    assert marks["a.txt"].duplicate_of == "b.txt" and marks["a.txt"].kind == "exact"
    assert "b.txt" not in marks


def test_syndicated_copy_with_other_furniture_is_near():
    copy = "LILYWHITE LANE news. " + BASE + "Thomas Frank is the favourite, according to Sky Sports News."
    marks = find_duplicates([("courier.txt", "2025-06-06", BASE + "Sign up to our newsletter."),
                             ("lane.txt", "2025-06-06", copy)])
    assert marks["lane.txt"].duplicate_of == "courier.txt" and marks["lane.txt"].kind == "near"
    assert 0.5 <= marks["lane.txt"].similarity < 1


def test_different_stories_on_the_same_subject_are_not_duplicates():
    other = ("Nottingham Forest have sacked Ange Postecoglou after 39 days and eight matches in charge, with "
             "Sean Dyche the favourite to replace him at the City Ground after talks this weekend.")
    assert find_duplicates([("a.txt", "", BASE), ("b.txt", "", other)]) == {}


def test_hash_ignores_case_and_punctuation():
    assert content_hash("Allegri: 'I stay!'") == content_hash("allegri i stay")
