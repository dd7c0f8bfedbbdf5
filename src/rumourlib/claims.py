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
Claims are deduplicated per article (rule 8).
"""
from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import paths
from .entities import Mention
from .sentences import Sentence

CLAIM_FAMILIES = ("link", "succession", "exit", "denial", "choice")
SOURCE_KINDS = {"outlet", "journalist", "coach", "executive", "agent", "pundit", "player"}
SPEAKER_KINDS = {"coach", "journalist", "executive", "agent", "pundit", "player"}
ROLE_NOUN = r"(?:head coach|coach|manager|boss|chief|tactician|trainer|interim (?:head )?coach|caretaker)"
SPEECH = (r"(?:said|says|told|tells|added|adds|insisted|insists|explained|admitted|stressed|declared|revealed|"
          r"confirmed|claimed|claims|stated|states|reported|reports|wrote|writes|believes|suggested|suggests|"
          r"urged|went further|understands|branded|described|dismissed|denied|maintains|maintained)")
_QUOTES = "\"“”"
_NEGATION = re.compile(r"(?i)\b(not|n't|never|no longer)\s+(\w+\s+)?$")
_PRONOUN = re.compile(r"(?i)\b(he|his|him)\b")
_FIRST_PERSON = re.compile(r"(?i)\b(I|me|my|I'm|I've)\b")
_RELAY = re.compile(r"(?i)\b(as relayed by|relayed by|as reported by|picked up by|in a story picked up by|via|"
                    r"come ripreso da|come riportato da|ripreso da|recogido por)\s*$")
_ACCORDING = re.compile(r"(?i)\b(according to|as per|secondo|según|segun|stando a)\s+(the\s+)?$")
_CLUB_VOICE = re.compile(r"(?i)\b(the club|a (club )?spokes(man|woman|person)|(a|the|club|brief) statement|"
                         r"in a statement)\b")
_BACKREF = re.compile(r"(?i)^\s*(the report|the outlet|the newspaper|the paper|the journalist|the reporter|they|"
                      r"the (spanish|italian|german|french|portuguese|brazilian|english) (outlet|daily|paper|"
                      r"newspaper|journalist|broadcaster)|he (also )?(added|said|went on)|the [a-z]+ (daily|outlet)|"
                      r"[A-Z][\w']+ (then|also) )")
# What the words just before a club say about its role in the move.
_BEFORE_LEAVE = re.compile(r"(?i)\b(leave|leaves|leaving|left|quit|quits|quitting|exit from|exit|depart|departed|"
                           r"departure from|stay at|stay with|stay in|stays at|staying at|remain at|remains at|"
                           r"remaining at|happy at|happy in|content at|future at|time at|spell at|job at|role at|"
                           r"role with|position at|sacked by|dismissed by|axed by|fired by|let go by|from)\s+(the\s+)?$")
_BEFORE_JOIN = re.compile(r"(?i)\b(for|to|join|joins|joining|joined|move to|moving to|switch to|return to|"
                          r"returning to|take charge of|take charge at|taking charge of|take over at|taking over at|"
                          r"took over at|links? with|linked with|linked to|approach from|talks with|contact with|"
                          r"offer from|interest from|turned down|rejected|reject|snubbed|ruled out a move to|job at|"
                          r"coach of|manager of|boss of|head coach of|in charge of|appointed by|named by|hired by|"
                          r"succeed [\w' ]{2,25} at|replace [\w' ]{2,25} at)\s+(the\s+)?$")
_PAST_FACT = re.compile(r"(?i)\b(rejected|turned down|chose|snubbed|opted|decided against|declined)\b")
_STATE = re.compile(r"(?i)\b(has managed|have managed|in charge (?:of|at) |during his (?:time|spell)|"
                    r"under contract|contract (?:runs|until|expires))")


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
def not_a_post() -> frozenset:
    """Slugs in the clubs file that are never a coach's post (leagues, owners), from data/rules."""
    file = paths.RULES / "not_a_post.csv"
    if not file.is_file():
        return frozenset()
    with open(file, encoding="utf-8", newline="") as fh:
        return frozenset(row["slug"] for row in csv.DictReader(fh))


@dataclass
class _Hit:
    cue: Cue
    start: int
    end: int
    text: str


def _cue_hits(text: str, offset: int, language: str, families: tuple[str, ...]) -> list[_Hit]:
    hits = []
    for cue in load_cues():
        if cue.family not in families:
            continue
        if cue.lang != "*" and cue.lang != language and not (cue.lang == "en" and language not in ("es", "it")):
            continue
        for m in cue.pattern.finditer(text):
            hits.append(_Hit(cue, offset + m.start(), offset + m.end(), m.group(0)))
    # Overlapping hits: the longer one wins ("played down" over "down").
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


# --------------------------------------------------------------------------- clubs

_MATCH_BEFORE = re.compile(
    r"(?i)\b(defeat|defeats|loss|losses|win|wins|victory|draw|drew|thrashing|hammering|game|games|match|clash|tie|"
    r"trip|final|semi-final|fixture|derby|showdown|meeting|comeback|goal)\s+(to|against|over|by|with|at|v|vs\.?)\s+"
    r"(the\s+)?$|\b(beat|beating|beaten by|lost to|lose to|losing to|against|vs\.?|v|face|faces|facing|host|hosts|"
    r"hosting|play|plays|playing|knocked out by|dumped out by|eliminated by|bounced out by|thrashed by|"
    r"humiliation by|thrashing by)\s+(the\s+)?$")
_TITLE_AFTER = re.compile(r"(?i)^('s)?\s*(head coach|coach|manager|boss|chief|tactician|legend|great|icon|midfielder|"
                          r"striker|defender|goalkeeper|winger|captain|player|star|forward|director|president|"
                          r"chairman|owner|ceo|chief executive|supremo|hierarchy|board|owners|academy|under-\d+s?|"
                          r"youth|fans|supporters|officials|side|squad|team|players|dressing room|career)\b")
_TITLE_POSSESSIVE = re.compile(r"^'s?\s+[A-Z]")
_FORMER_BEFORE = re.compile(r"(?i)\b(former|ex-|ex|one-time|erstwhile)\s*$")


def _club_roles(m: Mention, text: str) -> tuple[bool, bool]:
    """(can be a post at all, can be the post a coach moves INTO) for a club mention."""
    if m.entity in not_a_post():
        return False, False
    after = text[m.end:m.end + 40]
    before = text[max(0, m.start - 40):m.start]
    if re.match(r"(?i)\s*(have|has)\s+(branded|said|insisted|confirmed|stated|denied|described|announced)", after):
        return False, False   # the club speaking
    if _MATCH_BEFORE.search(before):
        return False, False   # an opponent
    if _FORMER_BEFORE.search(before) and _TITLE_AFTER.match(after):
        return False, False   # "the former Liverpool boss": a title about the past
    if _TITLE_AFTER.match(after) or _TITLE_POSSESSIVE.match(after):
        return True, False    # "Milan coach Allegri", "Villa's Emery": his club now, not a destination
    return True, True


# --------------------------------------------------------------------------- the article state

class _Article:
    """What the engine has learnt so far about one article."""

    def __init__(self, text: str, mentions: list[Mention], outlet: str, topic_club: str = ""):
        self.text = text
        self.mentions = mentions
        self.outlet = outlet
        self.current_club: dict[str, str] = {}
        self.focus = ""                   # the coach "he" refers to
        self.last_source = ("", "")       # (source, via) named most recently
        self.quote_speaker = ""
        if not topic_club:
            clubs = Counter(m.entity for m in mentions if m.kind == "club" and m.entity not in not_a_post())
            topic_club = clubs.most_common(1)[0][0] if clubs else ""
        self.topic_club = topic_club
        self._learn_titles()

    def _learn_titles(self) -> None:
        """Current clubs from titles: "Milan coach Allegri", "Villa's Emery", "Mourinho's Benfica"."""
        coaches = [m for m in self.mentions if m.kind == "coach" and m.explicit]
        clubs = [m for m in self.mentions if m.kind == "club" and m.entity not in not_a_post()]
        text = self.text
        for coach in coaches:
            for club in clubs:
                if club.end <= coach.start and coach.start - club.end <= 30:
                    gap = text[club.end:coach.start]
                    former = _FORMER_BEFORE.search(text[max(0, club.start - 12):club.start])
                    if not former and re.fullmatch(rf"(?i)(?:'s?\s+(?:{ROLE_NOUN}\s+)?|\s+{ROLE_NOUN}\s+)", gap):
                        self.current_club.setdefault(coach.entity, club.entity)
                elif club.start >= coach.end and club.start - coach.end <= 45:
                    gap = text[coach.end:club.start]
                    if re.fullmatch(rf"(?i)(?:'s?\s+|,\s+(?:the\s+)?(?=\S+\s+{ROLE_NOUN})|\s+\(|"
                                    rf",?\s+(?:who is\s+)?(?:currently\s+)?in charge (?:of|at)\s+(?:the\s+)?|"
                                    rf"\s+(?:to continue\s+)?as\s+(?:the\s+)?(?=[\w .'-]{{2,30}}\s+{ROLE_NOUN}))",
                                    gap):
                        self.current_club.setdefault(coach.entity, club.entity)


# --------------------------------------------------------------------------- sources

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
        after = text[m.end:min(sent.end, m.end + 60)]
        if re.match(rf"(?i)(?:'s?\s+\w+)?\s*(?:,[^,]{{0,45}},\s*)?(?:has |have |had |then |also |exclusively |"
                    rf"later |previously |went on to |was |were )?{SPEECH}\b", after):
            if m.kind == "club" and not re.match(r"(?i)\s*(have|has)?\s*(said|confirmed|branded|insisted|"
                                                 r"announced|stated|denied|dismissed|described)", after):
                continue
            if m.kind == "coach" and not re.match(rf"(?i)\s*(?:has |have |had |also )?{SPEECH}", after):
                continue
            return _journalist_or(m, candidates), via, "named-speaker"
        before = text[max(sent.start, m.start - 20):m.start]
        if re.search(rf"(?i)\b{SPEECH}\s*$", before) and m.kind not in ("club", "coach"):
            return _journalist_or(m, candidates), via, "named-speaker"
    for m in candidates:
        if m.kind == "journalist":
            return m.entity, via, "journalist"
    if via:
        outlets = [m for m in candidates if m.kind == "outlet"]
        if outlets:
            return outlets[0].entity, via, "relayed"
    if _CLUB_VOICE.search(sent.text) and re.search(r"(?i)\b(statement|said|confirmed|announced)\b", sent.text):
        clubs = [m for m in mentions if m.kind == "club" and m.entity not in not_a_post()]
        club = clubs[0].entity if clubs else state.topic_club
        if club:
            return club, "", "club-statement"
    if _BACKREF.search(sent.text) and state.last_source[0]:
        return state.last_source[0], state.last_source[1], "back-reference"
    outlets = [m for m in candidates if m.kind == "outlet"]
    if outlets and attribution:
        if outlets[0].entity == state.outlet:
            return "outlet", "", "own-outlet"
        return outlets[0].entity, via, "outlet-named"
    if unnamed:
        return "unnamed", "", "unnamed-reports"
    return "outlet", "", "outlet-voice"


def _journalist_or(m: Mention, candidates: list[Mention]) -> str:
    if m.kind == "outlet":
        for j in candidates:   # "Antonio Vitiello in Corriere dello Sport", "Sky Germany's Florian Plettenberg"
            if j.kind == "journalist" and (0 <= m.start - j.end <= 12 or 0 <= j.start - m.end <= 6):
                return j.entity
    return m.entity


def _update_quote(sent: Sentence, in_sent: list[Mention], state: _Article) -> bool:
    """Track quoted speech; True when the sentence is (partly) a quotation with a known speaker."""
    text = sent.text
    if not any(q in text for q in _QUOTES):
        if sent.start and state.text[sent.start - 1] == "\n":
            state.quote_speaker = ""
        return False
    speaker = ""
    for m in in_sent:
        if m.kind in SPEAKER_KINDS:
            after = state.text[m.end:m.end + 40]
            before = state.text[max(sent.start, m.start - 25):m.start]
            if re.match(rf"(?i)\s*(?:(?:has|had)\s+)?{SPEECH}\b", after) or re.search(rf"(?i){SPEECH}\s*$", before):
                speaker = m.entity
    if not speaker and re.search(r"(?i)\bhe (said|told|added|insisted|explained)\b", text) and state.focus:
        speaker = state.focus
    if speaker:
        state.quote_speaker = speaker
    elif not text.lstrip().startswith(tuple(_QUOTES)):
        state.quote_speaker = ""
    return bool(state.quote_speaker)


# --------------------------------------------------------------------------- claims of a sentence

def _nearest(people: list[Mention], hit: _Hit, text: str) -> list[Mention]:
    """The coach (or list of coaches) a cue applies to."""
    if not people:
        return []

    def distance(m: Mention) -> int:
        return hit.start - m.end if m.end <= hit.start else (m.start - hit.end) + 8

    nearest = min(people, key=distance)
    group = [nearest]
    ordered = sorted(people, key=lambda m: m.start)
    i = ordered.index(nearest)
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j], ordered[j + step]) if step == 1 else (ordered[j + step], ordered[j])
            if re.fullmatch(r"(?i)\s*(,|and|or|,\s*and|,\s*or|as well as|&|nor)\s*", text[a.end:b.start]):
                group.append(ordered[j + step])
                j += step
            else:
                break
    seen, out = set(), []
    for m in sorted(group, key=lambda m: m.start):
        if m.entity not in seen:
            seen.add(m.entity)
            out.append(m)
    return out


def _role_of(club: Mention, text: str, floor: int) -> str:
    before = text[max(floor, club.start - 40):club.start]
    if _BEFORE_LEAVE.search(before):
        return "leave"
    if _BEFORE_JOIN.search(before):
        return "join"
    return ""


def _join_club(person: str, hit: _Hit, targets: list[Mention], state: _Article, text: str, floor: int) -> str:
    current = state.current_club.get(person, "")
    options = [c for c in targets if c.entity != current and _role_of(c, text, floor) != "leave"]
    if options:
        after = [c for c in options if c.start >= hit.start]
        return min(after or options, key=lambda c: abs(c.start - hit.end)).entity
    if targets:
        return ""
    return state.topic_club if state.topic_club != current else ""


def _leave_club(person: str, hit: _Hit, posts: list[Mention], state: _Article, text: str, floor: int) -> str:
    current = state.current_club.get(person, "")
    marked = [c for c in posts if _role_of(c, text, floor) == "leave"]
    if marked:
        return min(marked, key=lambda c: abs(c.start - hit.end)).entity
    if current:
        return current
    if posts:
        unmarked = [c for c in posts if _role_of(c, text, floor) != "join"]
        if unmarked:
            return min(unmarked, key=lambda c: abs(c.start - hit.end)).entity
    return ""


def _certainty(hit: _Hit, hedges: list[_Hit], attribution: list[_Hit], facts: list[_Hit], quoted: bool) -> str:
    if hit.cue.family == "denial":
        if _PAST_FACT.search(hit.text) and not attribution and not quoted:
            return "fact"
        return "reported"
    if hit.cue.certainty == "speculative" or hedges:
        return "speculative"
    if attribution or quoted:
        return "reported"
    if facts:
        return "fact"
    return hit.cue.certainty or "reported"


def claims_for_article(doc: str, text: str, sents: list[Sentence], mentions: list[Mention], outlet: str = "",
                       language: str = "en") -> list[Claim]:
    """Every claim in one article, deduplicated as claims.md rule 8 says.

    Two passes: the first finds which club the article's moves in point at most
    often (the job the article is about), the second uses it for "the job".
    """
    first = _run(doc, text, sents, mentions, outlet, language, topic_club="")
    explicit_targets = Counter(c.club for c in first if c.move == "join" and c.rule.endswith(":named-club"))
    topic = explicit_targets.most_common(1)[0][0] if explicit_targets else ""
    return dedupe(_run(doc, text, sents, mentions, outlet, language, topic_club=topic) if topic else first)


def _run(doc, text, sents, mentions, outlet, language, topic_club) -> list[Claim]:
    state = _Article(text, mentions, outlet, topic_club)
    raw: list[Claim] = []
    for sent in sents:
        in_sent = [m for m in mentions if sent.start <= m.start < sent.end]
        coaches = [m for m in in_sent if m.kind == "coach"]
        posts, targets = [], []
        for m in in_sent:
            if m.kind == "club":
                post, target = _club_roles(m, text)
                if post:
                    posts.append(m)
                if target:
                    targets.append(m)
        hits = _cue_hits(sent.text, sent.start, language, CLAIM_FAMILIES)
        hedges = _cue_hits(sent.text, sent.start, language, ("hedge",))
        attribution = _cue_hits(sent.text, sent.start, language, ("attribution",))
        facts = _cue_hits(sent.text, sent.start, language, ("fact",))
        unnamed = _cue_hits(sent.text, sent.start, language, ("unnamed",))
        quoted = _update_quote(sent, in_sent, state)
        if quoted:
            source, via, source_rule = state.quote_speaker, "", "quoted-speaker"
        else:
            source, via, source_rule = _source_of_sentence(sent, in_sent, state, attribution, unnamed)
        if source not in ("outlet", "unnamed"):
            state.last_source = (source, via)
        if not coaches and hits:
            if quoted and _FIRST_PERSON.search(sent.text) and state.quote_speaker in {
                    m.entity for m in mentions if m.kind == "coach"}:
                coaches = [Mention(state.quote_speaker, "coach", sent.start, sent.start, "I", False, "speaker")]
            elif state.focus and _PRONOUN.search(sent.text):
                coaches = [Mention(state.focus, "coach", sent.start, sent.start, "he", False, "pronoun")]
        if _STATE.search(sent.text) and not any(h.cue.family in ("exit", "succession", "denial") for h in hits):
            hits = [h for h in hits if not h.cue.family == "link" or h.text.lower().startswith(("return", "join"))]
        # Coaches named right after "replace"/"succeed" are leaving: no link cue goes to them.
        outgoing = {c.entity for c in coaches for h in hits if h.cue.family == "succession"
                    and 0 <= c.start - h.end <= 25}
        denied_from = min((h.start for h in hits if h.cue.family == "denial"), default=None)
        for hit in hits:
            if denied_from is not None and hit.start > denied_from and hit.cue.family != "denial":
                continue   # rule 12: the rumour a denial mentions is not claimed for
            pool = coaches if hit.cue.family in ("succession", "exit") else \
                [c for c in coaches if c.entity not in outgoing] or coaches
            people = _nearest(pool, hit, text)
            for person in people:
                claim_source, claim_rule = source, source_rule
                if hit.cue.family == "denial" and person.explicit and person.end <= hit.start and \
                        re.fullmatch(r"(?i)\s*(has|have|had|also|has also|again|,[^,]{0,40},)?\s*",
                                     text[person.end:hit.start]) and source == "outlet":
                    claim_source, claim_rule = person.entity, "coach-denies"
                raw += _claims_from_hit(doc, hit, person.entity, coaches, posts, targets, state, sent, text,
                                        hedges, attribution, facts, quoted, claim_source, via, claim_rule)
        explicit = [m for m in coaches if m.explicit or m.rule.startswith("epithet")]
        if explicit:
            state.focus = explicit[0].entity
    return raw


def _claims_from_hit(doc, hit, person, coaches, posts, targets, state, sent, text, hedges, attribution, facts,
                     quoted, source, via, source_rule) -> list[Claim]:
    cue = hit.cue
    negated = cue.family in ("link", "exit") and _NEGATION.search(text[max(sent.start, hit.start - 25):hit.start])
    stance = "against" if negated or cue.stance == "against" else "for"
    certainty = _certainty(hit, hedges, attribution, facts, quoted)
    floor = sent.start
    out = []

    def add(p: str, club: str, move: str, st: str, how: str) -> None:
        if p and club:
            out.append(Claim(doc, p, club, move, st, certainty, source, via, f"{cue.family}:{how}:{source_rule}",
                             hit.text, sent.text, sent.start, sent.end))

    def how_for(club: str) -> str:
        return "named-club" if any(c.entity == club for c in posts) else "article-club"

    if cue.family == "succession":
        others = [c for c in coaches if c.entity != person]
        after = [c for c in others if c.start >= hit.end]
        before = [c for c in others if c.end <= hit.start]
        person_before = any(c.entity == person and c.end <= hit.start for c in coaches)
        if person_before and after:   # "Tudor, who replaced Thiago Motta"
            outgoing = after[0].entity
            club = _leave_club(outgoing, hit, posts, state, text, floor) or \
                _join_club(person, hit, targets, state, text, floor)
            add(person, club, "join", stance, how_for(club))
            add(outgoing, club, "leave", stance, how_for(club))
        elif not person_before and before:
            return []                 # the incoming coach's side makes both claims
        elif person_before:           # "Y replaced the sacked coach"
            club = _join_club(person, hit, targets, state, text, floor)
            add(person, club, "join", stance, how_for(club))
        else:                          # "a successor to X", "to replace X"
            club = _leave_club(person, hit, posts, state, text, floor)
            add(person, club, "leave", stance, how_for(club))
        return out
    if cue.family == "denial":
        made = False
        for club in posts:
            role = _role_of(club, text, floor)
            if role == "leave":
                add(person, club.entity, "leave", "against", "named-club")
                made = True
            elif role == "join" and club.entity != state.current_club.get(person):
                add(person, club.entity, "join", "against", "named-club")
                made = True
        if not made:
            window = text[hit.start:min(sent.end, hit.end + 80)]
            join_words = re.search(r"(?i)\b(move|return|take (over|charge)|taking (over|charge)|join|link|switch|"
                                   r"approach|talks|negotiat|contact|in touch|offer|back)\w*", window)
            join_club = _join_club(person, hit, targets, state, text, floor) if join_words else ""
            if join_club:
                add(person, join_club, "join", "against", how_for(join_club))
            else:
                club = _leave_club(person, hit, posts, state, text, floor)
                add(person, club, "leave", "against", how_for(club))
        return out
    if cue.family == "choice":
        club = _join_club(person, hit, targets, state, text, floor)
        add(person, club, "join", "for", how_for(club))
        if state.topic_club and state.topic_club != club:
            add(person, state.topic_club, "join", "against", "article-club")
        return out
    move = "join" if cue.family == "link" else "leave"
    if move == "join":
        club = _join_club(person, hit, targets, state, text, floor)
        add(person, club, "join", stance, how_for(club))
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
    if stance == "for" and certainty == "fact":
        for claim in out:
            if claim.move == "join":
                state.current_club[person] = claim.club
    return out


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One row per (person, club, move, stance, source, certainty), the first evidence kept."""
    seen: dict[tuple, Claim] = {}
    for claim in claims:
        key = (claim.person, claim.club, claim.move, claim.stance, claim.source, claim.certainty)
        seen.setdefault(key, claim)
    return list(seen.values())

