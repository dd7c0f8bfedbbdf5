"""Where the project's files live: one place for every folder the code reads or writes.

Everything is resolved from the project root, which is the folder holding
``pyproject.toml`` above this package (an editable install), or the folder named
by the ``RUMOUR_ROOT`` environment variable (any other install).
"""
from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("RUMOUR_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    # Not inside a checkout: fall back to the working directory, so that a user
    # running `rumour tag` elsewhere still gets predictable relative folders.
    return Path.cwd().resolve()


PROJECT_ROOT = _find_root()
DATA = PROJECT_ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
GAZETTEER = DATA / "gazetteer"
RULES = DATA / "rules"
# RUMOUR_FIGURES sends figures elsewhere, so a test or a side run leaves the committed ones alone
FIGURES = Path(os.environ["RUMOUR_FIGURES"]).resolve() if os.environ.get("RUMOUR_FIGURES") else PROJECT_ROOT / "figures"
REPORTS = PROJECT_ROOT / "reports"
NOTEBOOKS = PROJECT_ROOT / "notebooks"


def user_cache() -> Path:
    """A folder for what can be rebuilt from installed files (an unpacked model), shared by
    every project of this user: ``RUMOUR_CACHE``, else ``$XDG_CACHE_HOME/rumourlib``, else
    ``~/.cache/rumourlib``. Read at call time, so a test can point it elsewhere."""
    env = os.environ.get("RUMOUR_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rumourlib"


def relative_to_root(path: str | os.PathLike) -> str:
    """Show a path relative to the project root when it is inside it (stable in outputs)."""
    p = Path(path).resolve()
    try:
        return p.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return p.as_posix()
