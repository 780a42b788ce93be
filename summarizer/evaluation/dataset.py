"""A labelled data set: ``facts.yaml`` (facts, conflicts, absent claims) beside an ``articles/`` folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from summarizer.errors import InputError
from summarizer.evaluation.matching import contains, matches, normalize

_M = TypeVar("_M", bound=BaseModel)

# ---- labels ---------------------------------------------------------------------------------------------


def _alternative(text: str) -> str:
    if not normalize(text):
        raise ValueError("an alternative may not be empty")
    return text


Alternative = Annotated[str, AfterValidator(_alternative)]
Group = Annotated[list[Alternative], Field(min_length=1)]


class Label(BaseModel):
    # label files may carry notes and fields of their own, and unquoted numbers ([[242], [132]])
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    id: str
    match: list[Group] = Field(min_length=1)
    unless: list[Alternative] = Field(default_factory=list)

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds an alternative of every group and none of ``unless``."""
        return matches(text, self.match) and not contains(text, self.unless)


class Fact(Label):
    statement: str
    sources: list[str] = Field(min_length=1)
    importance: Literal["core", "detail"] = "detail"


class Conflict(Label):
    topic: str
    values: list[Group] = Field(min_length=2)


class Absent(Label):
    statement: str


class Dataset(BaseModel):
    """One labelled data set: what a good briefing of its articles says, disputes, and must not say."""

    model_config = ConfigDict(extra="ignore")

    dataset: str
    facts: list[Fact] = Field(min_length=1)
    conflicts: list[Conflict] = Field(default_factory=list)
    absent: list[Absent] = Field(default_factory=list)
    root: Path | None = Field(None, exclude=True, description="the folder holding facts.yaml and articles/")

    @model_validator(mode="after")
    def _unique_ids(self) -> Dataset:
        ids = [label.id for label in (*self.facts, *self.conflicts, *self.absent)]
        if repeated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"ids used more than once: {', '.join(repeated)}")
        return self


def load_dataset(path: Path) -> Dataset:
    """Read a data set from its folder (or its facts.yaml); InputError names the file and the problem."""
    path = Path(path)
    file = path / "facts.yaml" if path.is_dir() else path
    dataset = load_yaml(Dataset, file)
    dataset.root = file.parent
    known = set(article_files(file.parent))
    for fact in dataset.facts:
        if known and (unknown := sorted(set(fact.sources) - known)):
            raise InputError(f"fact {fact.id} cites {', '.join(unknown)}, not in articles/", source=str(file))
    return dataset


def load_yaml(model: type[_M], file: Path) -> _M:
    try:
        return model.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(file)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", source=str(file)) from None
    except RecursionError:
        raise InputError("is nested too deeply to read; labels are a few levels of lists", source=str(file)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=str(file)) from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors()[:5])
        raise InputError(problems, source=str(file)) from exc


def article_files(root: Path) -> dict[str, Path]:
    """The data set's articles by id (the file stem, as ingestion names files)."""
    folder = root / "articles"
    return {f.stem: f for f in sorted(folder.iterdir()) if f.is_file()} if folder.is_dir() else {}
