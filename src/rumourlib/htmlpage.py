"""Saved web pages: the article's main text and the metadata the page states about itself.

The main text comes from ``trafilatura``, a maintained extractor that scores the
page's blocks and keeps the article (see README, "Why trafilatura"). Metadata is
read from the page head with ``lxml``: ``og:*`` and ``article:*`` properties,
JSON-LD (``datePublished``, ``publisher``, ``headline``), the canonical link,
``<html lang>``, ``<time datetime>``, the ``h1`` and the byline element, because
trafilatura reports no site name when it is not given the page's address.
"""
from __future__ import annotations

import collections
import json
import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
import trafilatura

from .textfix import repair

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# Patterns for the plain-text fallback. Each is linear on any page: a tag cannot run
# past the next "<", and an unclosed script ends the page (as it does in a browser),
# so a page of a million unclosed "<script" or "<a" cannot stall the run.
_TAGS = re.compile(r"<[^<>]+>")
_SCRIPT_OPEN = re.compile(r"<(script|style|noscript|template)\b")
_BODY_OPEN = re.compile(r"<body\b[^<>]*>")
_TAG_START = re.compile(r"<[A-Za-z]")
# A saved article page has a few thousand elements. The extractor's clean-up is
# quadratic in the number of elements it removes (20,000 empty <style> take seconds,
# 100,000 take minutes), so a page with more is first stripped of scripts and
# styles, and if it still has more, read by the plain-text fallback.
MAX_EXTRACTOR_TAGS = 20_000

PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "parsely-pub-date", "sailthru.date", "dc.date", "dc.date.issued", "dcterms.created",
    "article.published", "originalpublicationdate",
)
SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site", "copyright")


@dataclass
class Page:
    """What a saved page says about itself, and its extracted text."""

    text: str = ""                       # main text, repaired, one paragraph per line
    title: str = ""
    dates: list[tuple[str, str]] = field(default_factory=list)   # (rule, value), most trusted first
    site_names: list[tuple[str, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    language: str = ""
    byline_lines: list[str] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)   # masthead/logo text, for the outlet
    footer_lines: list[str] = field(default_factory=list)
    error: str = ""


def _drop_scripts(html: str) -> str:
    """The page without script, style, noscript and template elements."""
    lower = html.lower()
    kept, pos = [], 0
    for m in _SCRIPT_OPEN.finditer(lower):
        if m.start() < pos:
            continue
        kept.append(html[pos:m.start()])
        close = re.compile(rf"</{m.group(1)}\s*>").search(lower, m.end())
        if close is None:
            pos = len(html)
            break
        kept.append(" ")
        pos = close.end()
    kept.append(html[pos:])
    return "".join(kept)


def _body_of(html: str) -> str:
    """What stands between <body ...> and the last </body>, or the whole page."""
    lower = html.lower()
    start = _BODY_OPEN.search(lower)
    end = lower.rfind("</body>")
    if start is None or end < start.end():
        return html
    return html[start.end():end]


def _jsonld_items(tree) -> list[dict]:
    items: list[dict] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except (ValueError, TypeError, RecursionError):
            continue
        queue = collections.deque([data])
        while queue and len(items) < 1000:
            item = queue.popleft()
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"])
    return items


def _text_of(node) -> str:
    return re.sub(r"\s+", " ", node.text_content() if hasattr(node, "text_content") else str(node)).strip()


def _parse(html: str):
    html = _XML_DECL.sub("", html)
    try:
        return lxml.html.document_fromstring(html)
    except Exception:  # the parser is third-party code fed hostile pages; the fallback reads the text
        return None


def read_page(html: str) -> Page:
    """Extract main text and self-description from one saved page."""
    page = Page()
    tree = _parse(html)
    try:
        _read_head(tree, page)
    except Exception as err:  # odd metadata must not cost the article its text
        page.error = f"{type(err).__name__}: {err}"
    for_extractor = html
    if len(_TAG_START.findall(html)) > MAX_EXTRACTOR_TAGS:
        for_extractor = _drop_scripts(html)
        if len(_TAG_START.findall(for_extractor)) > MAX_EXTRACTOR_TAGS:
            for_extractor = ""
            page.error = f"more than {MAX_EXTRACTOR_TAGS} elements: read without the extractor"
    try:
        extracted = trafilatura.extract(
            for_extractor, output_format="txt", include_comments=False, include_tables=False, include_images=False,
            include_formatting=False, include_links=False, favor_precision=True,
            deduplicate=False) if for_extractor else None
    except Exception as err:  # the extractor is third-party code fed hostile pages
        page.error = f"{type(err).__name__}: {err}"[:300]
        extracted = None
    if not extracted:
        # The extractor found nothing (a page it could not parse, nested too deep, or
        # with no article block): fall back to the page's text without tags; the
        # boilerplate rules and the minimum length then decide whether a story is there.
        stripped = _TAGS.sub("\n", _drop_scripts(_body_of(html)))
        extracted = "\n".join(line.strip() for line in stripped.splitlines() if line.strip())
    text = extracted or ""
    # trafilatura writes list items as "- item"; the text should read as prose.
    text = re.sub(r"(?m)^- ", "", text)
    page.text = repair(text)
    return page


def _read_head(tree, page: Page) -> None:
    """Fill ``page`` with what the parsed page states about itself."""
    if tree is not None:
        metas: dict[str, str] = {}
        for node in tree.xpath("//meta"):
            key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
            value = (node.get("content") or "").strip()
            if key and value and key not in metas:
                metas[key] = value
        jsonld = _jsonld_items(tree)
        for key in PUBLISHED_META:
            if metas.get(key):
                page.dates.append((f"meta:{key}", metas[key]))
        for item in jsonld:
            if item.get("datePublished"):
                page.dates.append(("json-ld:datePublished", str(item["datePublished"])))
        for node in tree.xpath("//time[@datetime]")[:3]:
            page.dates.append(("html:time", node.get("datetime")))
        for key in SITE_META:
            if metas.get(key):
                page.site_names.append((f"meta:{key}", metas[key]))
        for item in jsonld:
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and publisher.get("name"):
                page.site_names.append(("json-ld:publisher", str(publisher["name"])))
            elif isinstance(publisher, str) and publisher:
                page.site_names.append(("json-ld:publisher", publisher))
        for href in tree.xpath('//link[@rel="canonical"]/@href'):
            page.urls.append(href.strip())
        for key in ("og:url", "twitter:url"):
            if metas.get(key):
                page.urls.append(metas[key])
        for item in jsonld:
            for key in ("url", "mainEntityOfPage"):
                value = item.get(key)
                if isinstance(value, dict):
                    value = value.get("@id")
                if isinstance(value, str) and value.startswith("http"):
                    page.urls.append(value)
        page.language = (tree.get("lang") or metas.get("og:locale") or "").split("-")[0].split("_")[0].lower()
        for item in jsonld:
            if not page.language and isinstance(item.get("inLanguage"), str):
                page.language = item["inLanguage"].split("-")[0].lower()
        h1 = tree.xpath("//h1")
        headline = next((str(i.get("headline")) for i in jsonld if i.get("headline")), "")
        page.title = repair(_text_of(h1[0])) if h1 else repair(metas.get("og:title") or headline or "")
        for node in tree.xpath('//*[contains(@class, "byline") or contains(@class, "meta") or '
                               'contains(@class, "author") or contains(@class, "date")]')[:6]:
            text = _text_of(node)
            if text and len(text) < 160:
                page.byline_lines.append(repair(text))
        for node in tree.xpath('//header//*[contains(@class, "logo") or contains(@class, "brand")] | '
                               '//*[contains(@class, "logo")]//img/@alt')[:4]:
            text = _text_of(node)
            if text:
                page.header_lines.append(repair(text))
        for node in tree.xpath("//footer")[:2]:
            for line in node.itertext():
                line = re.sub(r"\s+", " ", line).strip()
                if line:
                    page.footer_lines.append(repair(line))
