"""`summarizer eval` on bad inputs: one clear line and an exit code, never a traceback, and before any work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_USAGE, app
from summarizer.testing import FakeServer

from ..conftest import ROOT

DATASET = ROOT / "evals" / "datasets" / "aleppo-2024-11"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    copy = tmp_path / "aleppo"
    shutil.copytree(DATASET / "articles", copy / "articles")
    shutil.copy(DATASET / "facts.yaml", copy / "facts.yaml")
    return copy


@pytest.fixture
def env(server: FakeServer, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "k",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", *args, "--no-thresholds"], env=env)
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("Caf\u00e9 facts".encode("latin-1"), "not UTF-8"),
        (b"facts: " + b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        (b"facts: &a [" + b"*a, " * 10 + b"]", "facts.yaml"),  # a self-referencing alias
    ],
)
def test_a_broken_facts_file_is_one_line(
    env: dict[str, str], dataset: Path, server: FakeServer, content: bytes, problem: str
) -> None:
    (dataset / "facts.yaml").write_bytes(content)
    code, stderr = run(env, str(dataset))
    assert code == EXIT_FAILURE and problem in stderr and "facts.yaml" in stderr
    assert server.calls == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "cannot be read"), (b"{not json", "not a report"), (b'{"datasets": 3}', "not a report")],
)
def test_a_bad_baseline_fails_before_any_model_call(
    env: dict[str, str], dataset: Path, server: FakeServer, tmp_path: Path, content: bytes | None, problem: str
) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_bytes(content)
    code, stderr = run(env, str(dataset), "--baseline", str(baseline))
    assert code == EXIT_FAILURE and problem in stderr and "baseline.json" in stderr
    assert server.calls == 0


@pytest.mark.parametrize("flag", ["--json", "--report", "--junit"])
def test_an_output_that_is_a_folder_fails_before_any_model_call(
    env: dict[str, str], dataset: Path, server: FakeServer, tmp_path: Path, flag: str
) -> None:
    code, stderr = run(env, str(dataset), flag, str(tmp_path))
    assert code == EXIT_USAGE and "is a folder" in stderr
    assert server.calls == 0


def test_a_malformed_cassette_is_one_line(env: dict[str, str], dataset: Path) -> None:
    (dataset / "cassette.json").write_text('{"answers": {"k": 1}}')
    code, stderr = run({"SUMMARIZER_CACHE_DIR": env["SUMMARIZER_CACHE_DIR"]}, str(dataset), "--replay")
    assert code == EXIT_FAILURE and "not a cassette" in stderr
