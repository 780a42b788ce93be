"""A built wheel works on its own: installed elsewhere, it briefs from another folder with its shipped prompts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import summarizer
from summarizer.testing import FakeServer

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    # No build isolation and no dependencies: nothing is downloaded; setuptools comes from the dev extra.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=build,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    (found,) = out.glob("*.whl")
    return found


def test_wheel_ships_prompts_word_lists_license_and_typing(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "summarizer/model/templates/extract/system.j2" in names
    assert "summarizer/model/templates/brief/user.j2" in names
    assert "summarizer/language/english_stop_words.txt" in names
    assert "summarizer/language/data/wordnet.txt.gz" in names  # the alignment check's word relations
    assert "summarizer/language/data/WORDNET-LICENSE" in names
    assert "summarizer/py.typed" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    meta = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "Name: cited-news-summarizer" in text and "License-Expression: MIT" in text


def test_the_top_level_prompts_folder_is_the_shipped_one() -> None:
    """`prompts/` is a link to the package's templates, so a prompt edited there is the one the wheel ships."""
    top = ROOT / "prompts"
    if not top.exists():
        pytest.skip("no prompts/ here: an unpacked sdist carries the templates inside the package only")
    assert top.is_symlink() and top.resolve() == Path(summarizer.__file__).resolve().parent / "model" / "templates"


def test_installed_wheel_briefs_from_another_folder(wheel: Path, server: FakeServer, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(target),  # before the editable checkout, which is found last
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("SUMMARIZER_PROMPTS_DIR", None)
    script = (
        "import summarizer, sys; from summarizer.cli import main; "
        "assert summarizer.__file__.startswith(sys.argv[1]), summarizer.__file__; "
        "sys.argv = ['summarizer', 'brief', sys.argv[2], '-f', 'json']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(SEEDS)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    briefing = json.loads(done.stdout)
    assert len(briefing["sources"]) == 5 and briefing["schema_version"] == 1
    assert set(briefing["meta"]["prompts"]) == {"extract", "brief"}
