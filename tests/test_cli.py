"""The command line: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, app
from summarizer.testing import FakeServer

from .conftest import SEEDS


@pytest.fixture
def env(server: FakeServer, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_MAX_RETRIES": "1",
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_brief_writes_markdown_with_footnotes(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    code, _, stderr = run(env, "brief", str(SEEDS), "-o", str(out))
    assert code == EXIT_OK, stderr
    text = out.read_text()
    assert text.startswith("# ") and "## Sources" in text and "[1]" in text
    assert "5 sources, 6 model calls" in stderr


def test_no_writer_briefs_the_facts_in_their_own_words_with_no_writer_call(
    env: dict[str, str], server: FakeServer, tmp_path: Path
) -> None:
    out = tmp_path / "briefing.json"
    code, _, stderr = run(env, "brief", str(SEEDS), "--no-writer", "-o", str(out))
    assert code == EXIT_OK, stderr
    assert server.calls == 5 and "5 model calls" in stderr  # the extractions only
    data = json.loads(out.read_text())
    assert any("not sent to the writer, as asked" in w for w in data["meta"]["warnings"])
    assert data["lede"]["citations"] and all(s["citations"] for sec in data["sections"] for s in sec["sentences"])
    code, _, _ = run({**env, "SUMMARIZER_NO_WRITER": "1"}, "brief", str(SEEDS), "--no-cache", "-o", str(out))
    assert code == EXIT_OK and server.calls == 10


def test_verify_with_model_asks_a_second_opinion_and_counts_it(
    env: dict[str, str], server: FakeServer, tmp_path: Path
) -> None:
    out = tmp_path / "briefing.json"
    code, _, stderr = run(env, "brief", str(SEEDS), "--verify-with-model", "-o", str(out))
    assert code == EXIT_OK, stderr
    verdicts = sum("<sentence>" in r["messages"][1]["content"] for r in server.requests)
    assert verdicts > 0 and server.calls == 6 + verdicts
    meta = json.loads(out.read_text())["meta"]
    assert meta["usage"]["calls"] == server.calls and "verify" in meta["prompts"]


@pytest.mark.parametrize("command", ["brief", "daily"])
def test_the_embedded_model_refuses_to_verify_with_model(tmp_path: Path, command: str) -> None:
    local = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}  # no endpoint: the embedded model
    for args, env in ((["--verify-with-model"], local), ([], {**local, "SUMMARIZER_VERIFY_WITH_MODEL": "1"})):
        code, _, stderr = run(env, command, str(SEEDS), *args)
        assert code == EXIT_FAILURE, stderr  # a ConfigError, as every other setting the run cannot use
        assert "needs an endpoint" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "cache" / "models").exists()  # refused before the model is assembled


def test_brief_json_contract(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "briefing.json"
    code, _, _ = run(env, "brief", str(SEEDS), "-o", str(out))
    assert code == EXIT_OK
    data = json.loads(out.read_text())
    assert data["title"]
    sentence = data["sections"][0]["sentences"][0]
    assert sentence["text"] and sentence["citations"]
    assert {"id", "title", "outlet", "published"} <= set(data["sources"][0])
    assert {"model", "prompts", "usage"} <= set(data["meta"])
    assert {"calls", "cache_hits", "prompt_tokens", "completion_tokens"} <= set(data["meta"]["usage"])


def test_unreadable_article_is_named_and_the_run_is_partial(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((SEEDS / "000_8a5342e15c562d73.txt").read_text())
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    out = tmp_path / "b.md"
    code, _, stderr = run(env, "brief", str(folder / "good.txt"), str(folder / "broken.txt"), "-o", str(out))
    assert code == EXIT_PARTIAL
    assert "broken.txt" in stderr
    assert out.exists()


def test_total_failure_is_one_line_and_writes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    dead = {**env, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    code, _, stderr = run(dead, "brief", str(SEEDS), "-o", str(out))
    assert code == EXIT_FAILURE
    assert "error:" in stderr and "Traceback" not in stderr
    assert not out.exists()
    assert not re.search(r"extracted \d/5", stderr) and "writing the briefing" not in stderr  # as it happened
    assert "5/5: " in stderr and " failed" in stderr
    assert "cannot reach the model endpoint at http://127.0.0.1:9/v1" in stderr


def test_no_readable_input_fails(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, stderr = run(env, "brief", str(empty))
    assert code == EXIT_FAILURE and "empty.txt" in stderr


@pytest.mark.parametrize("args", [[], ["brief"], ["brief", "x", "--format", "xml"], ["nonsense"]])
def test_usage_errors(env: dict[str, str], args: list[str]) -> None:
    assert run(env, *args)[0] == EXIT_USAGE


def test_bad_setting_is_a_config_error(env: dict[str, str]) -> None:
    code, _, stderr = run({**env, "SUMMARIZER_CONCURRENCY": "zero"}, "brief", str(SEEDS))
    assert code == EXIT_FAILURE and "SUMMARIZER_CONCURRENCY" in stderr


def test_extract_output_is_briefed_again_with_no_extraction(
    env: dict[str, str], server: FakeServer, tmp_path: Path
) -> None:
    out = tmp_path / "claims.jsonl"
    code, _, _ = run(env, "extract", str(SEEDS), "-o", str(out))
    assert code == EXIT_OK
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 5 and all(line["extraction"]["claims"] and line["article"]["sentences"] for line in lines)
    assert {line["schema_version"] for line in lines} == {1}
    calls = server.calls
    code, stdout, stderr = run(env, "brief", str(out), "--no-cache", "-f", "json")
    assert code == EXIT_OK, stderr
    assert server.calls == calls + 1  # the writer only: no article was extracted again
    assert len(json.loads(stdout)["sources"]) == 5
    assert "5 sources, 1 model call (0 cached); 5 extractions read, not asked again" in stderr


def test_jsonl_on_stdin_is_records_not_one_article(env: dict[str, str], tmp_path: Path) -> None:
    records = [
        {"id": f"r{n}", "title": f"Report {n}", "text": f"The council met on Monday. Vote {n} passed."} for n in (1, 2)
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    result = CliRunner().invoke(app, ["brief", "-", "-f", "json"], env=env, input=stdin)
    assert result.exit_code == EXIT_OK, result.stderr
    assert [s["id"] for s in json.loads(result.stdout)["sources"]] == ["r1", "r2"]


def test_version_quiet_and_schema(env: dict[str, str], tmp_path: Path) -> None:
    code, stdout, _ = run(env, "--version")
    assert code == EXIT_OK and stdout.startswith("summarizer ")
    code, stdout, stderr = run(env, "-q", "brief", str(SEEDS), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_OK and stderr == "" and stdout == ""
    code, stdout, _ = run(env, "schema", "briefing")
    schema = json.loads(stdout)
    assert code == EXIT_OK and "schema_version" in schema["properties"] and "sections" in schema["required"]


def test_help_teaches(env: dict[str, str]) -> None:
    code, stdout, _ = run(env, "--help")
    assert code == EXIT_OK and "Exit codes" in stdout
    code, stdout, _ = run(env, "brief", "--help")
    assert "--format" in stdout and "Example" in stdout


ENDPOINT = {"--model", "--base-url", "--mode", "--debug"}
RUN = ENDPOINT | {"--concurrency", "--no-cache", "--cache-dir", "--prompts-dir", "--deadline"}
SHARED = {
    "brief": RUN | {"--words", "--no-writer", "--verify-with-model"},
    "daily": RUN | {"--words", "--no-writer", "--verify-with-model"},
    "extract": RUN,
    "eval": ENDPOINT | {"--no-cache", "--cache-dir", "--deadline"},
    "api": ENDPOINT | {"--concurrency", "--cache-dir"},
    "worker": ENDPOINT | {"--concurrency", "--cache-dir"},
    "serve": {"--cache-dir", "--debug"},
}


@pytest.mark.parametrize("command", sorted(SHARED))
def test_each_command_offers_its_shared_options_and_no_other(env: dict[str, str], command: str) -> None:
    code, stdout, _ = run({**env, "COLUMNS": "200"}, command, "--help")
    offered = set(re.findall(r"--[a-z][a-z-]+", stdout))
    assert code == EXIT_OK
    assert SHARED[command] <= offered
    assert offered & (SHARED["brief"] - SHARED[command]) == set()


def test_a_shared_option_beats_the_environment(env: dict[str, str], tmp_path: Path) -> None:
    flagged = tmp_path / "flagged-cache"
    code, _, stderr = run(
        env, "brief", str(SEEDS), "--cache-dir", str(flagged), "-w", "120", "-o", str(tmp_path / "b.md")
    )
    assert code == EXIT_OK, stderr
    assert flagged.is_dir() and not (tmp_path / "cache").exists()


def test_names_and_messages_with_brackets_are_printed_as_written(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "br"
    folder.mkdir()
    (folder / "[bold]empty.txt").write_text("")
    (folder / "good.txt").write_text((SEEDS / "000_8a5342e15c562d73.txt").read_text())
    code, _, stderr = run(env, "brief", str(folder), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_PARTIAL
    assert "[bold]empty.txt" in stderr


def test_a_warning_with_brackets_keeps_them(env: dict[str, str], tmp_path: Path) -> None:
    cache = tmp_path / "[local]"
    cache.write_text("a file where the cache folder should be")
    code, _, stderr = run({**env, "SUMMARIZER_CACHE_DIR": str(cache)}, "brief", str(SEEDS))
    assert code == EXIT_OK
    assert "warning: cannot use the answer cache at " in stderr and "/[local]/answers" in stderr, stderr


def test_the_install_hint_keeps_its_extra(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli._common import domain_errors
    from summarizer.errors import ConfigError

    with pytest.raises(typer.Exit), domain_errors(debug=False):
        raise ConfigError('the local model needs its engine: run `pip install -e ".[local]"`')
    assert 'pip install -e ".[local]"' in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["brief"], ["daily"], ["eval"], ["api"], ["worker"], ["serve"]])
def test_help_shows_flags_as_flags(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == EXIT_OK
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout
    if not command:
        assert re.search(r"--verbose\s+-v\s+More detail", result.stdout)  # a count: -v, -vv
    if command == ["brief"]:
        assert re.search(r"--no-writer\s+The chosen facts", result.stdout)
        assert re.search(r"--output\s+-o\s+<path>", result.stdout)  # an option that takes a value still says so


def test_a_briefing_written_into_its_input_folder_is_not_briefed_next_time(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for name in ("out.md", "out.json"):
        code, _, stderr = run(env, "brief", str(folder), "-o", str(folder / name))
        assert code == EXIT_OK, stderr
    code, stdout, stderr = run(env, "brief", str(folder))
    assert code == EXIT_OK, stderr
    assert "5 sources" in stderr and "out.md" not in stdout and "out.json" not in stdout
    code, _, stderr = run(env, "-v", "brief", str(folder), "-o", str(tmp_path / "again.md"))
    assert "out.md: passed over, summarizer wrote it" in stderr
    # named on its own, it is read: the user asked for it
    code, _, stderr = run(env, "brief", str(folder / "out.md"), "-o", str(tmp_path / "of-briefing.md"))
    assert code == EXIT_OK and "1 source," in stderr, stderr


def test_verbose_names_the_endpoint_model_and_cache_in_plain_log_lines(env: dict[str, str], tmp_path: Path) -> None:
    code, _, stderr = run(env, "-v", "brief", str(SEEDS), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_OK, stderr
    line = next(line for line in stderr.splitlines() if "answers cached in" in line)
    assert f"INFO summarizer.runtime: model fake-model at {env['OPENAI_BASE_URL']}" in line
    assert line.endswith(str(Path(env["SUMMARIZER_CACHE_DIR"]) / "answers"))  # one line, however long
    assert "INFO:" not in stderr  # the level is said once


def test_a_custom_endpoint_with_no_model_named_is_warned_about(env: dict[str, str], tmp_path: Path) -> None:
    unnamed = {k: v for k, v in env.items() if k != "SUMMARIZER_MODEL"}
    code, _, stderr = run(unnamed, "brief", str(SEEDS), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_OK, stderr
    assert (
        f"warning: no model named (SUMMARIZER_MODEL or --model): asking {env['OPENAI_BASE_URL']} for 'gpt-4o-mini'"
        in stderr
    )


def test_the_outputs_warnings_reach_the_terminal_capped(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    code, _, stderr = run(env, "brief", str(SEEDS), "--no-writer", "-o", str(out))
    assert code == EXIT_OK, stderr
    warnings = json.loads(out.read_text())["meta"]["warnings"]
    shown = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and shown[0] == f"warning: {warnings[0]}"
    assert len(shown) == min(len(warnings), 5) + (len(warnings) > 5)


def test_a_misspelt_setting_is_named(env: dict[str, str]) -> None:
    code, _, stderr = run({**env, "SUMMARIZER_API_TOKEN": "secret"}, "schema")
    assert code == EXIT_OK
    assert (
        "warning: SUMMARIZER_API_TOKEN is not a setting summarizer reads; did you mean SUMMARIZER_API_TOKENS?" in stderr
    )
    assert "secret" not in stderr


@pytest.mark.parametrize(
    ("args", "level"),
    [
        (["-v", "2", "brief"], 2),
        (["-vv", "brief"], 2),
        (["--verbose=2", "brief"], 2),
        (["-v2", "brief"], 2),
        (["brief", "-v", "2"], 2),  # after the command too
        (["brief", "-v"], 1),
        (["-v", "0", "brief"], 0),
    ],
)
def test_a_level_after_v_is_its_count_and_v_may_follow_the_command(
    env: dict[str, str], tmp_path: Path, args: list[str], level: int
) -> None:
    """`-v 2` read "2" as a command ("No such command '2'"): a number right after -v is the level."""
    out = tmp_path / "b.md"
    at = args.index("brief")
    code, _, stderr = run(env, *args[: at + 1], str(SEEDS), "-o", str(out), *args[at + 1 :])
    assert code == EXIT_OK, stderr
    assert ("INFO summarizer.runtime: model fake-model" in stderr) == (level >= 1)
    assert (" DEBUG " in stderr) == (level >= 2)


def test_v_and_q_move_before_the_command_but_not_past_a_double_dash() -> None:
    from summarizer.cli._common import verbosity_first

    assert verbosity_first(["brief", "x", "-q"]) == ["-q", "brief", "x"]
    assert verbosity_first(["brief", "-v", "3", "x"]) == ["-v", "-v", "-v", "brief", "x"]
    assert verbosity_first(["brief", "--", "-v", "2"]) == ["brief", "--", "-v", "2"]
    assert verbosity_first(["-v", "brief", "2"]) == ["-v", "brief", "2"]  # a number elsewhere is a path
