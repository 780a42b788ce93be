"""Settings precedence: arguments > environment > .env; endpoint-dependent defaults."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from summarizer import cli
from summarizer.config import ENV_VARS, Settings, unknown_env_vars
from summarizer.errors import ConfigError


def test_arguments_beat_environment() -> None:
    env = {"SUMMARIZER_MODEL": "from-env", "SUMMARIZER_CONCURRENCY": "3"}
    settings = Settings.load(env, model="from-arg")
    assert settings.model == "from-arg" and settings.concurrency == 3


def test_blank_environment_values_are_ignored() -> None:
    assert Settings.load({"SUMMARIZER_MODEL": "  "}).model is None


def test_bad_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="SUMMARIZER_MAX_REASKS"):
        Settings.load({"SUMMARIZER_MAX_REASKS": "lots"})


def test_no_endpoint_means_the_local_model_and_its_mode() -> None:
    local = Settings.load({})
    assert local.uses_local_model and local.resolved_mode() == "json_object_schema"
    assert local.resolved_concurrency() == 1  # the local server answers one request at a time
    remote = Settings.load({"OPENAI_API_KEY": "k"})
    assert not remote.uses_local_model and remote.resolved_mode() == "json_schema"
    assert remote.resolved_concurrency() == 4
    assert Settings.load({}, concurrency=3).resolved_concurrency() == 3


def test_no_cache_flag_from_environment() -> None:
    assert Settings.load({"SUMMARIZER_NO_CACHE": "yes"}).no_cache
    assert not Settings.load({"SUMMARIZER_NO_CACHE": "0"}).no_cache


def test_dotenv_is_read_by_the_cli_and_loses_to_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_text("SUMMARIZER_MAX_RETRIES=many\nSUMMARIZER_TIMEOUT=oops\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "30")  # the environment wins over .env
    monkeypatch.setattr("sys.argv", ["summarizer", "brief", "nothing.txt"])
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main()
    finally:
        os.environ.pop("SUMMARIZER_MAX_RETRIES", None)  # load_dotenv put it in the environment
    assert exit_.value.code == cli.EXIT_FAILURE
    err = capsys.readouterr().err
    assert "SUMMARIZER_MAX_RETRIES" in err and "SUMMARIZER_TIMEOUT" not in err


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:8080/v1\nSUMMARIZER_MODEL=x", "line break"),
        ("localhost:11434", "http://localhost:11434"),
        ("127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"),
    ],
)
def test_a_base_url_that_is_not_one_is_a_config_error_naming_it(url: str, problem: str) -> None:
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL") as caught:
        Settings.load({"OPENAI_BASE_URL": url})
    assert problem in str(caught.value)


def test_a_base_url_keeps_its_value_without_surrounding_space() -> None:
    assert Settings.load({"OPENAI_BASE_URL": " http://127.0.0.1:8080/v1\n"}).base_url == "http://127.0.0.1:8080/v1"


def test_the_python_api_reads_no_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # README: the command reads .env; Settings.load() and Summarizer() read only the environment.
    (tmp_path / ".env").write_text("SUMMARIZER_MODEL=from-dotenv\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    assert Settings.load().model is None


ROOT = Path(__file__).resolve().parent.parent
VARIABLE = re.compile(r"SUMMARIZER_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_{*])")  # not a family: "SUMMARIZER_SMTP_*"
MISSPELT = {"SUMMARIZER_API_TOKEN"}  # the docs' example of a misspelling the warning catches


def test_every_variable_the_package_and_its_docs_name_is_one_it_reads() -> None:
    # A setting added on its own (the writer, a size limit, the service's) must be known to the warning
    # about unknown variables, or setting it as documented prints "is not a setting summarizer reads".
    files = [*(ROOT / "summarizer").rglob("*.py"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    named = {name for file in [*files, ROOT / ".env.example"] for name in VARIABLE.findall(file.read_text())}
    assert {"SUMMARIZER_WRITER", "SUMMARIZER_MAX_STDIN_BYTES", "SUMMARIZER_REDIS_URL"} <= named  # the scan sees them
    assert unknown_env_vars(dict.fromkeys(named - MISSPELT, "1")) == []


def test_every_settings_variable_is_in_the_env_example() -> None:
    documented = set(VARIABLE.findall((ROOT / ".env.example").read_text()))
    assert {name for name in ENV_VARS if name.startswith("SUMMARIZER_")} - documented == set()


def test_an_unknown_variable_is_named_with_the_one_likely_meant() -> None:
    env = {"SUMMARIZER_MAX_STDIN_BYTE": "1", "SUMMARIZER_WRITER": "1", "SUMMARIZER_COLOUR": "1", "HOME": "/"}
    assert unknown_env_vars(env) == [
        "SUMMARIZER_COLOUR is not a setting summarizer reads",
        "SUMMARIZER_MAX_STDIN_BYTE is not a setting summarizer reads; did you mean SUMMARIZER_MAX_STDIN_BYTES?",
    ]
