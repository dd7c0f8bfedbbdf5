"""Claims: who is said to move into or out of which post, for or against, on whose word.

One job: from an article's sentences and mentions to ``Claim`` rows as
``../shared/spec/claims.md`` defines them. Every claim carries the rule and cue
that fired and the sentence it came from, so a user can ask why it was tagged.

The engine reads one sentence at a time:

1. cues from ``data/rules/cues.csv``: link words (join/for), exit words
   (leave/for), succession ("Y replaced X": Y join, X leave), denials (against),
   hedges (speculative), attribution verbs (reported) and plain completed
   actions (fact);
2. each claim cue goes to the nearest coach named in the sentence (a list of
   coaches shares it; "he" stands for the coach the article is about);
3. the club is the one the cue points at: for a move in, a club other than the
   coach's current one, or the job the article is about; for a move out, the
   club named with the cue or the coach's current club, learnt from titles
   ("AC Milan head coach Massimiliano Allegri", "Jose Mourinho's Benfica");
4. the source is whoever the sentence says it comes from: "according to X",
   "X reports", "X, as relayed by Y", a quoted speaker, a club statement,
   unnamed reports, or the publishing outlet's own voice.
Claims are then deduplicated per article: the same (person, club, move, stance,
source) is one claim, listing every certainty it was stated with.
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

CLAIM_FAMILIES = ("link", "succession", "exit", "denial")
SOURCE_KINDS = {"outlet", "journalist", "coach", "executive", "agent", "pundit", "player"}
ROLE_NOUN = r"(?:head coach|coach|manager|boss|chief|tactician|trainer|interim (?:head )?coach|caretaker)"
SPEECH = (r"(?:said|says|told|tells|added|adds|insisted|insists|explained|admitted|stressed|declared|revealed|"
          r"confirmed|claimed|claims|stated|states|reported|reports|wrote|writes|believes|suggested|suggests|"
          r"urged|went further|understands|branded|described|dismissed|denied)")
_QUOTES = "\"“”"
_NEGATION = re.compile(r"(?i)\b(not|n't|never|no longer|no)\s+(\w+\s+){0,1}$")
_PRONOUN = re.compile(r"(?i)\b(he|his|him)\b")
_JOB_WORDS = re.compile(r"(?i)\b(the|this|that) (job|role|post|position|vacancy|hot seat|dugout|reins|top job)\b")
_JOIN_HINT = re.compile(r"(?i)\b(move to|return(ing)? to|take (over|charge)|taking (over|charge)|join(ing)?|link(s|ed)?|"
                        r"switch|approach|talks|negotiations?|contact|in touch|job|role|offer|succeed|replace|"
                        r"return|move for)\b")
_LEAVE_HINT = re.compile(r"(?i)\b(leav(e|ing)|exit|departure|quit|sack(ed|ing)?|future|wants? out|way out|walk(ing)? "
                         r"away|stay|harmony|happy|content|backing|trust|new (deal|contract)|pull the trigger|"
                         r"lifeline|three years|going anywhere)\b")
_RELAY = re.compile(r"(?i)\b(as relayed by|relayed by|as reported by|picked up by|in a story picked up by|via|"
                    r"as ripreso da|come riportato da|come ripreso da|recogido por)\s*$")
_ACCORDING = re.compile(r"(?i)\b(according to|as per|secondo|según|segun)\s+(the\s+)?$")
_CLUB_VOICE = re.compile(r"(?i)\b(the club|a (club )?spokes(man|woman|person)|(a|the|club|brief) statement|"
                         r"the board|the hierarchy said)\b")
_BACKREF = re.compile(r"(?i)^\s*(the report|the outlet|the newspaper|the paper|the journalist|the reporter|they|"
                      r"the (spanish|italian|german|french|portuguese|brazilian|english) (outlet|daily|paper|"
                      r"newspaper|journalist|broadcaster)|he (also )?(added|said|went on)|the [a-z]+ (daily|outlet))\b")


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


@dataclass
class _Hit:
    cue: Cue
    start: int
    end: int
    text: str


def _cue_hits(text: str, offset: int, language: str, families: tuple[str, ...]) -> list[_Hit]:
    hits = []
    for cue in load_cues():
        if cue.family not in families or (cue.lang not in ("*", language) and not (cue.lang == "en" and
                                                                                     language not in ("es", "it"))):
            continue
        for m in cue.pattern.finditer(text):
            hits.append(_Hit(cue, offset + m.start(), offset + m.end(), m.group(0)))
    # Overlapping hits: the longer one wins (e.g. "played down" over "down").
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


# --------------------------------------------------------------------------- the article state

class _Article:
    """What the engine has learnt so far about one article."""

    def __init__(self, text: str, mentions: list[Mention], outlet: str):
        self.text = text
        self.mentions = mentions
        self.outlet = outlet
        self.current_club: dict[str, str] = {}
        self.focus = ""                   # the coach "he" refers to
        self.last_source = ("", "")       # (source, via) named most recently
        self.quote_speaker = ""
        clubs = Counter(m.entity for m in mentions if m.kind == "club" and m.explicit)
        self.topic_club = clubs.most_common(1)[0][0] if clubs else ""
        self._learn_titles()

    def _learn_titles(self) -> None:
        coaches = [m for m in self.mentions if m.kind == "coach" and m.explicit]
        clubs = [m for m in self.mentions if m.kind == "club"]
        for coach in coaches:
            before = self.text[max(0, coach.start - 60):coach.start]
            after = self.text[coach.end:coach.end + 60]
            for club in clubs:
                gap_before = self.text[club.end:coach.start] if club.end <= coach.start else None
                gap_after = self.text[coach.end:club.start] if club.start >= coach.end else None
                former = re.search(r"(?i)\b(former|ex-|ex)\s*$", self.text[max(0, club.start - 12):club.start])
                if gap_before is not None and not former and \
                        re.fullmatch(rf"(?i)(?:'s)?\s+(?:{ROLE_NOUN}\s+)?", gap_before) and \
                        (re.fullmatch(rf"(?i)'s\s+", gap_before) or re.search(ROLE_NOUN, gap_before, re.I)):
                    self.current_club.setdefault(coach.entity, club.entity)
                elif gap_after is not None and re.fullmatch(rf"(?i)(?:'s\s+|,\s+(?:the\s+)?|\s+\()", gap_after) and \
                        (gap_after.startswith("'s") or re.match(rf"(?i)\s*{ROLE_NOUN}", self.text[club.end:club.end + 20])
                         or gap_after.strip() == "("):
                    self.current_club.setdefault(coach.entity, club.entity)
            m = re.match(r"(?i),?\s+(?:who is\s+)?(?:currently\s+)?in charge (?:of|at)\s+", after)
            if m:
                nxt = next((c for c in clubs if c.start == coach.end + m.end() or
                            (coach.end + m.end() <= c.start <= coach.end + m.end() + 4)), None)
                if nxt:
                    self.current_club.setdefault(coach.entity, nxt.entity)
            del before


# --------------------------------------------------------------------------- sources

def _source_of_sentence(sent: Sentence, mentions: list[Mention], state: _Article, attribution: list[_Hit],
                        unnamed: list[_Hit]) -> tuple[str, str, str]:
    """(source, via, rule) for a sentence."""
    text = state.text
    people = [m for m in mentions if m.kind in SOURCE_KINDS or m.kind == "club"]
    via = ""
    # Relays: "X, as relayed by Y" -> via Y.
    for m in people:
        if m.kind == "outlet" and _RELAY.search(text[max(sent.start, m.start - 30):m.start]):
            via = m.entity
    candidates = [m for m in people if m.entity != via]
    # "according to X" / "as per X"
    for m in candidates:
        if _ACCORDING.search(text[max(sent.start, m.start - 25):m.start]):
            return _journalist_or(m, candidates, text), via, "according-to"
    # "X reports/claims/said/told ..." (X right before a speech verb), "said X"
    for m in candidates:
        after = text[m.end:min(sent.end, m.end + 45)]
        if re.match(rf"(?i)(?:'s?\s+\w+)?\s*(?:,[^,]{{0,40}},\s*)?(?:has |have |had |then |also |exclusively |"
                    rf"later |previously |went on to )?{SPEECH}\b", after):
            if m.kind == "club" and not re.match(r"(?i)\s*(have|has)?\s*(said|confirmed|branded|insisted|"
                                                 r"announced|stated|denied|dismissed|described)", after):
                continue
            return _journalist_or(m, candidates, text), via, "named-speaker"
        before = text[max(sent.start, m.start - 20):m.start]
        if re.search(rf"(?i)\b{SPEECH}\s*$", before) and m.kind != "club":
            return _journalist_or(m, candidates, text), via, "named-speaker"
    # "Sky Germany's Florian Plettenberg", "Antonio Vitiello in Corriere dello Sport" reporting
    for m in candidates:
        if m.kind == "journalist":
            return m.entity, via, "journalist"
    if via:
        outlets = [m for m in candidates if m.kind == "outlet"]
        if outlets:
            return outlets[0].entity, via, "relayed"
    # Club statements
    if _CLUB_VOICE.search(sent.text) and re.search(r"(?i)\b(statement|said|confirmed|announced)\b", sent.text):
        clubs = [m for m in mentions if m.kind == "club"]
        club = clubs[0].entity if clubs else state.topic_club
        if club:
            return club, "", "club-statement"
    # "The report claims ..." refers back to the last named source
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


def _journalist_or(m: Mention, candidates: list[Mention], text: str) -> str:
    if m.kind == "outlet":
        # "Antonio Vitiello in Corriere dello Sport": the journalist, when named next to the outlet
        for j in candidates:
            if j.kind == "journalist" and 0 <= m.start - j.end <= 12:
                return j.entity
            if j.kind == "journalist" and 0 <= j.start - m.end <= 6:
                return j.entity
    return m.entity


# --------------------------------------------------------------------------- claims of a sentence

def _nearest(people: list[Mention], hit: _Hit, text: str) -> list[Mention]:
    """The coach (or list of coaches) a cue applies to."""
    if not people:
        return []
    def distance(m: Mention) -> int:
        return hit.start - m.end if m.end <= hit.start else (m.start - hit.end) + 5
    nearest = min(people, key=distance)
    group = [nearest]
    ordered = sorted(people, key=lambda m: m.start)
    i = ordered.index(nearest)
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j], ordered[j + step]) if step == 1 else (ordered[j + step], ordered[j])
            if re.fullmatch(r"(?i)\s*(,|and|or|,\s*and|,\s*or|as well as|&)\s*", text[a.end:b.start]):
                group.append(ordered[j + step])
                j += step
            else:
                break
    return sorted(group, key=lambda m: m.start)


def _club_for(move: str, person: str, hit: _Hit, clubs: list[Mention], state: _Article, sent: Sentence) -> str:
    current = state.current_club.get(person, "")
    if move == "join":
        options = [c for c in clubs if c.entity != current]
        if options:
            after = [c for c in options if c.start >= hit.start]
            pool = after or options
            return min(pool, key=lambda c: abs(c.start - hit.end)).entity
        if clubs:
            return ""
        return state.topic_club if state.topic_club != current else ""
    # leave
    if clubs:
        near = min(clubs, key=lambda c: abs(c.start - hit.end))
        if current and any(c.entity == current for c in clubs):
            return current
        return near.entity if not current else current
    return current


def _certainty(sentence_text: str, hit: _Hit, hedges: list[_Hit], attribution: list[_Hit], facts: list[_Hit],
               quoted: bool) -> str:
    if hit.cue.certainty == "speculative" or hedges:
        return "speculative"
    if attribution or quoted:
        return "reported"
    if facts:
        return "fact"
    return hit.cue.certainty or "reported"


def claims_for_article(doc: str, text: str, sents: list[Sentence], mentions: list[Mention], outlet: str = "",
                       language: str = "en") -> list[Claim]:
    """Every claim in one article, deduplicated as claims.md rule 8 says."""
    state = _Article(text, mentions, outlet)
    raw: list[Claim] = []
    for sent in sents:
        in_sent = [m for m in mentions if sent.start <= m.start < sent.end]
        coaches = [m for m in in_sent if m.kind == "coach"]
        clubs = [m for m in in_sent if m.kind == "club" and not _is_source_club(m, text)]
        hits = _cue_hits(sent.text, sent.start, language, CLAIM_FAMILIES)
        hedges = _cue_hits(sent.text, sent.start, language, ("hedge",))
        attribution = _cue_hits(sent.text, sent.start, language, ("attribution",))
        facts = _cue_hits(sent.text, sent.start, language, ("fact",))
        unnamed = _cue_hits(sent.text, sent.start, language, ("unnamed",))
        quoted = _update_quote(sent, in_sent, state)
        if quoted and state.quote_speaker:
            source, via, source_rule = state.quote_speaker, "", "quoted-speaker"
        else:
            source, via, source_rule = _source_of_sentence(sent, in_sent, state, attribution, unnamed)
        if source not in ("outlet", "unnamed"):
            state.last_source = (source, via)
        if not coaches and state.focus and _PRONOUN.search(sent.text) and hits:
            coaches = [Mention(state.focus, "coach", sent.start, sent.start, "he", False, "pronoun")]
        for hit in hits:
            people = _nearest(coaches, hit, text)
            for person in people:
                raw += _claims_from_hit(doc, hit, person.entity, people, coaches, clubs, state, sent, text, hedges,
                                        attribution, facts, quoted, source, via, source_rule)
        explicit = [m for m in coaches if m.explicit or m.rule.startswith("epithet")]
        if explicit:
            state.focus = explicit[0].entity
    return dedupe(raw)


def _is_source_club(m: Mention, text: str) -> bool:
    """A club speaking ("Red Bull have branded ...") is a source, not the post."""
    return bool(re.match(r"(?i)\s*(have|has)\s+(branded|said|insisted|confirmed|stated|denied|described)",
                         text[m.end:m.end + 30]))


def _update_quote(sent: Sentence, in_sent: list[Mention], state: _Article) -> bool:
    """Track quoted speech; True when the sentence is (partly) a quotation."""
    text = sent.text
    has_quote = any(q in text for q in _QUOTES)
    if not has_quote:
        if not state.text[max(0, sent.start - 2):sent.start].strip():
            pass
        state.quote_speaker = "" if sent.start and state.text[sent.start - 1] == "\n" else state.quote_speaker
        return False
    speaker = ""
    for m in in_sent:
        if m.kind in ("coach", "journalist", "executive", "agent", "pundit", "player"):
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


def _claims_from_hit(doc, hit, person, people, coaches, clubs, state, sent, text, hedges, attribution, facts,
                     quoted, source, via, source_rule) -> list[Claim]:
    cue = hit.cue
    negated = cue.family in ("link", "exit") and _NEGATION.search(text[max(sent.start, hit.start - 25):hit.start])
    stance = "against" if negated or cue.stance == "against" else "for"
    certainty = _certainty(sent.text, hit, hedges, attribution, facts, quoted)
    out = []

    def add(p: str, club: str, move: str, st: str = stance) -> None:
        if p and club:
            out.append(Claim(doc, p, club, move, st, certainty, source, via, f"{cue.family}:{source_rule}",
                             hit.text, sent.text, sent.start, sent.end))

    if cue.family == "succession":
        # "Y replaced X" / "X's replacement Y" / "a successor to X": who comes in and who goes.
        others = [c for c in coaches if c.entity != person]
        after = [c for c in others if c.start >= hit.end]
        before = [c for c in others if c.end <= hit.start]
        club = _club_for("join", person, hit, clubs, state, sent) or state.current_club.get(person, "")
        person_before = any(c.entity == person and c.end <= hit.start for c in coaches)
        if person_before and after:   # "Tudor, who replaced Thiago Motta"
            outgoing = after[0].entity
            club = _club_for("leave", outgoing, hit, clubs, state, sent) or club
            add(person, club, "join")
            add(outgoing, club, "leave")
        elif not person_before and before:
            return []                 # handled from the incoming coach's side
        elif person_before:
            add(person, club, "join")  # "Y replaced the sacked coach"
        else:                          # "a successor to X", "X's replacement"
            club = _club_for("leave", person, hit, clubs, state, sent) or club
            add(person, club, "leave")
        return out
    if cue.family == "denial":
        target_join = [c for c in clubs if c.entity != state.current_club.get(person, "")]
        window = text[hit.start:min(sent.end, hit.end + 80)]
        wants_join = bool(_JOIN_HINT.search(window)) or (target_join and not _LEAVE_HINT.search(window))
        wants_leave = bool(_LEAVE_HINT.search(window)) or not wants_join
        if wants_join:
            add(person, _club_for("join", person, hit, clubs, state, sent), "join", "against")
        if wants_leave:
            add(person, state.current_club.get(person, "") or _club_for("leave", person, hit, clubs, state, sent),
                "leave", "against")
        return out
    move = "join" if cue.family == "link" else "leave"
    club = _club_for(move, person, hit, clubs, state, sent)
    add(person, club, move)
    if stance == "for" and certainty == "fact":
        if move == "join":
            state.current_club[person] = club
    return out


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One row per (person, club, move, stance, source, certainty), first evidence kept."""
    seen = {}
    for claim in claims:
        key = (claim.person, claim.club, claim.move, claim.stance, claim.source, claim.certainty)
        seen.setdefault(key, claim)
    return list(seen.values())
