"""`summarizer config`: effective settings, where each came from, secrets masked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import cli
from summarizer.cli import _common
from summarizer.cli.configuration import mask, mask_url

KEY = "sk-proj-0123456789abcdefWXYZ"


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["summarizer", *args])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    code = exit_.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().out


def test_each_setting_says_whether_a_flag_the_environment_dotenv_or_the_default_set_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_text("SUMMARIZER_WORDS=250\nSUMMARIZER_TIMEOUT=99\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "30")  # exported: beats .env
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    _common.from_dotenv.clear()
    try:
        code, out = run_main(monkeypatch, capsys, "config", "--json", "--model", "m-1")
    finally:
        os.environ.pop("SUMMARIZER_WORDS", None)  # load_dotenv put it in the environment
        _common.from_dotenv.clear()
    assert code == 0
    settings = json.loads(out)["settings"]
    assert settings["model"] == {"value": "m-1", "source": "argument", "variable": "--model"}
    assert settings["timeout"] == {"value": 30.0, "source": "environment", "variable": "SUMMARIZER_TIMEOUT"}
    assert settings["words"] == {"value": 250, "source": ".env", "variable": "SUMMARIZER_WORDS"}
    assert settings["max_chars"] == {"value": 12000, "source": "default", "variable": None}
    assert settings["mode"]["value"] == "json_schema"  # the endpoint's default, resolved
    assert settings["api_key"]["value"] == "sk-...WXYZ"
    assert KEY not in out


def test_the_table_masks_keys_tokens_and_passwords_in_urls(tmp_path: Path) -> None:
    env = {
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "SUMMARIZER_API_TOKENS": "tok-aaaaaaaaaaaaaaaa1111,tok-bbbbbbbbbbbbbbbb2222",
        "SUMMARIZER_REDIS_URL": "redis://:hunter2hunter2@redis.internal:6379/0",
        "SUMMARIZER_CACHE_DIR": str(tmp_path),
        "SUMMARIZER_SMTP_PASSWORD": "correct-horse-battery",
    }
    result = CliRunner().invoke(cli.app, ["config"], env=env)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "http://127.0.0.1:9/v1" in out and str(tmp_path) in out
    assert "sk-...WXYZ" in out and "tok...1111, tok...2222" in out and "redis://:****@redis.internal:6379/0" in out
    assert "cor...tery" in out
    for secret in (KEY, "aaaaaaaaaaaaaaaa", "hunter2", "horse"):
        assert secret not in out
    cache_line = next(line for line in out.splitlines() if line.startswith("cache_dir"))
    assert cache_line.endswith("environment SUMMARIZER_CACHE_DIR")


def test_a_bad_setting_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(cli.app, ["config"], env={"SUMMARIZER_TIMEOUT": "soon"})
    assert result.exit_code == cli.EXIT_FAILURE
    assert "SUMMARIZER_TIMEOUT" in result.stderr and "Traceback" not in result.stderr


def test_short_secrets_show_nothing_of_themselves() -> None:
    assert mask("test-key") == "****"
    assert mask_url("redis://localhost:6379") == "redis://localhost:6379"
    assert mask_url("redis://user:pw@h:1/0") == "redis://user:****@h:1/0"
