"""Document to article: text, title, date, outlet, language and the boilerplate removed.

Takes one ``ingest.Document`` and returns an ``Article`` (or a ``Reject`` when no
story is left once the furniture is gone, as on a cookie wall). Each decided field
carries the rule that decided it and the text it was read from, so a user can ask
why an article got its date or outlet.
"""
from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass, field

from . import boilerplate, dates, htmlpage, language, outlets, textfix
from .ingest import Document, Reject

MIN_BODY_WORDS = 25        # fewer words of story than this is "no story here"
MAX_DOCUMENT_CHARS = 2_000_000   # a news article is a few thousand words; 2 million characters is a dump
CONSENT_TERMS = ("cookie", "consent", "privacy", "accept all", "reject all", "personalised", "personalized",
                 "advertising", "partners", "manage options", "more options", "your device", "gdpr")
OWN_PROMO_REASONS = {"newsletter or social prompt", "teaser"}
# News prose compresses 2 to 3 times (at most 2.7 over 1,154 articles of the dev and
# reference corpora); text that compresses more than 8 times is a few words said over
# and over: a filler or an attack, never a story, and the claim rules take time
# quadratic in such runs ("Arne Slot " 2,000 times took 15 s), so it is rejected.
MAX_COMPRESSION = 8.0
COMPRESSION_MIN_CHARS = 3000
# The longest paragraph (line) of 2,767 dev and reference articles has 6,195 characters.
# A longer one is a dump or an attack, and the claim rules take time proportional to
# the length of a sentence for every name in it: a 100,000-character line dense with
# names took minutes. Such a line is broken into lines of about PIECE_CHARS, at a full
# stop when there is one.
MAX_PARAGRAPH_CHARS = 20_000
PIECE_CHARS = 2_000


@dataclass
class Article:
    doc: str
    path: str
    fmt: str
    encoding: str
    title: str
    text: str                      # headline first, then the story; paragraphs split by blank lines
    published: str = ""
    date_rule: str = ""
    date_evidence: str = ""
    outlet: str = ""
    outlet_rule: str = ""
    outlet_evidence: str = ""
    outlet_known: bool = True
    language: str = ""
    language_score: float = 0.0
    url: str = ""
    n_words: int = 0
    boilerplate: list[boilerplate.Dropped] = field(default_factory=list)


def _consent_wall(text: str) -> bool:
    lowered = text.lower()
    return sum(term in lowered for term in CONSENT_TERMS) >= 3


def break_long_paragraphs(text: str) -> str:
    """``text`` with every line longer than MAX_PARAGRAPH_CHARS broken into pieces of at most PIECE_CHARS."""
    if len(text) <= MAX_PARAGRAPH_CHARS or all(len(line) <= MAX_PARAGRAPH_CHARS for line in text.split("\n")):
        return text
    lines = []
    for line in text.split("\n"):
        start = 0
        while len(line) > MAX_PARAGRAPH_CHARS and len(line) - start > PIECE_CHARS:
            end = start + PIECE_CHARS
            cut = line.rfind(". ", start + PIECE_CHARS // 2, end) + 1 or line.rfind(" ", start + PIECE_CHARS // 2, end)
            if cut <= start:
                cut = end
            lines.append(line[start:cut].strip())
            start = cut
        lines.append(line[start:].strip())
    return "\n".join(lines)


def clean_document(document: Document, *, latest: dt.date | None = None) -> Article | Reject:
    """Clean one document into an article, or reject it with a reason."""
    if len(document.text) > MAX_DOCUMENT_CHARS:
        size = len(document.text.encode("utf-8", "replace")) / 1_000_000
        return Reject(document.doc, f"too large to be one article ({size:.1f} MB of text); split it into "
                                    "one file or record per article")
    meta = document.meta
    record_dates = [("record:date", meta["date"])] if meta.get("date") else []
    urls = [meta["url"]] if meta.get("url") else []
    site_names = [("record:outlet", meta["outlet"])] if meta.get("outlet") else []
    glued = ""
    extra_header: list[str] = []
    extra_footer: list[str] = []
    first_lines: list[str] = []
    page_language = ""
    if document.is_html:
        page = htmlpage.read_page(document.text)
        text = page.text
        title_hint = page.title or meta.get("title", "")
        record_dates += page.dates
        urls += page.urls
        site_names += page.site_names
        extra_header, extra_footer = page.byline_lines, page.footer_lines
        first_lines = page.header_lines
        page_language = page.language
    else:
        text = textfix.repair(document.text)
        glued, text = dates.split_glued_date(text)
        title_hint = textfix.repair(meta.get("title", "")) if meta.get("title") else ""
        first_lines = [line for line in text.split("\n") if line.strip()][:2]
    if not text.strip():
        return Reject(document.doc, "no article text on the page (only scripts, menus or markup)")

    split = boilerplate.split_page(text, title_hint=title_hint)
    body_words = len(boilerplate.words(split.body))   # counted once: a tenth of a millisecond a page
    story_words = body_words - len(boilerplate.words(split.title))
    if story_words < MIN_BODY_WORDS:
        if _consent_wall(text):
            return Reject(document.doc, "cookie-consent wall only, no article text")
        return Reject(document.doc, f"no article text ({max(story_words, 0)} words left after removing boilerplate)")
    if len(split.body) >= COMPRESSION_MIN_CHARS:
        raw = split.body.encode("utf-8", "replace")
        ratio = len(raw) / len(zlib.compress(raw, 1))
        if ratio > MAX_COMPRESSION:
            return Reject(document.doc, f"repetitive text, not an article (a few words over and over: it "
                                        f"compresses {ratio:.0f} to 1)")
    if _consent_wall(split.body) and story_words < 150 and not re.search(r"(?i)\b(coach|manager|club|football|"
                                                                            r"match|season|league)\b", split.body):
        return Reject(document.doc, "cookie-consent wall only, no article text")

    links = [d.text for d in split.dropped if d.reason == "link"]
    found_date = dates.choose_date(glued=glued, meta=record_dates, header=extra_header + split.header,
                                   footer=split.footer + extra_footer, urls=urls + links, latest=latest)
    # For the outlet, the footer means copyright and ownership lines, and promotions
    # mean the site's own prompts and teasers: an offer block or a related story
    # below the article may name other outlets ("ESPN Unlimited").
    own_footer = [d.text for d in split.dropped if d.reason == "footer"] + extra_footer
    promos = [d.text for d in split.dropped if d.reason in OWN_PROMO_REASONS]
    found_outlet = outlets.find_outlet(urls=urls + links, site_names=site_names, header=split.masthead,
                                       footer=own_footer, promos=promos, body=split.body,
                                       first_lines=first_lines, page_text=text)
    code, score = language.detect(split.body)
    if not code and page_language:
        code, score = page_language, 0.0
    return Article(
        doc=document.doc, path=document.path, fmt=document.fmt if not document.is_html or document.fmt == "html"
        else f"{document.fmt}+html", encoding=document.encoding, title=split.title,
        text=break_long_paragraphs(split.body),
        published=found_date.date if found_date else "", date_rule=found_date.rule if found_date else "",
        date_evidence=found_date.evidence if found_date else "",
        outlet=found_outlet.slug if found_outlet else "", outlet_rule=found_outlet.rule if found_outlet else "",
        outlet_evidence=found_outlet.evidence if found_outlet else "",
        outlet_known=found_outlet.known if found_outlet else True,
        language=code, language_score=score, url=(urls + links)[0] if urls + links else "",
        n_words=body_words, boilerplate=split.dropped)
