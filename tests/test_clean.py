from rumourlib.clean import Article, clean_document
from rumourlib.ingest import Document, Reject

STORY = ("Real Madrid have sacked their head coach after a run of four defeats, and the club are "
         "expected to name a replacement before the weekend, according to reports in Spain.")


def test_cookie_wall_page_is_rejected():
    html = ("<html><head><title>Before you continue</title></head><body><div><h1>Before you continue</h1>"
            "<p>We use cookies and data to deliver our services, measure audience engagement and show "
            "personalised content and advertising. Select Accept all or Reject all.</p>"
            "<p>Select More options to see additional information about your privacy settings.</p>"
            "<button>Accept all</button></div></body></html>")
    result = clean_document(Document("wall.html", "wall.html", "html", html))
    assert isinstance(result, Reject) and result.reason == "cookie-consent wall only, no article text"


def test_page_with_only_scripts_is_rejected():
    html = "<html><head><script>var a = 1;</script></head><body><script>alert(1)</script></body></html>"
    result = clean_document(Document("s.html", "s.html", "html", html))
    assert isinstance(result, Reject) and "no article text" in result.reason


def test_a_short_menu_is_not_an_article():
    result = clean_document(Document("m.txt", "m.txt", "txt", "Home\nNews\nSport\nContact us"))
    assert isinstance(result, Reject) and result.reason.startswith("no article text")


def test_record_fields_give_title_date_and_outlet():
    doc = Document("e.jsonl#1", "e.jsonl", "jsonl", STORY + "\n\n" + STORY,
                   meta={"title": "Real sack coach", "url": "https://www.teamtalk.com/x", "date": "18/10/2025",
                         "outlet": ""})
    article = clean_document(doc)
    assert isinstance(article, Article)
    assert (article.title, article.published, article.outlet) == ("Real sack coach", "2025-10-18", "teamtalk")
    assert article.text.startswith("Real sack coach\n\n") and article.language == "en"
    assert article.date_rule == "record:date" and article.outlet_rule == "web-address"


def test_story_dates_are_never_the_publication_date():
    text = ("Klopp departed Anfield in May 2024 after nine years, and he joined Red Bull on 1 January 2025. "
            "He has not coached since, and he says he is happy in his role.")
    article = clean_document(Document("d.txt", "d.txt", "txt", text))
    assert article.published == "" and article.date_rule == ""


def test_a_huge_single_document_is_a_reject_not_a_stall():
    from rumourlib.clean import MAX_DOCUMENT_CHARS

    text = "Allegri has played down talk of a move to Real Madrid. " * (MAX_DOCUMENT_CHARS // 50)
    result = clean_document(Document("big.txt", "big.txt", "txt", text))
    assert isinstance(result, Reject) and result.reason.startswith("too large to be one article")
