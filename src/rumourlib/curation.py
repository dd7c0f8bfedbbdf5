"""Curation: check the knowledge files, and suggest names a corpus uses that they lack.

``check`` validates ``data/gazetteer/`` and ``data/rules/``: required columns, unique
slugs within and across the people files, references that resolve (a coach's clubs,
a journalist's outlet, a person's affiliation), no name form that points silently at
two entities, and rule patterns that compile. ``suggest`` reads a corpus and lists
frequent person-like names next to coaching words ("manager", "sacked") that no
file knows yet, so a user can grow the gazetteer where their corpus needs it.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .entities import FULL_FORMS, form_key, load_index
from .gazetteer import read_rows, slug, split_multi

REQUIRED = {
    "coaches": ["slug", "name", "surname", "known_as", "variants", "nationality", "birth_year", "role", "clubs"],
    "clubs": ["slug", "name", "kind", "country", "league", "aliases", "nicknames", "grounds", "ambiguous"],
    "outlets": ["slug", "name", "aliases", "kind", "country", "language", "domains"],
    "journalists": ["slug", "name", "variants", "outlet", "country"],
    "people": ["slug", "name", "variants", "kind", "nationality", "affiliation"],
    "demonyms": ["nationality", "epithets", "country"],
    "ambiguous_clubs": ["form", "club", "place_after", "note"],
}


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def check(folder: Path | None = None, rules: Path | None = None) -> Report:
    """Validate the gazetteer and rule files; errors make the files unusable or ambiguous."""
    folder = folder or paths.GAZETTEER
    rules = rules or paths.RULES
    report = Report()
    rows: dict[str, list[dict]] = {}
    for name, columns in REQUIRED.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            report.errors.append(f"{path.name}: missing")
            continue
        missing = [c for c in columns if c not in _header(path)]
        if missing:
            report.errors.append(f"{path.name}: missing columns {', '.join(missing)}")
            continue
        rows[name] = read_rows(name, folder)
        report.counts[name] = len(rows[name])
    owner: dict[str, str] = {}
    for name in ("coaches", "clubs", "outlets", "journalists", "people"):
        seen = Counter(r["slug"] for r in rows.get(name, []))
        for duplicate in sorted(s for s, n in seen.items() if n > 1):
            report.errors.append(f"{name}.csv: slug {duplicate} appears {seen[duplicate]} times")
        for r in rows.get(name, []):
            if r["slug"] != slug(r["slug"]):
                report.errors.append(f"{name}.csv: {r['slug']!r} is not a slug (lower-case ASCII and -)")
            if name in ("coaches", "journalists", "people") and r["slug"] in owner and owner[r["slug"]] != name:
                report.errors.append(f"{name}.csv: {r['slug']} is also in {owner[r['slug']]}.csv")
            owner.setdefault(r["slug"], name)
    clubs = {r["slug"] for r in rows.get("clubs", [])}
    outlets = {r["slug"] for r in rows.get("outlets", [])}
    for r in rows.get("coaches", []):
        for club in split_multi(r.get("clubs")):
            if club not in clubs:
                report.warnings.append(f"coaches.csv: {r['slug']} coached {club}, which clubs.csv does not know")
        if r.get("birth_year") and not re.fullmatch(r"(18|19|20)\d\d", r["birth_year"]):
            report.errors.append(f"coaches.csv: {r['slug']} has birth_year {r['birth_year']!r}")
    for r in rows.get("journalists", []):
        if r.get("outlet") and r["outlet"] not in outlets:
            report.errors.append(f"journalists.csv: {r['slug']} writes for {r['outlet']}, not in outlets.csv")
    for r in rows.get("people", []):
        if r.get("affiliation") and r["affiliation"] not in clubs:
            report.warnings.append(f"people.csv: {r['slug']} is affiliated to {r['affiliation']}, not in clubs.csv")
    for r in rows.get("ambiguous_clubs", []):
        if r["club"] not in clubs:
            report.errors.append(f"ambiguous_clubs.csv: {r['form']} defaults to unknown club {r['club']}")
    for r in rows.get("demonyms", []):
        if r.get("country") and slug(r["country"]) not in clubs:
            report.warnings.append(f"demonyms.csv: no national team for {r['country']}")
    # A name form that points at two entities without being declared ambiguous.
    forms: dict[str, set[str]] = defaultdict(set)
    index = load_index(str(folder))
    for key, entries in index.forms.items():
        for entity, how in entries:
            if how in FULL_FORMS:
                forms[key].add(entity)
    for key in sorted(forms):
        if len(forms[key]) > 1:
            report.errors.append(f"the name {key!r} belongs to {', '.join(sorted(forms[key]))}: make it an "
                                 "'ambiguous' form or give it to one")
    for file, column in ((rules / "cues.csv", "cue"), (rules / "boilerplate.csv", "pattern")):
        if not file.is_file():
            report.errors.append(f"{file.name}: missing")
            continue
        with open(file, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    re.compile(row[column])
                except re.error as err:
                    report.errors.append(f"{file.name} line {i}: pattern does not compile ({err})")
    for row in read_rows("not_a_post", rules):
        if row["slug"] not in clubs:
            report.warnings.append(f"not_a_post.csv: {row['slug']} is not in clubs.csv")
    return report


_NAME = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*[a-zà-ÿ](?:\s+(?:van|de|da|di|del|von|ten|le|la|[A-Z][\w'’-]*[a-zà-ÿ])){1,2})\b")
_COACHING = re.compile(r"(?i)\b(manager|coach|boss|head coach|caretaker|interim|sacked|appointed|gaffer|"
                       r"tactician|in charge)\b")


def suggest(texts, limit: int = 40, window: int = 60) -> list[tuple[str, int, str]]:
    """(name, count, example) for person-like names near coaching words that no file knows."""
    index = load_index()
    counts: Counter = Counter()
    example: dict[str, str] = {}
    from .claims import _capitalised_words

    common = _capitalised_words() | {"Sir", "Boss", "Manager", "Coach", "Legendary", "Mr"}
    for text in texts:
        for m in _NAME.finditer(text):
            words = re.sub(r"['’]s?$", "", m.group(1)).split()
            while words and words[0] in common:   # "Manager Jonas Whitfield" -> "Jonas Whitfield"
                words = words[1:]
            if len(words) < 2 or any(word in common for word in words):
                continue
            name = " ".join(words)
            parts = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
            if any(form_key(part) in index.forms and any(how in FULL_FORMS for _, how in index.forms[form_key(part)])
                   for part in parts):
                continue   # contains a name the files know ("Manchester United", "Aston Villa's Mark")
            around = text[max(0, m.start() - window):m.end() + window]
            if not _COACHING.search(around):
                continue
            counts[name] += 1
            example.setdefault(name, re.sub(r"\s+", " ", around).strip())
    return [(name, n, example[name]) for name, n in counts.most_common(limit)]
