"""Test doubles and harnesses for the service, on loopback only: Redis, the API in a thread, workers, Chromium.

Used by the project's tests and benchmarks, and usable in yours. Redis and Chromium are the Debian
packages `redis-server` and `chromium`: nothing is downloaded at run time. `missing(...)` says what
is not installed, so a test can skip with that reason.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
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
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def missing(*programs: str) -> str | None:
    """A skip reason naming the programs not on PATH, or None when all are there."""
    absent = [p for p in programs if shutil.which(p) is None]
    if not absent:
        return None
    return f"{', '.join(absent)} not installed (Debian packages: redis-server, chromium; .ci/run installs them)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(check: Any, timeout: float, what: str, every: float = 0.05) -> Any:
    """Call `check` until it returns something truthy; raise TimeoutError naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


class RedisServer:
    """`redis-server` on a free loopback port, with no persistence: it starts empty and leaves nothing."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"]  # fmt: skip
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, 10, "redis-server to answer")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def summarizer_process(*args: str, env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """`summarizer <args>` in a child process with `env` on top of this one's environment; output to `log`."""
    command = [sys.executable, "-m", "summarizer", *args]
    full = {**os.environ, **env}
    if log is None:
        return subprocess.Popen(command, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(log, "ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=full, stdout=output, stderr=subprocess.STDOUT)


class ApiThread:
    """The API app served by uvicorn in a thread of this process, on a free loopback port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.app = app
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on", ws="none")
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def service(self) -> Any:
        """The running `Service` (job store, runner, scheduler...), once started."""
        return self.app.state.service

    def start(self) -> ApiThread:
        self._thread.start()
        wait_for(lambda: self.server.started, 30, "the API to start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(30)

    def __enter__(self) -> ApiThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def call(
    method: str, url: str, body: Any = None, *, token: str | None = None, raw: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request with the standard library: status, headers and body, errors included."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


class Chromium:
    """Headless Chromium (Debian's package) driven over the DevTools protocol: navigate, evaluate, click."""

    def __init__(self, binary: str = "chromium") -> None:
        self.binary = shutil.which(binary) or binary
        self._profile = tempfile.TemporaryDirectory(prefix="summarizer-chromium-")
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: Any = None
        self._closing = contextlib.ExitStack()
        self._ids = itertools.count(1)

    def start(self) -> Chromium:
        from websockets.sync.client import connect

        profile = Path(self._profile.name)
        command = [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                   "--remote-debugging-address=127.0.0.1", "--window-size=1000,800", "about:blank"]  # fmt: skip
        # in a session of its own, so that stopping it stops its helpers (crash handler, renderers) too
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        active = profile / "DevToolsActivePort"
        wait_for(lambda: active.exists() and len(active.read_text().split()) >= 2, 30, "Chromium to start")
        port = active.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.loads(response.read()) if t["type"] == "page"]
        connection = connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        self._socket = self._closing.enter_context(connection)
        self.send("Page.enable")
        return self

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; returns its result (events that arrive meanwhile are dropped)."""
        message_id = next(self._ids)
        self._socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._socket.recv(timeout=30))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        wait_for(lambda: self.evaluate("document.readyState") == "complete" and self.evaluate("location.href") == url,
                 30, f"{url} to load")  # fmt: skip

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, as a reader's would be."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView();"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))

    def stop(self) -> None:
        self._closing.close()
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            with contextlib.suppress(ProcessLookupError):  # a helper still writing to the profile ("Directory
                os.killpg(self._process.pid, signal.SIGKILL)  # not empty" once, removing it under load)
        for attempt in range(5):
            try:
                self._profile.cleanup()
                return
            except OSError:
                if attempt == 4:
                    raise
                time.sleep(0.2)

    def __enter__(self) -> Chromium:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
