"""Prompt templates: `prompts/<name>/system.j2` and `user.j2`, rendered strictly, hashed for cache keys."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from summarizer.errors import ConfigError


@dataclass(frozen=True)
class Prompt:
    """One step's prompt: a system and a user template, and the hash of both."""

    name: str
    system: jinja2.Template
    user: jinja2.Template
    source: str

    @cached_property
    def hash(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        return f"{self.name}:{self.hash}"

    def messages(self, **variables: Any) -> list[dict[str, str]]:
        """Render both parts into chat messages; a missing variable is an error, not a blank."""
        try:
            return [
                {"role": "system", "content": self.system.render(**variables).strip()},
                {"role": "user", "content": self.user.render(**variables).strip()},
            ]
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"prompt {self.name!r}: {exc.message}") from None


def load_prompt(directory: Path, name: str) -> Prompt:
    """Load `directory/name/{system,user}.j2`."""
    folder = directory / name
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # prompts are plain text, not HTML
        keep_trailing_newline=True,
    )
    try:
        parts = {part: (folder / f"{part}.j2").read_text(encoding="utf-8") for part in ("system", "user")}
        return Prompt(
            name=name,
            system=env.get_template("system.j2"),
            user=env.get_template("user.j2"),
            source=parts["system"] + "\0" + parts["user"],
        )
    except OSError as exc:
        raise ConfigError(
            f"prompt {name!r} not found in {directory} ({exc.strerror}); "
            "set SUMMARIZER_PROMPTS_DIR to a folder holding <name>/system.j2 and <name>/user.j2"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"prompt {name!r}: {exc.filename}:{exc.lineno}: {exc.message}") from None
