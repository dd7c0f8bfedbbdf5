"""Synthetic corpora: ``rumour synth --docs N --seed S --out DIR``.

Writes N made-up manager-rumour articles in the formats ``ingest`` reads (plain text
pages with several header styles, saved HTML pages, JSON Lines and CSV exports), for
benchmarks and scale tests. Every name comes from the gazetteer, so the tagger has
something to find: links, sackings, successions and denials, attributed to outlets and
journalists ("according to Marca", "Fabrizio Romano reports"), with epithets ("the
German", "the 58-year-old") and the furniture a scraper leaves (mastheads, teasers,
newsletter prompts, copyright lines). A small share of articles are syndicated copies
of an earlier one with other furniture, for the duplicate finder.

The same ``seed`` and ``docs`` give byte-identical files: only ``random.Random(seed)``
decides, and the gazetteer is read in file order. The sentences are templates written
for this module; they read like the genre without copying any article.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .gazetteer import read_rows, slug as make_slug, split_multi

FILES_PER_FOLDER = 500
RECORDS_PER_EXPORT = 25
# Shares of documents by format; the rest are plain text pages.
FORMAT_SHARES = (("html", 0.15), ("jsonl", 0.12), ("csv", 0.08))
SYNDICATED_SHARE = 0.03
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# --------------------------------------------------------------------------- templates
# Slots: {coach} full name, {sur} surname, {club} the club he may join, {old} the club he
# may leave, {other} a rival coach (full name), {osur} his surname, {outlet} an outlet's
# name, {journo} a journalist, {jout} the journalist's outlet, {epithet} "the German",
# {age} the coach's age, {player} a player, {n} a small number, {day} a weekday.

HEADLINES = (
    "{club} closing in on {coach} as search for new head coach intensifies",
    "{sur} emerges as frontrunner for {club} job",
    "{old} sack {coach} after {n} games without a win",
    "{sur} plays down talk of {club} move",
    "{club} appoint {coach} as {osur} successor",
    "{coach} future at {old} in doubt as pressure mounts",
    "{club} eye {sur} as {osur} replacement",
    "{sur} rules out {club} return: 'I am happy here'",
)

LINK = (
    "{club} are [closing in on|edging closer to|moving towards a deal for] {coach} as their [next|new] head coach, "
    "according to {outlet}.",
    "{coach} has emerged as the [leading|main|outstanding] candidate to replace {other} at {club}[| this summer| "
    "before the window| after a [dismal|poor|difficult] run].",
    "{journo} reports that {club} have opened talks with {coach} over the [vacant post|vacancy|empty dugout].",
    "According to {outlet}, {sur} is on a [three|four|five]-man shortlist drawn up by the {club} "
    "[board|hierarchy|owners].",
    "{club} are understood to be keen on {coach}, who is [admired|rated highly|liked] by the club's "
    "[sporting director|chief executive|owner].",
    "{outlet} claim {club} have made contact with [representatives|the agent|the camp] of {coach}.",
    "{sur} is reportedly the [prime|top|number one] target for {club}, with an approach expected "
    "[in the coming days|this week|before {day}].",
    "[Sources close to the club|People inside the club|Insiders] say {coach} could be the man to take over at {club} "
    "[this summer|next season|before Christmas].",
)
SUCCESSION = (
    "{club} have appointed {coach} as head coach, replacing {other}[| on a {n}-year deal| with immediate effect].",
    "{coach} replaced {other} at {club} in {month} {year}.",
    "{club} confirmed on {day} that {coach} will take charge, with {other} leaving by mutual consent.",
)
EXIT = (
    "{old} have sacked {coach} after a run of {n} games without a win[| in all competitions| in the league].",
    "{coach}'s future at {old} is hanging by a thread after [another|a {n}-0|a heavy|a late] defeat on {day}.",
    "The pressure is mounting on {coach} at {old}, and {journo} reports that his days are numbered.",
    "{coach} is not expected to continue at {old} beyond the end of the [season|campaign|month].",
)
DENIAL = (
    "{coach} has played down talk of a move to {club}, insisting he is happy at {old}.",
    "{club} have ruled out an approach for {coach}, {outlet} understands.",
    "Speaking on {day}, {sur} dismissed the speculation: \"I am focused on my work at {old}.\"",
    "{old} have no intention of letting {sur} leave, and there have been no talks with {club}.",
)
EPITHET = (
    "{epithet_cap} has a contract until {year2} and is [thought|said|believed] to be open to a new challenge.",
    "The {age}-year-old has won admirers across [Europe|the continent|the league] for his "
    "[pressing style|attacking football|work with young players].",
    "{epithet_cap} was previously in charge of {prev} and knows the [league|division|club] well.",
    "The {age}-year-old is said to be reluctant to walk away in the middle of a [season|campaign].",
)
ATTRIBUTION = (
    "Fabrizio Romano reports that {club} want a decision before the [international break|end of the month|weekend].",
    "{journo} of {jout} says the two parties are still some way apart on the length of a contract.",
    "The story was first reported by {outlet} and later picked up by {outlet2}.",
    "{outlet}, as relayed by {outlet2}, says a verbal agreement is close.",
)
# Filler is varied word by word ([a|b|c] picks one), so that two articles share few
# five-word runs, as real articles do (the duplicate finder is tuned for that).
FILLER = (
    "{club} [sit|are|lie] {nth} in the [table|standings|league] after a [difficult|poor|bruising|mixed] "
    "[start|opening|first half] to the [campaign|season|year].",
    "[The|That] [defeat|loss|setback|reverse] [on|last] {day} was their [third|fourth|fifth|sixth] "
    "[in a row|in succession|on the bounce] [in all competitions|across all competitions|this month|at home].",
    "{player} [scored|struck|netted] [twice|once|early|late] in the [first|second] half but the "
    "[visitors|hosts|opponents|home side] [came back|hit back|recovered|rallied] [after the break|before the end|"
    "in stoppage time|with {n} minutes left].",
    "[Supporters|Fans|The home crowd|Season-ticket holders] made their [feelings|anger|frustration|views] "
    "[clear|known|plain] at [full time|the final whistle|half time], with [chants|songs|banners] "
    "[aimed at|directed at|about] the [directors' box|board|owners|chairman].",
    "The [board|directors|owners|club's executives] [met|gathered|held talks] on {day} [evening|morning|afternoon] "
    "to [discuss|review|assess] the [situation|position|results|crisis], but no [statement|announcement|decision] "
    "[followed|came|was made].",
    "[Injuries|Suspensions|Absences|Illness] have not helped, with {n} [first-team|senior|regular] "
    "[players|starters|internationals] [missing|absent|unavailable] for the last [three|four|five|{n}] "
    "[matches|games|fixtures].",
    "The club's [recruitment|spending|transfer business] in the [summer|January|last] window was "
    "[criticised|questioned|attacked] by [several|many|a number of] [former players|pundits|supporters' groups].",
    "[Attendances|Crowds|Ticket sales] have held up despite the [poor|bad|dismal|worrying] run, with "
    "[another|a] [sell-out|full house|capacity crowd] [expected|due|likely] [next weekend|on {day}|for the derby].",
    "Any new [appointment|coach|manager|head coach] would have to work with a [squad|group|team] "
    "[built|assembled|put together] for a [very|completely|rather] different [style|way|brand] of "
    "[play|football|game].",
    "The [transfer|recruitment|spending] [budget|kitty|pot] for the [winter|January|summer] window is "
    "[thought|believed|understood|said] to be [modest|limited|tight|small], around {n}0 million.",
    "{player} has been one of the [few|only|rare] bright spots, with {n} [goals|assists|goal contributions] in his "
    "last [ten|eight|twelve|{n}] [appearances|games|matches|outings].",
    "A [compensation|release|buy-out] [package|fee|payment] of [around|about|up to] {n} million would be "
    "[needed|required|due] to [release|free|prise away] any coach [currently|still] under contract.",
    "[Training|The session] on {day} was [closed|shut] to the [media|press|public], and the "
    "[players|squad|first team] were given the [following|next] [day|afternoon|morning] off.",
    "There is a [feeling|sense|belief] [inside|within|around] the [dressing room|squad|club] that the "
    "[team|side|group] needs a [clearer|firmer|different] [direction|lead|message] from [above|the top|the board].",
    "Next up is a [home|away|cup] [game|match|fixture|trip] against a side who have [lost|dropped points|conceded] "
    "only [once|twice|{n} times] since [the start of the season|August|the autumn|{month}].",
    "The academy has [produced|given] {n} [first-team|senior|league] [debutants|debuts|starters] this "
    "[season|campaign|year], a record the [owners|directors|fans] are [proud of|keen to stress|happy with].",
    "[Former players|Pundits|Old boys|Commentators] have [lined up|queued up|taken turns] on [television|radio|"
    "podcasts|social media] to [question|criticise|pick apart] the [tactics|selection|approach] and the "
    "[spirit|attitude|mentality] of the [side|team|squad].",
    "The club's [finances|accounts|books] are [healthy|sound|in good shape], but the [owners|board|investors] have "
    "made it [clear|plain|known] they [expect|want|demand] a [return to Europe|top-four finish|trophy|cup run].",
)
TEASERS = (
    "READ MORE: {osur} reveals the moment he knew it was over",
    "Read: {club} transfer news live - every rumour from today",
    "Related: Ten managers who lasted less than a season",
    "Also read: Why {player} could be the bargain of the window",
)
FOOTERS = (
    "Sign up to our newsletter for the latest {club} news straight to your inbox.",
    "Follow {outlet} on WhatsApp for breaking football news.",
    "Get the latest transfer news on our app - download it now.",
    "Share this article: Facebook | X | Email",
)
CAPTIONS = ("{coach} looks on from the touchline during the match against {club}.",
            "{coach} (Photo by Agency/Getty Images)")
_FULL_NAME_LEADS = tuple(t for t in LINK + EXIT + DENIAL if "{coach}" in t)
MASTHEAD_SECTIONS = ("Sport > Football > {club}", "Home | Football | Transfers", "Football News")


@dataclass(frozen=True)
class _Coach:
    name: str
    surname: str
    nationality: str
    birth_year: int
    clubs: tuple[str, ...]


@dataclass
class _Names:
    coaches: list[_Coach]
    clubs: list[str]
    club_name: dict[str, str]
    outlets: list[tuple[str, str]]      # (name, domain)
    journalists: list[tuple[str, str]]  # (name, outlet name)
    players: list[str]
    epithets: dict[str, str]            # nationality -> epithet


def _load_names() -> _Names:
    clubs = [r for r in read_rows("clubs") if r.get("kind") == "club" and r.get("name")]
    club_name = {r["slug"]: r["name"] for r in read_rows("clubs") if r.get("name")}
    epithets = {}
    for row in read_rows("demonyms"):
        forms = split_multi(row.get("epithets"))
        if forms:
            epithets[row["nationality"]] = forms[0]
    coaches = []
    for row in read_rows("coaches"):
        year = row.get("birth_year", "")
        known = tuple(c for c in split_multi(row.get("clubs")) if c in club_name)
        if row.get("surname") and year.isdigit() and row.get("nationality") in epithets and known \
                and row.get("role", "coach") == "coach":
            coaches.append(_Coach(row["name"], row["surname"], row["nationality"], int(year), known))
    outlets = []
    outlet_name = {}
    for row in read_rows("outlets"):
        domains = split_multi(row.get("domains"))
        outlet_name[row["slug"]] = row["name"]
        if domains and row.get("language") == "en":
            outlets.append((row["name"], domains[0]))
    journalists = [(r["name"], outlet_name[r["outlet"]]) for r in read_rows("journalists")
                   if r.get("outlet") in outlet_name]
    players = [r["name"] for r in read_rows("people") if r.get("kind") == "player"]
    return _Names(coaches, [r["slug"] for r in clubs], club_name, outlets, journalists, players, epithets)


# --------------------------------------------------------------------------- one article

@dataclass
class SynthArticle:
    title: str
    paragraphs: list[str]   # the story
    published: dt.datetime
    outlet: str
    domain: str
    author: str
    url: str
    furniture: dict         # teasers, footers, captions, masthead


_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def _fill(template: str, slots: dict, rng: random.Random | None = None) -> str:
    """The template with each ``[a|b|c]`` replaced by one of its options, then its slots filled."""
    if rng is not None:
        while "[" in template:   # innermost choices first, so choices may nest
            template = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return template.format(**slots)


def _article(rng: random.Random, names: _Names, start: dt.date, span_days: int) -> SynthArticle:
    coach, other = rng.sample(names.coaches, 2)
    old = coach.clubs[-1]
    club = rng.choice([c for c in names.clubs if c != old])
    prev = coach.clubs[0] if len(coach.clubs) > 1 else rng.choice(names.clubs)
    outlet, domain = rng.choice(names.outlets)
    outlet2, _ = rng.choice(names.outlets)
    journo, jout = rng.choice(names.journalists)
    when = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(span_days)),
                               dt.time(rng.randrange(6, 23), rng.randrange(60)))
    age = when.year - coach.birth_year
    epithet = names.epithets[coach.nationality]
    slots = {
        "coach": coach.name, "sur": coach.surname, "club": names.club_name[club], "old": names.club_name[old],
        "other": other.name, "osur": other.surname, "outlet": outlet, "outlet2": outlet2, "journo": journo,
        "jout": jout, "epithet_cap": f"The {epithet}", "age": age, "player": rng.choice(names.players),
        "n": rng.randrange(3, 12), "nth": f"{rng.randrange(4, 20)}th", "day": when.strftime("%A"), "month": rng.choice(MONTHS),
        "year": when.year - rng.randrange(1, 6), "year2": when.year + rng.randrange(1, 4),
        "prev": names.club_name[prev],
    }
    # Units of one or two sentences, no sentence twice: a claim may be followed by an
    # epithet that points back at the coach it names.
    # The lead names the coach in full, so that later surnames and epithets resolve.
    lead = rng.choice(_FULL_NAME_LEADS)
    claims = rng.sample([t for t in LINK if t != lead], 1) + \
        rng.sample([t for t in EXIT + DENIAL + SUCCESSION if t != lead], 2)
    epithets = iter(rng.sample(EPITHET, 2))
    units = []
    for template in claims:
        unit = [_fill(template, slots, rng)]
        if "{coach}" in template and rng.random() < 0.6:
            unit.append(_fill(next(epithets, rng.choice(EPITHET)), slots, rng))
        units.append(unit)
    units += [[_fill(t, slots, rng)] for t in rng.sample(ATTRIBUTION, rng.randrange(1, 3))]
    units += [[_fill(t, slots, rng)] for t in rng.sample(FILLER, rng.randrange(7, 13))]
    rng.shuffle(units)
    paragraphs = [_fill(lead, slots, rng)]
    while units:
        take = rng.randrange(1, 4)
        paragraphs.append(" ".join(sentence for unit in units[:take] for sentence in unit))
        units = units[take:]
    title = _fill(rng.choice(HEADLINES), slots)
    author = journo if rng.random() < 0.5 else rng.choice(("Staff reporter", "Sport Wire reporter", "Football desk"))
    path = make_slug(title)[:60]
    url = f"https://www.{domain}/football/{when:%Y/%m/%d}/{path}"
    furniture = {
        "teasers": [_fill(t, slots) for t in rng.sample(TEASERS, rng.randrange(0, 3))],
        "footers": [_fill(f, slots) for f in rng.sample(FOOTERS, rng.randrange(1, 3))],
        "caption": _fill(rng.choice(CAPTIONS), slots) if rng.random() < 0.4 else "",
        "masthead": f"{outlet.upper()}  >  " + _fill(rng.choice(MASTHEAD_SECTIONS), slots),
    }
    return SynthArticle(title, paragraphs, when, outlet, domain, author, url, furniture)


def _syndicate(rng: random.Random, original: SynthArticle, names: _Names) -> SynthArticle:
    """The same agency story on another site: other furniture, one sentence trimmed."""
    outlet, domain = rng.choice(names.outlets)
    paragraphs = list(original.paragraphs)
    if len(paragraphs) > 3:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    when = original.published + dt.timedelta(hours=rng.randrange(1, 30))
    url = f"https://www.{domain}/news/{when:%Y%m%d}/{make_slug(original.title)[:50]}"
    furniture = dict(original.furniture, masthead=f"{outlet}  |  Football",
                     footers=[f"© {when.year} {outlet}. All rights reserved."])
    return SynthArticle(original.title, paragraphs, when, outlet, domain, "Agency reporter", url, furniture)


# --------------------------------------------------------------------------- renderings

def _date_line(rng: random.Random, a: SynthArticle) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"Published {a.published:%d/%m/%Y %H:%M}"
    if style == 1:
        return f"{a.published:%A} {a.published.day} {a.published:%B %Y %H:%M}"
    if style == 2:
        return f"By {a.author} | {a.published.day} {a.published:%b %Y}"
    return f"{a.published:%d %b %Y}"


def render_txt(rng: random.Random, a: SynthArticle) -> str:
    style = rng.randrange(3)
    lines: list[str] = []
    body = list(a.paragraphs)
    if a.furniture["teasers"]:
        body.insert(rng.randrange(1, len(body)), a.furniture["teasers"][0])
    if style == 0:   # a scraper that glued the date to the first line
        lines += [f" date {a.published:%Y-%m-%d} Trending topics:", "Menu", "Search", "Football", "", a.title, ""]
        lines += [f"By {a.author}", ""]
    elif style == 1:  # masthead, headline, dated byline
        lines += [a.furniture["masthead"], "", a.title, "", f"By {a.author}", _date_line(rng, a), ""]
    else:            # headline and a date line only
        lines += [a.title, _date_line(rng, a), ""]
    if a.furniture["caption"]:
        lines += [a.furniture["caption"], ""]
    for paragraph in body:
        lines += [paragraph, ""]
    lines += a.furniture["footers"]
    lines.append(f"© {a.published.year} {a.outlet}")
    return "\n".join(lines) + "\n"


def render_html(rng: random.Random, a: SynthArticle) -> str:
    esc = html.escape
    stamp = a.published.strftime("%Y-%m-%dT%H:%M:00+00:00")
    body = "\n".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
    teasers = "".join(f'<li><a href="/related/{i}">{esc(t)}</a></li>' for i, t in enumerate(a.furniture["teasers"]))
    footers = "".join(f"<p>{esc(f)}</p>" for f in a.furniture["footers"])
    caption = f"<figure><figcaption>{esc(a.furniture['caption'])}</figcaption></figure>" \
        if a.furniture["caption"] else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(a.title)} | {esc(a.outlet)}</title>
<meta property="og:site_name" content="{esc(a.outlet)}">
<meta property="og:title" content="{esc(a.title)}">
<meta property="article:published_time" content="{stamp}">
<link rel="canonical" href="{esc(a.url)}">
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/football">Football</a></li><li><a href="/transfers">Transfers</a></li></ul></nav>
<main><article>
<h1>{esc(a.title)}</h1>
<div class="byline">By {esc(a.author)} <time datetime="{stamp}">{a.published:%d %B %Y}</time></div>
{caption}
{body}
</article>
<aside><h2>More stories</h2><ul>{teasers}</ul></aside>
</main>
<footer>{footers}<p>&copy; {a.published.year} {esc(a.outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


def _record(a: SynthArticle, date_style: int) -> dict:
    date = a.published.strftime("%Y-%m-%dT%H:%M:00Z") if date_style else a.published.strftime("%d/%m/%Y")
    return {"url": a.url, "title": a.title, "published": date, "outlet": a.outlet,
            "text": "\n\n".join(a.paragraphs + a.furniture["footers"][:1])}


def render_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def render_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["url", "headline", "date", "body"])
    for r in records:
        writer.writerow([r["url"], r["title"], r["published"], r["text"]])
    return buffer.getvalue()


# --------------------------------------------------------------------------- the corpus

@dataclass
class SynthSummary:
    documents: int
    files: int
    words: int
    out_dir: Path


def generate(docs: int, seed: int, out_dir: str | Path, *, start: dt.date = dt.date(2024, 7, 1),
             span_days: int = 365) -> SynthSummary:
    """Write ``docs`` documents into ``out_dir`` (created); the same arguments give the same bytes."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"rumourlib-synth:{seed}")
    names = _load_names()
    earlier: list[SynthArticle] = []
    pending = {"jsonl": [], "csv": []}
    counters = {"txt": 0, "html": 0, "jsonl": 0, "csv": 0}
    files = words = 0

    def write(fmt: str, text: str) -> None:
        nonlocal files
        number = counters[fmt]
        counters[fmt] += 1
        folder = out / fmt / f"{number // FILES_PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{fmt}-{number:07d}.{fmt}").write_text(text, encoding="utf-8", newline="")
        files += 1

    def flush(fmt: str) -> None:
        if pending[fmt]:
            write(fmt, render_jsonl(pending[fmt]) if fmt == "jsonl" else render_csv(pending[fmt]))
            pending[fmt] = []

    for _ in range(docs):
        if earlier and rng.random() < SYNDICATED_SHARE:
            article = _syndicate(rng, rng.choice(earlier), names)
        else:
            article = _article(rng, names, start, span_days)
            if len(earlier) < 200:
                earlier.append(article)
            else:
                earlier[rng.randrange(200)] = article
        words += sum(len(p.split()) for p in article.paragraphs) + len(article.title.split())
        roll, fmt = rng.random(), "txt"
        for name, share in FORMAT_SHARES:
            if roll < share:
                fmt = name
                break
            roll -= share
        if fmt == "txt":
            write("txt", render_txt(rng, article))
        elif fmt == "html":
            write("html", render_html(rng, article))
        else:
            pending[fmt].append(_record(article, rng.randrange(2)))
            if len(pending[fmt]) >= RECORDS_PER_EXPORT:
                flush(fmt)
    flush("jsonl")
    flush("csv")
    return SynthSummary(docs, files, words, out)


def default_out() -> Path:
    return paths.DATA / "synth"
