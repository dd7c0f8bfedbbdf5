from rumourlib.htmlpage import read_page

PAGE = """<!DOCTYPE html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Ignored title</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2026-01-30T00:15:00+01:00">
<link rel="canonical" href="https://www.harbourgazette.co.uk/sport/2026/01/30/story/">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
"headline":"Coach sacked","datePublished":"2026-01-29T23:15:00Z","publisher":{"@type":"Organization","name":"Harbour Gazette"}}]}</script>
<script>var ads = 1;</script></head><body>
<div class="cookie">We use cookies. <button>Accept all</button></div>
<header><a class="logo" href="/">Harbour Gazette</a><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav></header>
<article><h1>Town sack their manager after eight games</h1>
<div class="byline">By Ann Reporter &middot; 30/01/2026 00:15</div>
<figure><img src="x.jpg" alt="The manager"><figcaption>The manager on the touchline. Photo: Agency</figcaption></figure>
<p>Town have sacked their manager after eight games without a win, the club said in a statement on Thursday night.</p>
<p>The board thanked him for his work and said a replacement would be named before the weekend, with two candidates interviewed.</p>
<p class="also"><strong>ALSO READ:</strong> <a href="/x">Another story entirely</a></p>
<p>Supporters had called for a change after a home defeat on Saturday left the side one place above the relegation zone.</p>
</article>
<aside class="related"><h3>You may also like</h3><a href="/y">Unrelated headline here</a></aside>
<footer><p>&copy; 2026 Harbour Gazette Ltd. All rights reserved.</p></footer></body></html>"""


def test_metadata_is_read_from_the_page_itself():
    page = read_page(PAGE)
    assert page.title == "Town sack their manager after eight games"
    assert page.dates[0] == ("meta:article:published_time", "2026-01-30T00:15:00+01:00")
    assert ("json-ld:datePublished", "2026-01-29T23:15:00Z") in page.dates
    assert ("meta:og:site_name", "Harbour Gazette") in page.site_names
    assert ("json-ld:publisher", "Harbour Gazette") in page.site_names
    assert page.urls[0] == "https://www.harbourgazette.co.uk/sport/2026/01/30/story/"
    assert page.language == "en"
    assert any("© 2026 Harbour Gazette Ltd" in line for line in page.footer_lines)


def test_main_text_is_the_article_without_furniture():
    page = read_page(PAGE)
    assert "Town have sacked their manager after eight games" in page.text
    assert "one place above the relegation zone" in page.text
    for gone in ("We use cookies", "Home", "var ads", "Unrelated headline", "All rights reserved", "touchline"):
        assert gone not in page.text, gone


def test_broken_markup_does_not_raise():
    page = read_page("<html><body><p>Unclosed <div><span>" + "<div>" * 5000 + "text</body>")
    assert isinstance(page.text, str)
    assert read_page("").text == ""


def test_text_inside_very_deep_nesting_is_still_read():
    story = "Real Madrid are closing in on a deal for Jurgen Klopp, according to reports in Spain. " * 4
    page = read_page("<html><body>" + "<div>" * 10000 + story + "</div>" * 10000 + "</body></html>")
    assert "closing in on a deal for Jurgen Klopp" in page.text
