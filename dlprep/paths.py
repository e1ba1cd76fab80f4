"""Where dlprep keeps progress (DLPREP_HOME) and where the shipped katas and decks live.

Shipped data sits at the top of the source tree (`katas/`, `questions/`) and is copied into the
wheel under `dlprep/_shipped/`; looking in both places keeps editable and plain installs alike.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def home() -> Path:
    """The user's data folder: $DLPREP_HOME, else the platform's user data dir."""
    env = os.environ.get("DLPREP_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlprep", appauthor=False))


def database() -> Path:
    """The one SQLite database holding all progress."""
    return home() / "progress.db"


def user_decks() -> Path:
    """User decks load from here beside the shipped ones."""
    return home() / "decks"


def cache_dir() -> Path:
    """Parsed-deck cache; safe to delete at any time."""
    return home() / "cache"


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_shipped" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def shipped_katas() -> Path:
    """Folder holding one sub-folder per kata."""
    return _shipped("katas")


def shipped_decks() -> Path:
    """Folder holding the shipped YAML decks."""
    return _shipped("questions")
