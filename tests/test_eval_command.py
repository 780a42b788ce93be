"""`summarizer eval`: live, record and replay against the fake server, thresholds and reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, app
from summarizer.testing import FakeServer

from .conftest import ROOT

DATASET = ROOT / "evals" / "datasets" / "aleppo-2024-11"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    copy = tmp_path / "aleppo"
    shutil.copytree(DATASET / "articles", copy / "articles")
    shutil.copy(DATASET / "facts.yaml", copy / "facts.yaml")
    return copy


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def fake_env(server: FakeServer, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "k",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }


def test_record_then_replay_with_no_model(server: FakeServer, dataset: Path, tmp_path: Path) -> None:
    recorded, replayed = tmp_path / "recorded.json", tmp_path / "replayed.json"
    code, _, stderr = run(
        fake_env(server, tmp_path), "eval", str(dataset), "--record", "--json", str(recorded), "--min", "fact_recall=0"
    )
    assert code in (EXIT_OK, EXIT_FAILURE), stderr
    assert (dataset / "cassette.json").exists() and server.calls == 6
    calls = server.calls
    offline = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "other-cache")}  # no endpoint, no key
    code, stdout, stderr = run(offline, "eval", str(dataset), "--replay", "--json", str(replayed))
    assert server.calls == calls
    assert "Traceback" not in stderr
    before = json.loads(recorded.read_text())["datasets"][0]["metrics"]
    after = json.loads(replayed.read_text())["datasets"][0]["metrics"]
    assert before == after
    assert "fact_recall" in stdout


def test_replay_lists_requests_it_cannot_answer(server: FakeServer, dataset: Path, tmp_path: Path) -> None:
    run(fake_env(server, tmp_path), "eval", str(dataset), "--record")
    article = next((dataset / "articles").iterdir())
    article.write_text(article.read_text() + "\nA new sentence was added after recording.\n")
    code, _, stderr = run({}, "eval", str(dataset), "--replay")
    assert code == EXIT_FAILURE
    assert "no answer for" in stderr and article.stem in stderr


def test_scoring_a_given_briefing_makes_no_call(server: FakeServer, dataset: Path, tmp_path: Path) -> None:
    env = fake_env(server, tmp_path)
    out = tmp_path / "b.json"
    run(env, "brief", str(dataset / "articles"), "-o", str(out))
    calls = server.calls
    code, stdout, _ = run(
        env,
        "eval",
        str(dataset),
        "--briefing",
        str(out),
        "--min",
        "fact_recall=0",
        "--min",
        "core_fact_recall=0",
        "--min",
        "citation_accuracy=0",
        "--min",
        "conflict_coverage=0",
        "--min",
        "lead_margin=-1",
    )
    assert code == EXIT_OK
    assert server.calls == calls
    assert "fact_recall" in stdout


def test_threshold_failure_exits_nonzero_and_writes_junit(server: FakeServer, dataset: Path, tmp_path: Path) -> None:
    junit = tmp_path / "eval.xml"
    code, _, stderr = run(
        fake_env(server, tmp_path), "eval", str(dataset), "--min", "fact_recall=1.01", "--junit", str(junit)
    )
    assert code == EXIT_FAILURE
    assert "below threshold" in stderr and "fact_recall" in stderr
    assert "<testsuite" in junit.read_text()


def test_baseline_comparison(server: FakeServer, dataset: Path, tmp_path: Path) -> None:
    env = fake_env(server, tmp_path)
    first = tmp_path / "first.json"
    run(env, "eval", str(dataset), "--json", str(first))
    report = json.loads(first.read_text())
    report["datasets"][0]["metrics"]["fact_recall"] = 1.0  # a baseline better than anything we score
    report["datasets"][0]["metrics"]["absent_violations"] = 99  # and one far worse
    first.write_text(json.dumps(report))
    _, _, stderr = run(env, "eval", str(dataset), "--baseline", str(first))
    assert "regressed" in stderr and "fact_recall" in stderr
    assert "improved" in stderr and "absent_violations" in stderr
