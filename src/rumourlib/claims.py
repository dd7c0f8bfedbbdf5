"""Claims: who is said to move into or out of which post, for or against, on whose word.

One job: from an article's sentences and mentions to ``Claim`` rows as
``../shared/spec/claims.md`` defines them. Every claim carries the rule and cue
that fired and the sentence it came from, so a user can ask why it was tagged.

The engine reads one sentence at a time:

1. cues from ``data/rules/cues.csv``: link words (join/for), exit words
   (leave/for), succession ("Y replaced X": Y join, X leave), denials (against),
   hedges (speculative), attribution verbs (reported) and plain completed
   actions (fact). A denial absorbs the rumour it denies (rule 12);
2. each claim cue goes to the nearest coach named in the sentence (a list of
   coaches shares it; "he" is the coach the article is about, "I" in a quote is
   the speaker);
3. the club is the one the cue points at. The words before a club say its role:
   "leave Milan", "stay at Leverkusen" (the post left), "for Bernabeu", "move to
   Real" (the post joined), "from Leverkusen" after an arrival (the post left).
   Otherwise a move in goes to a club other than the coach's own, or to the job
   the article is about; a move out goes to the coach's current club, learnt from
   titles ("AC Milan head coach Massimiliano Allegri", "Jose Mourinho's Benfica");
4. the source is whoever the sentence says it comes from: "according to X",
   "X reports", "X, as relayed by Y", a quoted speaker, the coach denying a move
   himself, a club statement, unnamed reports, or the publishing outlet's voice.
What is not a claim is as much a part of the rules: a title ("former Liverpool
boss"), a tenure ("has managed Rangers"), a match opponent ("a 1-0 defeat to
Lazio"), a player transfer (rule 7), a coach the article describes only as a player
(a 2004 report on Gerrard the captain), an ordinary word such as "leave" or
"agreed" with no club or job in its clause ("weak" cues), and false friends ("a
year left on his contract"). Each of these is a rule below or a row in the data.
Claims are deduplicated per article (rule 8).
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import paths
from .entities import Mention, load_index
from .gazetteer import read_rows, read_words
from .prefilter import Prefilter
from .sentences import Sentence, clauses

CLAIM_FAMILIES = ("link", "succession", "exit", "denial", "choice")
SOURCE_KINDS = {"outlet", "journalist", "coach", "executive", "agent", "pundit", "player"}
SPEAKER_KINDS = {"coach", "journalist", "executive", "agent", "pundit", "player"}
ROLE_NOUN = r"(?:head coach|coach|manager|boss|chief|tactician|trainer|interim (?:head )?coach|caretaker)"
SPEECH = (r"(?:said|says|told|tells|added|adds|insisted|insists|explained|admitted|stressed|declared|revealed|"
          r"confirmed|claimed|claims|stated|states|reported|reports|wrote|writes|believes|suggested|suggests|"
          r"urged|went further|understands|branded|described|describing|dismissed|denied|maintains|maintained|"
          r"poured cold water|played down|ruled out)")
_QUOTES = "\"“”"
_NEGATION = re.compile(r"(?i)\b(not|n't|never|no longer|no)\s+(\w+\s+){0,2}$")
_APPOINTMENT = re.compile(r"(?i)(will |to )?(take|takes|took|taken) (over|charge)|appoint|named|confirm|hand")
_COMPLETED_JOIN = re.compile(r"(?i)^(took|taken|take) (over|charge)|^appoint|^named|^arriv|^joined|^return(ed)? |"
                             r"^hired|^unveil|^confirm|^promot|^put in|^placed in")
_PRONOUN = re.compile(r"(?i)\b(he|his|him)\b")
_FIRST_PERSON = re.compile(r"(?i)\b(I|me|my|I'm|I've)\b")
_RELAY = re.compile(r"(?i)\b(as relayed by|relayed by|as reported by|picked up by|in a story picked up by|via|"
                    r"come ripreso da|come riportato da|ripreso da|recogido por)\s*$")
_ACCORDING = re.compile(r"(?i)\b(according to|as per|secondo|según|segun|stando a)\s+(the\s+)?$")
_CLUB_VOICE = re.compile(r"(?i)\b(the club|a (club )?spokes(man|woman|person)|(a|the|club|brief) statement|"
                         r"in a statement)\b")
# A sentence that reports without naming anyone ("he is said to be considering ...")
# goes on with the named source of the sentence before it, in the same paragraph.
_CARRIES_ON = re.compile(r"(?i)\b((is|are|was|were) (said|understood|believed|thought) to|reportedly|allegedly)\b")
_NAMED_RULES = ("according-to", "named-speaker", "journalist", "relayed", "outlet-named", "carried-on")
_BACKREF = re.compile(r"(?i)^\s*(the report|the outlet|the newspaper|the paper|the journalist|the reporter|they|"
                      r"the (spanish|italian|german|french|portuguese|brazilian|english) (outlet|daily|paper|"
                      r"newspaper|journalist|broadcaster)|he (also )?(added|said|went on)|the [a-z]+ (daily|outlet)|"
                      r"[A-Z][\w']+ (then|also) )")
# What the words just before a club say about its role in the move.
_BEFORE_LEAVE = re.compile(r"(?i)\b(leave|leaves|leaving|left|quit|quits|quitting|exit from|exit|depart|departed|"
                           r"departure from|stay at|stay with|stay in|stays at|staying at|remain at|remains at|"
                           r"remaining at|happy at|happy in|content at|future at|time at|job at|role at|"
                           r"role with|position at|work at|work with|sacked by|dismissed by|axed by|fired by|let go by|"
                           r"from|his|their|swap|swapping|ditch|abandon|walk out on|away from|away from his role as|role as|job as|"
                           r"quit as|resigned as|left as|stepped down as|sacked as|dismissed as|axed as|"
                           r"position as|"
                           r"(?:stay|stays|staying|remain|remains|remaining) in charge (?:of|at))\s+(the\s+)?$")
_BEFORE_JOIN = re.compile(r"(?i)\b(for|to|join|joins|joining|joined|move to|moving to|switch to|return to|"
                          r"returning to|take charge of|take charge at|taking charge of|take over at|taking over at|"
                          r"took over at|links? with|linked with|linked to|approach from|talks with|contact with|"
                          r"offer from|interest from|turned down|rejected|reject|snubbed|ruled out a move to|job at|"
                          r"coach of|manager of|boss of|head coach of|in charge of|appointed by|named by|hired by|lined up by|"
                          r"targeted by|wanted by|approached by|courted by|sounded out by|eyed by|chased by|"
                          r"pursued by|considered by|committed to|(?:second|third|fourth|another|new|fresh) spell (?:at|with|in charge of)|"
                          r"succeed [\w' ]{2,25} at|replace [\w' ]{2,25} at)\s+(the\s+)?$")
# Denials a coach makes himself ("Allegri has played down ..."); states such as
# "has the backing of the board" are the outlet's report, not his word.
_SPOKEN_DENIAL = re.compile(r"(?i)play(ed|s|ing)? down|rul(ed|es) out|dismiss|den(y|ied|ies)|reject|turn(ed)? down|"
                            r"poured cold water|shut down|distanc|insist|nothing to do with|no (desire|interest|"
                            r"wish|intention|plans?)|not interested|happy|content|enjoying|harmony|focused")
_PAST_FACT = re.compile(r"(?i)\b(rejected|turned down|chose|snubbed|opted|decided against|declined)\b")


class _Spans:
    """Mentions sorted by offset, for cutting out those of a sentence or a window quickly."""

    def __init__(self, mentions: list[Mention]):
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]

    def within(self, start: int, end: int) -> list[Mention]:
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


@dataclass(frozen=True)
class Cue:
    family: str
    pattern: re.Pattern
    move: str
    stance: str
    certainty: str
    lang: str
    note: str


@dataclass
class Claim:
    doc: str
    person: str
    club: str
    move: str
    stance: str
    certainty: str
    source: str
    via: str
    rule: str
    cue: str
    sentence: str
    start: int
    end: int


@functools.lru_cache(maxsize=2)
def load_cues(path: str | None = None) -> tuple[Cue, ...]:
    file = path or paths.RULES / "cues.csv"
    cues = []
    with open(file, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cues.append(Cue(row["family"], re.compile(rf"(?<![\w-])(?:{row['cue']})(?![\w])", re.I),
                            row["move"], row["stance"], row["certainty"], row["lang"], row["note"]))
    return tuple(cues)


@functools.lru_cache(maxsize=1)
def post_of() -> dict[str, str]:
    """A governing body's coaching post is its national team's (data/rules/post_of.csv)."""
    return {row["slug"]: row["post"] for row in read_rows("post_of", paths.RULES)}


@functools.lru_cache(maxsize=1)
def not_a_post() -> frozenset:
    """Slugs in the clubs file that are never a coach's post (leagues, owners), from data/rules."""
    return frozenset(row["slug"] for row in read_rows("not_a_post", paths.RULES))


@dataclass
class _Hit:
    cue: Cue
    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=64)
def _cues_for(families: tuple[str, ...], language: str) -> tuple[tuple[int, Cue], ...]:
    """The cues of some families that apply to a language (English ones also where the
    language is neither Spanish nor Italian), each with its place in ``load_cues()``."""
    return tuple((i, c) for i, c in enumerate(load_cues()) if c.family in families and
                 (c.lang in ("*", language) or (c.lang == "en" and language not in ("es", "it"))))


@functools.lru_cache(maxsize=1)
def _cue_prefilter() -> Prefilter:
    return Prefilter([c.pattern for c in load_cues()])


@functools.lru_cache(maxsize=1024)
def _cue_starts(text: str) -> dict[int, list[int]]:
    """Where each cue can match in a sentence (cleared with ``_cue_hits_in``)."""
    return _cue_prefilter().starts(text)


def _cue_hits(text: str, offset: int, language: str, families: tuple[str, ...]) -> list[_Hit]:
    return [_Hit(cue, offset + start, offset + end, found)
            for cue, start, end, found in _cue_hits_in(text, language, families)]


@functools.lru_cache(maxsize=8192)
def _cue_hits_in(text: str, language: str, families: tuple[str, ...]) -> tuple[tuple[Cue, int, int, str], ...]:
    """The cue hits of a sentence, offsets relative to it; cached, because both passes of
    ``claims_for_article`` ask for the same sentences (cleared for each article, so a
    corpus that repeats sentences is not measured faster than one that does not)."""
    hits = []
    starts = _cue_starts(text)
    anywhere = _cue_prefilter().always
    for i, cue in _cues_for(families, language):
        if i in anywhere:
            hits += [(cue, m.start(), m.end(), m.group(0)) for m in cue.pattern.finditer(text)]
            continue
        # Tried only where the prefilter saw one of its openings, left to right and not
        # inside its previous match: the matches ``finditer`` would find, found sooner.
        end = 0
        for start in starts.get(i, ()):
            if start >= end and (m := cue.pattern.match(text, start)):
                hits.append((cue, m.start(), m.end(), m.group(0)))
                end = m.end()
    # Overlapping hits: the longer one wins ("played down" over "down").
    hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
    kept: list[tuple[Cue, int, int, str]] = []
    for hit in hits:
        if kept and hit[1] < kept[-1][2]:
            continue
        kept.append(hit)
    return tuple(kept)


# --------------------------------------------------------------------------- clubs

_MATCH_BEFORE = re.compile(
    r"(?i)\b(defeat|defeats|loss|losses|win|wins|victory|draw|drew|thrashing|hammering|game|games|match|clash|tie|"
    r"trip|final|semi-final|fixture|derby|showdown|meeting|comeback|goal)\s+(to|against|over|by|with|at|v|vs\.?)\s+"
    r"(the\s+)?$|\b(beat|beating|beaten by|lost to|lose to|losing to|against|vs\.?|v|face|faces|facing|host|hosts|"
    r"hosting|play|plays|playing|knocked out by|dumped out by|eliminated by|bounced out by|thrashed by|"
    r"humiliation by|thrashing by|fly to|flies to|flew to|flying to|travel to|travels to|travelled to|"
    r"travelling to|tour of|touring|trip to|jet to|jets off to|heads to|head to|heading to|adrift of|behind|"
    r"ahead of|clear of|above|below|trail|trails|trailing|leaders|rivals|arch-rivals|neighbours)\s+(the\s+)?$|"
    r"\b\d+-\d+\s+(\w+\s+)?(to|against|by|over|at|with|v|vs\.?|win|defeat|victory|draw|loss|thrashing)\s+"
    r"(\w+\s+)?$")
_MATCH_AFTER = re.compile(r"(?i)^\s+(defeat|defeats|loss|win|victory|draw|game|match|clash|tie|fixture|"
                          r"humiliation|thrashing|comeback|loss)\b")
_FORMER_LIST = re.compile(r"(?i)\b(former|ex-|ex)\s+[A-Z][\w .'’-]{1,30}\s+(and|or|,)\s+$")
_TITLE_AFTER = re.compile(r"(?i)^('s)?\s*(head coach|coach|manager|boss|chief|tactician|legend|great|icon|midfielder|"
                          r"striker|defender|goalkeeper|winger|captain|player|star|forward|director|president|"
                          r"chairman|owner|ceo|chief executive|supremo|hierarchy|board|owners|academy|under-\d+s?|"
                          r"youth|fans|supporters|officials|side|squad|team|players|dressing room|career)\b")
_TITLE_POSSESSIVE = re.compile(r"^'s?\s+[A-Z]")
_FORMER_BEFORE = re.compile(r"(?i)\b(former|ex-|ex|one-time|erstwhile)\s*$")
_FORMERLY = re.compile(r"(?i)\b(formerly|previously|once) (of|at|with)\s+(the\s+)?$")


def _club_roles(m: Mention, text: str) -> tuple[bool, bool]:
    """(can be a post at all, can be the post a coach moves INTO) for a club mention."""
    if m.entity in not_a_post():
        return False, False
    after = text[m.end:m.end + 40]
    before = text[max(0, m.start - 40):m.start]
    entity = load_index().entities.get(m.entity)
    if entity is not None and entity.role == "national-team" and not (
            re.match(r"(?i)^('s)?\s+(national (team|side|squad)|coach|manager|boss|head coach|job|post|side|squad|"
                     r"team|hot seat|set-up|setup)\b", after) or
            re.match(r"(?i)^,?\s+(meanwhile,?\s+|however,?\s+)?(already |still |now )?(have|has|are|were|want|"
                     r"wants|will|would)\b", after) or
            re.search(r"(?i)\b((coach|manager|boss|charge|helm|reins) of|manage|managing|manages|lead|leading|"
                      r"take over with|take charge of|took charge of|take over at|succeed [\w' -]{2,30} (at|with|as)|"
                      r"the)\s+(the\s+)?$", before)):
        return False, False   # "wants to return to France", "reports in Spain": a country, not its team
    if re.match(r"(?i)\s*(have|has)\s+(branded|said|insisted|confirmed|stated|described|announced)", after) or \
            re.match(r"(?i)\s*(have|has)?\s*(denied|dismissed)\s+(reports|claims|talk|speculation|suggestions|rumours)",
                     after):
        return False, False   # the club speaking
    if _MATCH_BEFORE.search(before) or _MATCH_AFTER.match(after):
        return False, False   # an opponent
    if _FORMERLY.search(before):
        return False, False   # "Edin Terzic, formerly of Borussia Dortmund"
    if (_FORMER_BEFORE.search(before) or _FORMER_LIST.search(before)) and (
            _TITLE_AFTER.match(after) or re.match(r"(?i)^\s+(and|or|,)\s+[A-Z][\w .'’-]{1,30}\s+"
                                                  r"(boss|manager|coach|head coach)\b", after)):
        return False, False   # "the former Everton and Burnley boss": a title about the past
    if _TITLE_AFTER.match(after) or _TITLE_POSSESSIVE.match(after):
        return True, False    # "Milan coach Allegri", "Villa's Emery": his club now, not a destination
    if re.search(r"(?i)\b(led|leads|leading|guided|guides|steered|coached|managed|manages|managing)\s+(the\s+)?$",
                 before):
        return True, False    # "after he led Tottenham to the final": a tenure, not a destination
    return True, True


# --------------------------------------------------------------------------- the article state

class _Article:
    """What the engine has learnt so far about one article."""

    def __init__(self, text: str, mentions: list[Mention], outlet: str, topic_club: str = "", language: str = "en"):
        self.text = text
        self.mentions = mentions
        self.outlet = outlet
        self.current_club: dict[str, str] = {}
        self.focus = ""                   # the coach "he" refers to
        self.last_source = ("", "")       # (source, via) named most recently
        self.previous = ("", "", "", -1)  # (source, via, rule, paragraph) of the sentence before
        self.quote_speaker = ""
        self.quote_open = False           # a quotation runs on past the end of the last sentence
        self.quote_about = ""             # the coach named where the open quotation was introduced
        self.sentence_clubs: list[Mention] = []
        self.subject: Mention | None = None
        self.sentence_mentions: list[Mention] = []
        self.language = language
        self.topic_club = topic_club     # the job the article is about (claims_for_article)
        self._learn_titles()

    def _learn_titles(self) -> None:
        """Current clubs from titles: "Milan coach Allegri", "Villa's Emery", "Mourinho's Benfica"."""
        coaches = [m for m in self.mentions if m.kind == "coach" and m.explicit]
        clubs = [m for m in self.mentions if m.kind == "club" and m.entity not in not_a_post()]
        text = self.text
        club_index = _Spans(clubs)
        for epithet in self.mentions:   # "the Aston Villa boss" (not "the former ...")
            if epithet.kind == "coach" and epithet.rule == "epithet-club-role" and \
                    not re.search(r"(?i)\b(former|ex)", epithet.surface):
                inside = club_index.within(epithet.start, epithet.end)
                if inside:
                    self.current_club.setdefault(epithet.entity, inside[0].entity)
        club_spans = _Spans(clubs)
        for coach in coaches:
            for club in club_spans.within(coach.start - 80, coach.end + 46):
                if club.end <= coach.start and coach.start - club.end <= 30:
                    gap = text[club.end:coach.start]
                    former = _FORMER_BEFORE.search(text[max(0, club.start - 12):club.start])
                    if not former and re.fullmatch(rf"(?i)(?:'s?\s+(?:{ROLE_NOUN}\s+)?|\s+{ROLE_NOUN}\s+)", gap):
                        self.current_club.setdefault(coach.entity, club.entity)
                elif club.start >= coach.end and club.start - coach.end <= 45:
                    gap = text[coach.end:club.start]
                    if re.fullmatch(rf"(?i)(?:'s?\s+|,\s+(?:the\s+)?(?=\S+\s+{ROLE_NOUN})|\s+\(|"
                                    rf",?\s+(?:who is\s+)?(?:currently\s+)?in charge (?:of|at)\s+(?:the\s+)?|"
                                    rf"\s+(?:to continue\s+)?as\s+(?:the\s+)?(?=[\w .'-]{{2,30}}\s+{ROLE_NOUN})|"
                                    rf"\s+(?:will be|will remain|remains|is|was)\s+(?:the\s+)?(?=[\w .'-]{{2,30}}\s+{ROLE_NOUN})|"
                                    rf",?\s+(?:who\s+)?(?:[\w ,'-]{{0,50}}\s+)?(?:and\s+)?now\s+(?:coaches|manages|leads|"
                                    rf"in charge of|in charge at)\s+(?:the\s+)?)",
                                    gap):
                        self.current_club.setdefault(coach.entity, club.entity)


def _most_mentioned_club(mentions: list[Mention]) -> str:
    """The club an article names most often (a post, not a league), the first seen on a tie."""
    clubs = Counter(m.entity for m in mentions if m.kind == "club" and m.entity not in not_a_post())
    return clubs.most_common(1)[0][0] if clubs else ""


# --------------------------------------------------------------------------- sources

# Compiled once: these run for every mention of every sentence.
_SPEAKS_AFTER = re.compile(rf"(?i)(?:'s?\s+\w+)?\s*(?:,[^,]{{0,80}},\s*)?(?:[\w-]+\s+){{0,6}}?(?:,\s*)?{SPEECH}\b")
_CLUB_SPEAKS = re.compile(r"(?i)\s*(have|has)?\s*(said|confirmed|branded|insisted|announced|stated|described)\b|"
                          r"\s*(have|has)?\s*(denied|dismissed)\s+(reports|claims|talk|speculation|suggestions|rumours)")
_COACH_SPEAKS = re.compile(rf"(?i)\s*(?:has |have |had |also )?{SPEECH}")
_SPEECH_BEFORE = re.compile(rf"(?i)\b{SPEECH}\s*$")
_STATES = re.compile(r"(?i)\b(statement|said|confirmed|announced)\b")
_OWN_SOURCES = re.compile(r"(?i)\b(our sources|our correspondent|we understand|we have been told|we can reveal|"
                          r"sources have told us)\b")


def _source_of_sentence(sent: Sentence, mentions: list[Mention], state: _Article, attribution: list[_Hit],
                        unnamed: list[_Hit]) -> tuple[str, str, str]:
    """(source, via, rule) for a sentence."""
    text = state.text
    people = [m for m in mentions if m.kind in SOURCE_KINDS or m.kind == "club"]
    via = ""
    for m in people:
        if m.kind == "outlet" and _RELAY.search(text[max(sent.start, m.start - 30):m.start]):
            via = m.entity
    candidates = [m for m in people if m.entity != via]
    for m in candidates:
        if _ACCORDING.search(text[max(sent.start, m.start - 25):m.start]):
            return _journalist_or(m, candidates), via, "according-to"
    for m in candidates:
        after = text[m.end:min(sent.end, m.end + 90)]
        if _SPEAKS_AFTER.match(after) \
                and not any(o.start > m.end and o.start < m.end + after.find(" ") + 40 and o.kind in SOURCE_KINDS
                            for o in candidates if o is not m and o.start < m.end + 30):
            if m.kind == "club" and not _CLUB_SPEAKS.match(after):
                continue
            if m.kind == "coach" and not _COACH_SPEAKS.match(after):
                continue
            return _journalist_or(m, candidates), via, "named-speaker"
        before = text[max(sent.start, m.start - 20):m.start]
        if m.kind not in ("club", "coach") and _SPEECH_BEFORE.search(before):
            return _journalist_or(m, candidates), via, "named-speaker"
    for m in candidates:
        if m.kind == "journalist":
            return m.entity, via, "journalist"
    if via:
        outlets = [m for m in candidates if m.kind == "outlet"]
        if outlets:
            return outlets[0].entity, via, "relayed"
    if _CLUB_VOICE.search(sent.text) and _STATES.search(sent.text):
        # "the club said" is the club the article is about; a named club speaking is itself
        clubs = [m for m in mentions if m.kind == "club" and m.entity not in not_a_post()
                 and _club_roles(m, text)[1]]
        club = state.topic_club if re.search(r"(?i)\bthe club\b", sent.text) and state.topic_club else \
            (clubs[0].entity if clubs else state.topic_club)
        if club:
            return club, "", "club-statement"
    if _BACKREF.search(sent.text) and state.last_source[0]:
        return state.last_source[0], state.last_source[1], "back-reference"
    outlets = [m for m in candidates if m.kind == "outlet"]
    if outlets and attribution:
        if outlets[0].entity == state.outlet:
            return "outlet", "", "own-outlet"
        return outlets[0].entity, via, "outlet-named"
    if _OWN_SOURCES.search(sent.text):
        return "outlet", "", "own-sources"
    if unnamed:
        return "unnamed", "", "unnamed-reports"
    return "outlet", "", "outlet-voice"


def _journalist_or(m: Mention, candidates: list[Mention]) -> str:
    if m.kind == "outlet":
        for j in candidates:   # "Antonio Vitiello in Corriere dello Sport", "Sky Germany's Florian Plettenberg"
            if j.kind == "journalist" and (0 <= m.start - j.end <= 12 or 0 <= j.start - m.end <= 6):
                return j.entity
    return m.entity


_QUOTE_MARK = re.compile(r'["“”]')


def _open_after(text: str, open_at_start: bool) -> bool:
    """Whether a quotation is still open at the end of ``text``.

    A straight quote opens or closes by where it stands (after a space it opens, before
    one it closes), not by counting: scraped quotes that run over paragraphs reopen
    without closing, and counting would turn the story after them into speech."""
    inside = open_at_start
    for found in _QUOTE_MARK.finditer(text):   # only the quote marks matter, and most sentences have none
        i, ch = found.start(), found.group()
        if ch == "“":
            inside = True
        elif ch == "”":
            inside = False
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if (before.isspace() or before in "([:—–-") and not after.isspace():
                inside = True
            elif not before.isspace() and (after.isspace() or after in ".,;:!?)]"):
                inside = False
            else:
                inside = not inside
    return inside


def _update_quote(sent: Sentence, in_sent: list[Mention], state: _Article) -> bool:
    """Track quoted speech; True when the sentence is (partly) a quotation with a known speaker.

    A quotation may run over several sentences ("... told his channel: "A. B. C."");
    the sentences inside it keep its speaker until the quote closes or the paragraph ends.
    """
    text = sent.text
    new_paragraph = bool(sent.start) and state.text[sent.start - 1] == "\n"
    if new_paragraph:
        state.quote_open = False
    continued = state.quote_open and bool(state.quote_speaker)
    state.quote_open = _open_after(text, state.quote_open)
    if not any(q in text for q in _QUOTES):
        if new_paragraph:
            state.quote_speaker = ""
        return continued
    speaker = ""
    for m in in_sent:
        if m.kind in SPEAKER_KINDS:
            after = state.text[m.end:m.end + 40]
            before = state.text[max(sent.start, m.start - 25):m.start]
            if re.match(rf"(?i)\s*(?:[\w-]+\s+){{0,3}}?{SPEECH}\b", after) or re.search(rf"(?i){SPEECH}\s*$", before):
                speaker = m.entity
    if not speaker and re.search(r"(?i)\bhe (said|told|added|insisted|explained)\b", text) and state.focus:
        speaker = state.focus
    if speaker:
        state.quote_speaker = speaker
        opening = sent.start + min(text.find(q) for q in _QUOTES if q in text)
        about = [m.entity for m in in_sent if m.kind == "coach" and m.entity != speaker and m.start < opening]
        state.quote_about = about[0] if len(set(about)) == 1 else ""
    elif not continued and not text.lstrip().startswith(tuple(_QUOTES)):
        state.quote_speaker = ""
    return bool(state.quote_speaker)


# --------------------------------------------------------------------------- claims of a sentence

_LIST_JOINER = re.compile(r"(?i)\s*(,|and|or|,\s*and|,\s*or|as well as|&|nor)\s*")


def _listed_with(item: Mention, items: list[Mention], text: str) -> list[Mention]:
    """Mentions joined to ``item`` by commas or conjunctions, nearest first on each side
    (left side before right side); ``item`` itself is not included."""
    ordered = sorted(items, key=lambda m: m.start)
    i = ordered.index(item)
    group = []
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j], ordered[j + step]) if step == 1 else (ordered[j + step], ordered[j])
            if not _LIST_JOINER.fullmatch(text[a.end:b.start]):
                break
            group.append(ordered[j + step])
            j += step
    return group


def _nearest(people: list[Mention], hit: _Hit, text: str) -> list[Mention]:
    """The coach (or list of coaches) a cue applies to."""
    if not people:
        return []

    def distance(m: Mention) -> int:
        return hit.start - m.end if m.end <= hit.start else (m.start - hit.end) + 8

    nearest = min(people, key=distance)
    group = [nearest] + _listed_with(nearest, people, text)
    seen, out = set(), []
    for m in sorted(group, key=lambda m: m.start):
        if m.entity not in seen:
            seen.add(m.entity)
            out.append(m)
    return out


def _coordinated(club: Mention, clubs: list[Mention], text: str) -> list[Mention]:
    """Clubs listed with ``club`` ("Juventus and Napoli", "Chelsea, Arsenal or Spurs")."""
    return [c for c in _listed_with(club, clubs, text) if c.entity != club.entity]


def _role_of(club: Mention, text: str, floor: int) -> str:
    before = text[max(floor, club.start - 40):club.start]
    if _BEFORE_LEAVE.search(before):
        return "leave"
    if _BEFORE_JOIN.search(before):
        return "join"
    return ""


def _join_club(person: str, hit: _Hit, targets: list[Mention], state: _Article, text: str, floor: int,
               execs=(), posts=()) -> str:
    current = state.current_club.get(person, "")
    if _COMPLETED_JOIN.search(hit.text):
        # "he took charge at the Bernabeu": a completed move may be into his club now.
        done = [c for c in (list(targets) + list(posts)) if _role_of(c, text, floor) != "leave"]
        if done:
            after = [c for c in done if c.start >= hit.start]
            return min(after or done, key=lambda c: abs(c.start - hit.end)).entity
    options = [c for c in targets if c.entity != current and _role_of(c, text, floor) != "leave"]
    if options:
        after = [c for c in options if c.start >= hit.start]
        return min(after or options, key=lambda c: abs(c.start - hit.end)).entity
    # No club named for the move: a club president or executive named with it
    # ("Perez to bring Mourinho back"), else the job the article is about.
    index = load_index()
    for m in execs:
        clubs = index.entities[m.entity].clubs
        if clubs and clubs[0] != current:
            return clubs[0]
    return state.topic_club if state.topic_club != current else ""


def _leave_club(person: str, hit: _Hit, posts: list[Mention], state: _Article, text: str, floor: int) -> str:
    current = state.current_club.get(person, "")
    if re.match(r"(?i)\s+the club\b", text[hit.end:hit.end + 12]) and not any(
            0 <= c.start - hit.end <= 12 for c in posts):
        # "could leave the club": his club; "who left the club in 2023 and now coaches Germany":
        # he is elsewhere now, so the club is the one the article is about
        if re.search(r"(?i)\bnow\s+(coaches|manages|leads|in charge)", text[hit.end:hit.end + 120]):
            return state.topic_club if state.topic_club != current else ""
        return current or state.topic_club
    marked = [c for c in posts if _role_of(c, text, floor) == "leave"]
    if marked:
        return min(marked, key=lambda c: abs(c.start - hit.end)).entity
    if current:
        return current
    if posts:
        unmarked = [c for c in posts if _role_of(c, text, floor) != "join"]
        if unmarked:
            return min(unmarked, key=lambda c: abs(c.start - hit.end)).entity
    # A club named in the sentence that he has coached (the gazetteer's list): "when
    # Didier Deschamps steps down", with France named earlier in the sentence.
    managed = set(load_index().entities[person].clubs) if person in load_index().entities else set()
    if state.topic_club in managed:
        return state.topic_club
    for m in state.sentence_clubs:
        if m.entity in managed:
            return m.entity
    return state.topic_club


def _certainty(hit: _Hit, hedges: list[_Hit], attribution: list[_Hit], facts: list[_Hit], quoted: bool,
               sentence_text: str = "") -> str:
    if hit.cue.family == "denial":
        if _PAST_FACT.search(hit.text) and not attribution and not quoted:
            return "fact"
        if hedges and not attribution and not quoted:
            return "speculative"   # "it would take a major U-turn": the outlet's own guess
        return "reported"
    if hit.cue.certainty == "speculative" or hedges:
        return "speculative"
    if attribution or quoted:
        return "reported"
    if any(f.start < hit.end and hit.start < f.end for f in facts):
        return "fact"   # the claim's own verb is a completed action ("sacked", "took over")
    if hit.cue.family == "succession" and re.search(r"(?i)\b(was|were|had|\w+ed)\b", sentence_text):
        return "fact"   # "his replacement, Slot, delivered another title": narrative past
    return hit.cue.certainty or "reported"


def claims_for_article(doc: str, text: str, sents: list[Sentence], mentions: list[Mention], outlet: str = "",
                       language: str = "en", published: str = "") -> list[Claim]:
    """Every claim in one article, deduplicated as claims.md rule 8 says.

    Two passes: the first finds which club the article's moves in point at most
    often (the job the article is about), the second uses it for "the job".
    """
    year = article_year(published, text)
    _cue_hits_in.cache_clear()   # the caches serve this article's two passes, nothing more
    _cue_starts.cache_clear()
    players_here = _playing_here(mentions, sents, text, year)
    usual = _most_mentioned_club(mentions)   # the job the first pass assumes
    first = _run(doc, text, sents, mentions, outlet, language, usual, players_here)
    # The job the article is about: the club most moves in are named for (denied or
    # not, rumoured or done), the earliest named on a tie.
    joins = [c for c in sorted(first, key=lambda c: c.start) if c.move == "join" and ":named-club:" in c.rule]
    headline = [c for c in joins if sents and c.start == sents[0].start]
    joins = headline or joins     # the headline names the job when it names one
    counts = Counter(c.club for c in joins)
    mentioned = Counter(m.entity for m in mentions if m.kind == "club")
    if not headline and sents:
        # A headline with no move in still names the club the article is about
        # ("PSG hand Luis Enrique a new deal"): the most mentioned of its clubs.
        in_headline = [m.entity for m in mentions if m.kind == "club" and sents[0].start <= m.start < sents[0].end
                       and m.entity not in not_a_post()]
        if in_headline:
            counts = Counter({in_headline[0]: 1})   # the first club it names
    order = {club: i for i, club in reversed(list(enumerate(c.club for c in joins)))}
    topic = min(counts, key=lambda club: (-counts[club], -mentioned[club], order.get(club, 0))) if counts else ""
    # When the job is the club the first pass assumed, a second pass would repeat it
    # exactly (the topic is all that differs between them).
    again = topic and topic != usual
    found = _run(doc, text, sents, mentions, outlet, language, topic, players_here) if again else first
    posts = post_of()
    for claim in found:
        claim.club = posts.get(claim.club, claim.club)   # "the FA shortlist": the England job
    return dedupe(found)


_PLAYER_NOUN = re.compile(r"(?i)\b(midfielder|striker|defender|goalkeeper|keeper|winger|forward|captain|skipper|"
                          r"full-back|left-back|right-back|centre-back|centre-half|playmaker|team-mate|teammate|"
                          r"youngster|teenager|debutant|substitute|frontman|marksman|"
                          r"the \d{2}-year-old (midfielder|striker|defender|winger|forward))\b")
# What a player does, said right after his name ("Rooney scored", "Gerrard came on").
_PLAYED = re.compile(r"(?i)^('s)?\s+(has |had |then |also )?(scored|scores|netted|nets|headed|heads|struck|volleyed|"
                     r"saved|missed (a|the) penalty|was booked|was sent off|came on|comes on|limped off|was substituted|"
                     r"won his \d+\w* cap|made his debut|signed for|signs for|joined on loan|is injured|was injured|"
                     r"picked up (an|a) injury)\b")
_COACHING = re.compile(r"(?i)\b(manager|coach|boss|head coach|gaffer|tactician|in charge|dugout|touchline|hot seat|"
                       r"appoint\w*|sack\w*|caretaker|interim|managerial|his (side|team|players|squad)|"
                       r"the job|the post|the role|bench|candidate|successor|replace\w*|succe\w+|tenure|reign|"
                       r"without a club)\b")


YOUNGEST_COACH = 30   # below this age at the article's date, a man named without a coaching title is a player


def article_year(published: str, text: str) -> int | None:
    """The article's year: its date, else the latest year its text mentions (an undated
    2004-05 report still names "2004"), else None."""
    if published[:4].isdigit():
        return int(published[:4])
    years = [int(y) for y in re.findall(r"\b(19[89]\d|20[0-4]\d)\b", text)]
    return max(years) if years else None


def _playing_here(mentions: list[Mention], sents: list[Sentence], text: str, year: int | None = None) -> set[str]:
    """Coaches an article describes only as players (a 2004 report on Gerrard the captain).

    A coach is a coach here when a coaching word stands in his own clause with no other
    coach there ("Liverpool manager Rafael Benitez has ordered captain Steven Gerrard" is
    Benitez's title, not Gerrard's); a past playing title ("a former Liverpool midfielder")
    does not make him a player.
    """
    player_like, coach_like = set(), set()
    coaches = [m for m in mentions if m.kind == "coach"]
    coach_spans = _Spans(coaches)
    sent_starts = [s.start for s in sents]
    for m in coaches:
        i = bisect.bisect_right(sent_starts, m.start) - 1
        sent = sents[i] if i >= 0 and m.start < sents[i].end else None
        if sent is None:
            continue
        span = next(((a, b) for a, b in clauses(sent) if a <= m.start < b), (sent.start, sent.end))
        others = [c for c in coach_spans.within(span[0], span[1]) if c.entity != m.entity]
        if _COACHING.search(text[span[0]:span[1]]) and not others:
            coach_like.add(m.entity)
            continue
        around = text[max(sent.start, m.start - 45):min(sent.end, m.end + 45)]
        nouns = [n for n in _PLAYER_NOUN.finditer(around)
                 if not re.search(r"(?i)\b(former|ex-|ex|one-time|as an?)\s+([\w'’-]+\s+){0,3}$", around[:n.start()])]
        if nouns or _PLAYED.match(text[m.end:m.end + 40]):
            player_like.add(m.entity)
        born = load_index().entities[m.entity].birth_year if m.entity in load_index().entities else None
        if year and born and year - born < YOUNGEST_COACH:
            player_like.add(m.entity)   # too young then to be anybody's coach
    return player_like - coach_like


_PLAYER_SUBJECT = re.compile(r"(?i)^\s*(the|a|an|[A-Z][\w'’]+'s?)\s+([\w'’-]+\s+){0,3}(striker|midfielder|defender|"
                             r"goalkeeper|keeper|winger|forward|captain|skipper|player|youngster|teenager|"
                             r"full-back|centre-back|centre-half|playmaker|frontman|international)\b")


def _player_noun_in(text: str, span: tuple[int, int]) -> bool:
    """A player noun in a clause ("a move for striker Michael Owen"), past titles apart."""
    clause = text[span[0]:span[1]]
    for n in re.finditer(r"(?i)\b(striker|midfielder|defender|winger|goalkeeper|keeper|forward|full-back|"
                         r"centre-back|centre-half|new players|signings?|playmaker)\b", clause):
        if not re.search(r"(?i)\b(former|ex-|ex|one-time|as an?|his|their)\s+([\w'’-]+\s+){0,3}$", clause[:n.start()]):
            return True
    return False


def _other_actor(between: str, state: _Article, offset: int,
                 kinds: tuple[str, ...] = ("executive", "player", "agent", "pundit")) -> bool:
    """Whether someone else stands between a coach and his cue: a person the gazetteer knows
    who is no coach (an executive, a player), or a capitalised name it does not know."""
    end = offset + len(between)
    for m in state.sentence_mentions:
        if offset <= m.start < end and m.kind in kinds:
            return True
    if state.language != "en":
        return False
    common = _capitalised_words()
    for m in re.finditer(r"(?<![\w'’-])([A-Z][a-zà-ÿ'’-]{2,})\b", between):
        start = offset + m.start()
        if m.group(1) in common or any(x.start <= start < x.end for x in state.sentence_mentions):
            continue
        rest = between[m.end():]
        if not rest.strip() or re.match(r"\s+(will|has|had|is|was|met|would|could|can|may|might|must|did|does|"
                                        r"said|says)\b", rest[:12]):
            return True   # "... Cole will stay at Arsenal", "... Cole met boss Jose Mourinho"
    return False


def _unknown_subject(text: str, start: int, cue_start: int, mentions: list[Mention]) -> bool:
    """An unknown capitalised name opening the sentence before the cue, no known name before the cue."""
    head = text[start:cue_start]
    if any(start <= m.start < cue_start and m.kind in ("coach", "club", "outlet", "journalist", "executive",
                                                      "agent") for m in mentions):
        return False
    if _PLAYER_SUBJECT.match(head):
        return True   # "The Welsh striker has rejected a move ...": someone we cannot name
    m = re.match(r"\s*([A-Z][a-zà-ÿ'’-]{2,})(\s+[A-Z][a-zà-ÿ'’-]{2,})?\b", head)
    return bool(m and m.group(1) not in _capitalised_words())


def _unknown_names(sent: Sentence, in_sent: list[Mention]) -> bool:
    """Whether a sentence names a person the gazetteer does not know: two capitalised
    words in a row that are no mention ("Ben Hudell"), or an unknown capitalised word
    opening the sentence before a verb ("Cole is in negotiations ...")."""
    common = _capitalised_words()

    def known(start: int, word: str) -> bool:
        return word in common or any(x.start <= start < x.end for x in in_sent)

    for m in re.finditer(r"\b([A-Z][a-zà-ÿ'’-]{1,})\s+([A-Z][a-zà-ÿ'’-]{1,})\b", sent.text):
        a, b = sent.start + m.start(1), sent.start + m.start(2)
        if not known(a, m.group(1)) and not known(b, m.group(2)):
            return True
    first = re.match(r"([A-Z][a-zà-ÿ'’-]{2,})\s+[a-z]", sent.text)
    return bool(first and not known(sent.start, first.group(1)))


@functools.lru_cache(maxsize=1)
def _capitalised_words() -> frozenset:
    return frozenset(read_words(paths.RULES / "capitalised_words.txt"))


def _run(doc, text, sents, mentions, outlet, language, topic_club, players_here) -> list[Claim]:
    state = _Article(text, mentions, outlet, topic_club, language)
    raw: list[Claim] = []
    mentions = [Mention(m.entity, "player", m.start, m.end, m.surface, m.explicit, "playing-here")
                if m.kind == "coach" and m.entity in players_here else m for m in mentions]
    coach_slugs = {m.entity for m in mentions if m.kind == "coach"}
    spans_index = _Spans(mentions)
    for sent in sents:
        in_sent = spans_index.within(sent.start, sent.end)
        coaches = [m for m in in_sent if m.kind == "coach"]
        state.sentence_mentions = in_sent
        hits = _cue_hits(sent.text, sent.start, language, CLAIM_FAMILIES)
        if hits:
            voids = _cue_hits(sent.text, sent.start, language, ("void",))
            hits = [h for h in hits if not any(v.start <= h.start < v.end or h.start <= v.start < h.end
                                               for v in voids)]
        attribution = _cue_hits(sent.text, sent.start, language, ("attribution",))
        unnamed = _cue_hits(sent.text, sent.start, language, ("unnamed",))
        quoted = _update_quote(sent, in_sent, state)
        if quoted:
            source, via, source_rule = state.quote_speaker, "", "quoted-speaker"
        else:
            source, via, source_rule = _source_of_sentence(sent, in_sent, state, attribution, unnamed)
            before = state.previous
            if source_rule in ("outlet-voice", "unnamed-reports") and before[2] in _NAMED_RULES \
                    and before[3] == sent.paragraph and _CARRIES_ON.search(sent.text):
                source, via, source_rule = before[0], before[1], "carried-on"
        state.previous = (source, via, source_rule, sent.paragraph)
        if source not in ("outlet", "unnamed"):
            state.last_source = (source, via)
        if not hits:
            # No claim here: only what later sentences read (quote, source, focus) is kept up.
            _refocus(state, coaches)
            continue
        roles = {id(m): _club_roles(m, text) for m in in_sent if m.kind == "club"}
        state.sentence_clubs = [m for m in in_sent if m.kind == "club" and roles[id(m)][0]]
        hedges = _cue_hits(sent.text, sent.start, language, ("hedge",))
        facts = _cue_hits(sent.text, sent.start, language, ("fact",))
        transfers = _cue_hits(sent.text, sent.start, language, ("transfer",))
        if not coaches:
            first_person = [c for c in clauses(sent) if _FIRST_PERSON.search(text[c[0]:c[1]])]
            if quoted and first_person and state.quote_speaker in coach_slugs:
                # "I" is the speaker, in the clause that says it
                coaches = [Mention(state.quote_speaker, "coach", span[0], span[0], "I", False, "speaker")
                           for span in first_person[:1]]
                hits = [h for h in hits if first_person[0][0] <= h.start < first_person[0][1]]
            elif state.focus and _PRONOUN.search(sent.text) and (not quoted or state.quote_about) and not _unknown_names(sent, in_sent) \
                    and not any(m.kind in ("player", "executive", "agent", "pundit") for m in in_sent):
                # "he" outside quotes is the coach the article is about; inside a quote he is
                # the coach the quote was introduced about ("On Klopp joining Real Madrid,
                # Romano said: ..."), and nobody when that is unclear
                coaches = [Mention(state.quote_about if quoted else state.focus, "coach", sent.start, sent.start,
                                   "he", False, "pronoun")]
        spans = clauses(sent)
        state.subject = _sentence_subject(spans, coaches, state, text)
        # Rule 12: a move that a denial in the same clause is about is claimed only as
        # denied, whichever comes first ("the prospects of a return ... can be ruled out").
        denied: set[tuple[tuple[int, int], str]] = set()
        for hit in hits:
            if hit.cue.family == "denial":
                span = next((c for c in spans if c[0] <= hit.start < c[1]), (sent.start, sent.end))
                for p in _people_for(hit, span, coaches, state, text):
                    denied.add((span, p.entity))
        clause_sources: dict[tuple[int, int], tuple[str, str, str] | None] = {}
        for hit in hits:
            span = next((c for c in spans if c[0] <= hit.start < c[1]), (sent.start, sent.end))
            in_clause = [m for m in in_sent if span[0] <= m.start < span[1]]
            clause_clubs = [m for m in in_clause if m.kind == "club"]
            if not clause_clubs and hit.cue.family == "denial":
                # "In terms of Liverpool, he loves the club, but he won't be back"; a club
                # whose own clause already gives it a role ("who joined Real Madrid") is not it
                clause_clubs = [m for m in in_sent if m.kind == "club" and roles[id(m)][0]
                                and not _role_of(m, text, sent.start)]
            posts = [m for m in clause_clubs if roles[id(m)][0]]
            targets = [m for m in clause_clubs if roles[id(m)][1]]
            people = _people_for(hit, span, coaches, state, text, hits,
                                 [m for m in in_sent if m.kind == "player"])
            if hit.cue.family in ("denial", "choice") and people and all(p.start > hit.end for p in people) and \
                    state.subject is not None and state.subject.end <= hit.start and \
                    not re.match(r"(?i)fail", hit.text):
                people = [state.subject]   # "Alonso ..., turned down the chance to succeed Klopp": Alonso
            if hit.cue.family in ("link", "exit", "choice"):
                people = [p for p in people if (span, p.entity) not in denied]
            if people and hit.cue.family in ("link", "choice") and (
                    any(span[0] <= t.start < span[1] for t in transfers) or _player_noun_in(text, span)):
                people = []   # rule 7: a player transfer in this clause
            if people and _is_weak(hit) and not [m for m in in_clause if m.kind == "club" or
                                      (m.kind == "executive" and load_index().entities[m.entity].clubs)] and \
                    not _JOB_WORDS.search(text[span[0]:span[1]]):
                people = []   # an ordinary word with no club and no job in sight is no claim
            if not people:
                continue
            if span not in clause_sources:   # the same for every cue of the clause
                clause_sources[span] = _clause_source(sent, span, in_clause, state, attribution, unnamed, quoted)
            clause_source = clause_sources[span]
            if clause_source is None and source == "unnamed" and source_rule == "unnamed-reports" and \
                    unnamed and all(u.start < span[0] for u in unnamed):
                clause_source = ("outlet", "", "outlet-voice")   # "... mentioned by supporters, but he took charge ..."
            if clause_source is None and source_rule in ("named-speaker", "journalist") and \
                    any(m.entity == source and m.start >= span[1] for m in in_sent) and \
                    not any(m.entity == source and m.start < span[1] for m in in_sent):
                clause_source = ("outlet", "", "outlet-voice")   # "Slot is under pressure, but Ornstein insists ..."
            for person in people:
                claim_source, claim_via, claim_rule = clause_source or (source, via, source_rule)
                if hit.cue.family == "denial" and person.explicit and person.end <= hit.start and \
                        _SPOKEN_DENIAL.search(hit.text) and \
                        re.fullmatch(r"(?i)\s*(himself|has|have|had|also|has also|again|himself has|,[^,]{0,40},)?\s*",
                                     text[person.end:hit.start]) and claim_source in ("outlet", "unnamed"):
                    claim_source, claim_via, claim_rule = person.entity, "", "coach-denies"
                execs = [m for m in in_sent if m.kind == "executive"]
                sent_targets = [m for m in in_sent if m.kind == "club" and roles[id(m)][1]
                                and re.search(r"(?i)\b(lure|attempt|tried|approach|bid|move for|want)",
                                              text[max(sent.start, m.start - 60):m.end + 40])]
                raw += _claims_from_hit(doc, hit, person.entity, coaches, posts, targets, state, sent, text,
                                        hedges, attribution, facts, quoted, claim_source, claim_via, claim_rule,
                                        execs, sent_targets)
        _refocus(state, coaches)
    return raw


def _refocus(state: _Article, coaches: list[Mention]) -> None:
    """"He" in the sentences that follow is the first coach this one names (or describes)."""
    explicit = [m for m in coaches if m.explicit or m.rule.startswith("epithet")]
    if explicit:
        state.focus = explicit[0].entity


_JOB_WORDS = re.compile(r"(?i)\b(job|post|role|position|vacancy|hot seat|dugout|touchline|reins|manager|"
                        r"head coach|coach|boss|in charge|management|managerial|the club)\b")


@functools.lru_cache(maxsize=1)
def _weak_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rf"(?:{c.pattern.pattern})", re.I) for c in load_cues() if c.family == "weak")


def _is_weak(hit: _Hit) -> bool:
    """A cue that is an ordinary word ("leave", "agreed"), listed in the weak family of cues.csv."""
    return any(p.fullmatch(hit.text) for p in _weak_patterns())


def _people_for(hit, span, coaches, state, text, hits=(), players=()) -> list[Mention]:
    """The coach or coaches a cue in a clause is about."""
    clause_coaches = [c for c in coaches if span[0] <= c.start < span[1]]
    if not clause_coaches and any(span[0] <= p.start < span[1] and p.start < hit.start for p in players):
        return []   # "Mendy, Garcia and Alaba will all leave": players, not a coach
    if clause_coaches:
        # Coaches named right after "replace"/"succeed" are leaving: no link cue goes to them.
        outgoing = {c.entity for c in clause_coaches for h in hits if h.cue.family == "succession"
                    and 0 <= c.start - h.end <= 25}
        pool = clause_coaches if hit.cue.family in ("succession", "exit") else \
            [c for c in clause_coaches if c.entity not in outgoing]
        if pool:
            return _nearest(pool, hit, text)
        clause_coaches = []   # only the coach being succeeded is here: the mover is the clause's subject
    if not clause_coaches and not coaches:
        return []
    clause_text = text[span[0]:span[1]]
    before = [c for c in coaches if c.end <= span[0]]
    if clause_text.lstrip().lower().startswith(("who ", "whose ")) and before:
        return [before[-1]]   # "Arbeloa, who was promoted ...": the coach just before
    if _PRONOUN.search(clause_text) and not before and state.focus:
        # "his future is hanging by a thread, as Klopp ... are linked": "his" is the
        # coach the article was just about, not one named later in the sentence.
        return [Mention(state.focus, "coach", span[0], span[0], "he", False, "pronoun")]
    return [state.subject or coaches[0]]   # the clause continues the sentence's subject


def _sentence_subject(spans, coaches, state, text) -> Mention | None:
    """Who the sentence is about: the coach its first clause names, or "he" there."""
    if not spans:
        return None
    first = spans[0]
    named = [c for c in coaches if first[0] <= c.start < first[1]]
    if named:
        return named[0]
    if state.focus and _PRONOUN.search(text[first[0]:first[1]]):
        return Mention(state.focus, "coach", first[0], first[0], "he", False, "pronoun")
    return coaches[0] if coaches else None


def _clause_source(sent, span, in_clause, state, attribution, unnamed, quoted):
    """A source named inside the clause itself ("..., while Red Bull have branded ..."), if any."""
    if quoted:
        return None
    clause = Sentence(span[0], span[1], state.text[span[0]:span[1]], sent.paragraph)
    clause_attr = [h for h in attribution if span[0] <= h.start < span[1]]
    clause_unnamed = [h for h in unnamed if span[0] <= h.start < span[1]]
    found = _source_of_sentence(clause, in_clause, state, clause_attr, clause_unnamed)
    if found[2] in ("according-to", "named-speaker", "journalist", "relayed", "unnamed-reports", "club-statement"):
        return found
    return None


_TRANSITIVE = re.compile(r"(?i)^(sack(ed|s|ing)?|dismiss(ed|es|ing)?|fire[ds]?|axe[ds]?|appoint(ed|s|ing)?|"
                         r"hire[ds]?|replac(e|ed|es|ing))$")


def _claims_from_hit(doc, hit, person, coaches, posts, targets, state, sent, text, hedges, attribution, facts,
                     quoted, source, via, source_rule, execs=(), sent_targets=()) -> list[Claim]:
    cue = hit.cue
    mention = next((c for c in coaches if c.entity == person and c.explicit), None)
    if mention is not None:
        if abs((mention.start if mention.start > hit.end else hit.start) -
               (hit.end if mention.start > hit.end else mention.end)) > 150:
            return []   # too far from the cue to be its actor
        if state.language == "en" and mention.start > hit.end and \
                _unknown_subject(text, sent.start, hit.start, state.sentence_mentions):
            return []   # "Henchoz seems certain to leave ..., criticising manager Benitez"
        between = text[mention.end:hit.start] if mention.end <= hit.start else text[hit.end:mention.start]
        tail = between.rsplit(",", 1)[-1]   # an appositive ("Klopp, long seen as ..., has") is his own
        tail_start = (mention.end if mention.end <= hit.start else hit.end) + len(between) - len(tail)
        if cue.family in ("link", "exit") and _other_actor(tail, state, tail_start):
            return []   # "Ferguson claimed that Gill and Dein had agreed": the cue is theirs
        if cue.family == "denial" and _other_actor(tail, state, tail_start, kinds=("player",)):
            return []   # "Wenger is confident Ashley Cole will stay": the denial is about Cole
        if cue.family == "denial" and mention.end <= hit.start and any(
                m.kind == "club" and tail_start <= m.start < hit.start and
                re.match(r"\s+(were|was|are|is|have|has|had)\b", text[m.end:m.end + 8]) for m in state.sentence_mentions):
            return []   # "Souness tried to re-sign him, but Villa were not interested": the club's refusal
        if mention.end <= hit.start and re.search(r"(?i)\b(under|against|by)\s+"
                                                  r"(?:[\w'’-]+\s+){0,3}$", text[max(sent.start, mention.start - 30):
                                                                                 mention.start]) and \
                cue.family in ("link", "exit") and not re.match(r"(?i)\s*(,|who|has|had|is|was|will)", between):
            return []   # "played under Gerard Houllier before sealing his switch": he is not the one moving
        if cue.family == "exit" and mention.start >= hit.end and \
                re.fullmatch(r"(?i)(leave|leaves|leaving|left)\s+", text[hit.start:mention.start]):
            return []   # "leaving Wenger incredulous": a man is left, not a post
    if mention is None or mention.end > hit.start:
        # the coach is not named before the cue in his own words: an unnamed player opening
        # the sentence is the one who moves ("The Welsh striker has rejected a move ...")
        if state.language == "en" and _PLAYER_SUBJECT.match(text[sent.start:hit.start]):
            return []
    if mention is None and _other_actor(text[sent.start:hit.start], state, sent.start, kinds=("player",)):
        return []       # "I am sure Ashley will extend his contract": Ashley, not the speaker
    if mention is not None and mention.start >= hit.end and \
            re.search(r"(?i)\bby\s+(?:[\w'’-]+\s+){0,3}$", text[max(sent.start, mention.start - 30):mention.start]) and \
            cue.family in ("exit", "link"):
        return []       # "threatened with the sack by City boss Kevin Keegan": he is the one acting
    if cue.family == "denial" and re.search(r"(?i)(keep(s|ing)? faith( with| in)?|stick(s|ing)? with|carry on with|"
                                            r"continue with|stand(s|ing)? by)$", hit.text) and \
            not (mention is not None and 0 <= mention.start - hit.end <= 30) and \
            not re.match(r"(?i)\s+(him|them)\b", text[hit.end:hit.end + 6]):
        return []       # "keep faith with stand-in keeper Almunia": the coach must be the one kept
    if cue.family == "exit" and re.search(r"(?i)pressure on$", hit.text) and re.match(
            r"\s+(title |fellow |their |the )?(rivals? )?[A-Z]", text[hit.end:hit.end + 25]) and not any(
            0 <= c.start - hit.end <= 25 for c in coaches):
        return []       # "pile the pressure on title rivals Arsenal"
    if _TRANSITIVE.match(hit.text) and not re.search(r"(?i)\b(was|were|been|be|being|get|got|gets)\s+$",
                                                      text[max(sent.start, hit.start - 8):hit.start]):
        following = text[hit.end:hit.end + 40]
        if re.match(r"(?i)\s+(the|a|an|their|its|his|our)\s", following) and not any(
                c.start >= hit.end and c.start - hit.end <= 40 for c in coaches):
            return []   # "they sacked the former Liverpool midfielder": an object we cannot name
    negated = cue.family in ("link", "exit") and _NEGATION.search(text[max(sent.start, hit.start - 25):hit.start])
    stance = "against" if negated or cue.stance == "against" else "for"
    certainty = _certainty(hit, hedges, attribution, facts, quoted, sent.text)
    floor = sent.start
    out = []

    def add(p: str, club: str, move: str, st: str, how: str) -> None:
        if p and club:
            out.append(Claim(doc, p, club, move, st, certainty, source, via, f"{cue.family}:{how}:{source_rule}",
                             hit.text, sent.text, sent.start, sent.end))

    def how_for(club: str) -> str:
        return "named-club" if any(c.entity == club for c in posts) else "article-club"

    if cue.family == "succession":
        incoming, outgoing = _succession_sides(hit, person, coaches, text, sent, state.focus)
        managed = [m.entity for m in state.sentence_clubs if outgoing and outgoing in load_index().entities
                   and m.entity in load_index().entities[outgoing].clubs]
        # "arrived from Bayern, replacing Pellegrini": the club he came from is not where it happened
        here = [c for c in posts if not re.search(r"(?i)\bfrom\s+(the\s+)?$", text[max(0, c.start - 12):c.start])]
        if outgoing:
            club = (state.current_club.get(outgoing) or (managed[0] if managed else "") or
                    (_leave_club(outgoing, hit, here, state, text, floor) if here else "") or
                    state.current_club.get(incoming, "") or state.topic_club)
        else:
            club = _join_club(incoming, hit, targets, state, text, floor, execs, posts)
        if incoming:
            add(incoming, club, "join", stance, how_for(club))
        if outgoing:
            add(outgoing, club, "leave", stance, how_for(club))
            state.current_club.setdefault(outgoing, club)
        return out
    if cue.family == "denial":
        made = False
        for club in posts:
            role = _role_of(club, text, floor)
            if role == "leave":
                add(person, club.entity, "leave", "against", "named-club")
                made = True
                # "Juventus tried to lure Conte, but Conte decided to stay at Napoli":
                # the club that tried gets its move turned down.
                for other in sent_targets:
                    if other.entity != club.entity and other.start < hit.start and \
                            re.search(r"(?i)\b(stay|remain|decided|opted|chose)", hit.text + text[hit.end:hit.end + 5]):
                        add(person, other.entity, "join", "against", "named-club")
            elif role == "join" and club.entity != state.current_club.get(person):
                add(person, club.entity, "join", "against", "named-club")
                made = True
        if not made:
            window = text[hit.start:min(sent.end, hit.end + 80)]
            join_words = re.search(r"(?i)\b(move|return|take (over|charge)|taking (over|charge)|join|link|switch|"
                                   r"approach|talks|negotiat|contact|in touch|offer)\w*|\bback\b", window)
            named = [c for c in targets if c.entity != state.current_club.get(person)]
            returning = re.search(r"(?i)\b(return|move|switch|job|role|post|take (over|charge)|"
                                  r"taking (over|charge))\w*|\bback\b", window)
            current = state.current_club.get(person, "")
            if join_words and (named or returning):
                join_club = _join_club(person, hit, targets, state, text, floor, execs, posts)
            elif join_words and state.topic_club and state.topic_club != current:
                join_club = state.topic_club   # "there has been no contact": about the article's move
            else:
                join_club = ""
            if join_club:
                add(person, join_club, "join", "against", how_for(join_club))
            else:
                club = _leave_club(person, hit, posts, state, text, floor)
                add(person, club, "leave", "against", how_for(club))
        if re.search(r"(?i)(reject|turn(ed)? down|snub).{0,12}(offer|approach|chance|job)", hit.text + " " +
                     text[hit.end:hit.end + 20]) and state.topic_club and \
                state.topic_club != state.current_club.get(person) and \
                not any(c.move == "join" for c in out):
            add(person, state.topic_club, "join", "against", "article-club")   # the club that offered
        return out
    if cue.family == "choice":
        club = _join_club(person, hit, targets, state, text, floor, execs, posts)
        add(person, club, "join", "for", how_for(club))
        if state.topic_club and state.topic_club != club:
            add(person, state.topic_club, "join", "against", "article-club")
        return out
    move = "join" if cue.family == "link" else "leave"
    if move == "join":
        club = _join_club(person, hit, targets, state, text, floor, execs, posts)
        add(person, club, "join", stance, how_for(club))
        # "Juventus and Napoli have asked about him": every club of the list
        chosen = next((c for c in targets if c.entity == club), None)
        if chosen is not None:
            for other in _coordinated(chosen, targets, text):
                add(person, other.entity, "join", stance, "named-club")
        # "arrived from Leverkusen", "joined Spurs from Brentford": the club left
        for c in posts:
            if c.start > hit.start and re.search(r"(?i)\bfrom\s+(the\s+)?$", text[max(floor, c.start - 12):c.start]):
                add(person, c.entity, "leave", stance, "named-club")
    else:
        club = _leave_club(person, hit, posts, state, text, floor)
        add(person, club, "leave", stance, how_for(club))
        # "leave Milan for Real Madrid": the destination
        for c in targets:
            if c.entity != club and c.start > hit.start and _role_of(c, text, floor) == "join":
                add(person, c.entity, "join", stance, "named-club")
    if stance == "for" and (certainty == "fact" or _APPOINTMENT.search(hit.text)):
        for claim in out:
            if claim.move == "join" and claim.person == person:
                state.current_club[person] = claim.club
    return out


def _succession_sides(hit: _Hit, person: str, coaches: list[Mention], text: str, sent: Sentence,
                      focus: str = "") -> tuple[str, str]:
    """(incoming, outgoing) coach of a succession cue, either may be "".

    "Y replaced X", "Y, X's replacement", "a successor to X", "X was replaced by Y",
    "X's successor Y".
    """
    before = [c for c in coaches if c.end <= hit.start]
    after = [c for c in coaches if c.start >= hit.end]
    gap_after = text[hit.end:after[0].start] if after else ""
    gap_before = text[before[-1].end:hit.start] if before else ""
    noun = re.match(r"(?i)(replacements?|successors?)$", hit.text)
    if noun and after and re.fullmatch(r",?\s*", gap_after):
        # "his replacement, Slot": Slot comes in; "his" (or "X's") is who left
        possessor = before[-1].entity if before and re.fullmatch(r"(?i)'s?\s+", gap_before) else \
            (focus if re.search(r"(?i)\bhis\s+$", text[max(0, hit.start - 8):hit.start]) else "")
        return after[0].entity, possessor
    if hit.text.lower().startswith("succeed") and not re.match(r"\s+(him|as|[A-Z])", text[hit.end:hit.end + 4]):
        return "", ""          # "hope the Dutchman can succeed": doing well, not a succession
    if before and re.fullmatch(r"(?i)'s?\s+(immediate |long-term |eventual |permanent |natural )?", gap_before):
        # "X's replacement (Y)"
        outgoing = before[-1].entity
        incoming = after[0].entity if after and len(gap_after) < 25 else \
            (before[-2].entity if len(before) > 1 else "")
        return incoming, outgoing
    if re.match(r"(?i)\s*(by|with)\s", text[hit.end:hit.end + 5]) and after:
        # "X was replaced by Y"
        return after[0].entity, (before[-1].entity if before else "")
    outgoing = after[0].entity if after and len(gap_after) < 25 else ""
    incoming = before[-1].entity if before else ""
    if not outgoing and not incoming and noun:
        incoming = person
    return incoming, outgoing


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One row per (person, club, move, stance, source, certainty), the first evidence kept."""
    seen: dict[tuple, Claim] = {}
    for claim in claims:
        key = (claim.person, claim.club, claim.move, claim.stance, claim.source, claim.certainty)
        seen.setdefault(key, claim)
    return list(seen.values())

