"""Knowledge files: load the versioned CSV files under ``data/gazetteer/``.

Coaches, clubs, outlets, journalists and other people are data a user can read
and extend, not code. This module only reads them into lookup structures and
checks that they are consistent; it knows nothing about articles.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

_FOLD = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "œ": "oe", "Œ": "OE",
                       "ð": "d", "þ": "th", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def slug(text: str) -> str:
    """The project's slug: ASCII-fold, lower-case, runs of other characters become ``-``.

    "Jürgen Klopp" -> ``jurgen-klopp``; "Atlético Madrid" -> ``atletico-madrid``.
    """
    text = str(text or "").translate(_FOLD)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def split_multi(value: str | None) -> list[str]:
    """Split a ``|``-separated cell into its non-empty items."""
    return [item.strip() for item in (value or "").split("|") if item.strip()]


def read_rows(name: str, folder: Path | None = None) -> list[dict]:
    """Rows of ``<folder>/<name>.csv`` (folder defaults to data/gazetteer) as dictionaries with
    stripped values; [] when the file is absent."""
    path = (folder or paths.GAZETTEER) / f"{name}.csv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def read_words(path: Path) -> list[str]:
    """Non-empty lines of a word-list file, '#' comment lines skipped; [] when the file is absent."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str = ""
    language: str = ""
    kind: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,) + self.aliases


@dataclass
class Outlets:
    """Outlets by slug, by lower-cased name or alias, and by web domain."""

    by_slug: dict[str, Outlet] = field(default_factory=dict)
    by_name: dict[str, Outlet] = field(default_factory=dict)
    by_domain: dict[str, Outlet] = field(default_factory=dict)

    def lookup_name(self, name: str) -> Outlet | None:
        key = re.sub(r"\s+", " ", name or "").strip().lower()
        return self.by_name.get(key) or self.by_slug.get(slug(name))

    def lookup_url(self, url: str) -> Outlet | None:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", (url or "").strip().lower()).split("/")[0].split(":")[0]
        host = host.removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None


@functools.lru_cache(maxsize=4)
def load_outlets(folder: str | None = None) -> Outlets:
    outlets = Outlets()
    for row in read_rows("outlets", Path(folder) if folder else None):
        outlet = Outlet(slug=row["slug"], name=row["name"], aliases=tuple(split_multi(row.get("aliases"))),
                        domains=tuple(d.lower().removeprefix("www.") for d in split_multi(row.get("domains"))),
                        country=row.get("country", ""), language=row.get("language", ""), kind=row.get("kind", ""))
        outlets.by_slug[outlet.slug] = outlet
        for name in outlet.names:
            outlets.by_name.setdefault(name.lower(), outlet)
        for domain in outlet.domains:
            outlets.by_domain.setdefault(domain, outlet)
    return outlets


@functools.lru_cache(maxsize=4)
def display_names(folder: str | None = None) -> dict[str, str]:
    """Slug -> the name to show a reader, for coaches, clubs, outlets, journalists and people.

    Coaches are read last, so a slug that is both a former player and a coach shows the
    coach's entry; a slug missing from every file is shown as itself."""
    names: dict[str, str] = {}
    for kind in ("clubs", "people", "journalists", "outlets", "coaches"):
        for row in read_rows(kind, Path(folder) if folder else None):
            if row.get("slug"):
                names[row["slug"]] = row.get("name") or row["slug"]
    return names


@functools.lru_cache(maxsize=4)
def journalist_outlets(folder: str | None = None) -> dict[str, str]:
    """Journalist slug -> slug of the outlet they mainly write for (freelancers are left out)."""
    return {row["slug"]: row["outlet"] for row in read_rows("journalists", Path(folder) if folder else None)
            if row.get("slug") and row.get("outlet")}


@functools.lru_cache(maxsize=4)
def certainty_scale(folder: str | None = None) -> dict[str, dict[str, float]]:
    """Certainty -> {"weight": heat-index weight, "probability": stated probability}, from
    ``data/rules/certainty.csv``."""
    rows = read_rows("certainty", Path(folder) if folder else paths.RULES)
    return {row["certainty"]: {"weight": float(row["weight"]), "probability": float(row["probability"])}
            for row in rows}


def certainty_weights(folder: str | None = None) -> dict[str, float]:
    """Certainty -> weight in the heat index and in a voice's net stance."""
    return {certainty: values["weight"] for certainty, values in certainty_scale(folder).items()}


def certainty_probabilities(folder: str | None = None) -> dict[str, float]:
    """Certainty -> the probability a claim with it states (the track record's Brier scores)."""
    return {certainty: values["probability"] for certainty, values in certainty_scale(folder).items()}
