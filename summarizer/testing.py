"""A fake OpenAI-compatible server on 127.0.0.1 for tests and benchmarks.

It speaks HTTP, so the real `openai` client, retries and timeouts are exercised. Answers are scripted
(`server.script(...)`) or, by default, made from the request by `echo_answer`: claims copied from the
numbered sentences, and one sentence per numbered fact. It is a test double, never a model.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted reply: an answer text, or an HTTP error, after an optional delay."""

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 100
    completion_tokens: int = 50


Responder = Callable[[dict[str, Any]], Reply]

_SENTENCE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def echo_answer(request: dict[str, Any]) -> Reply:
    """A valid answer made from the request itself: extraction, briefing or a second opinion (always "supported"),
    told apart by the prompt."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")  # the prompt, not a re-ask
    if "<sentence>" in user:
        return Reply(json.dumps({"supported": True, "reason": "consistent"}))
    numbered = [(int(n), text) for n, text in _SENTENCE.findall(user)]
    if "<article>" in user:
        # Six sentences by number, the first of them also worded (cut to 20 words), as the prompt asks.
        worded = [{"s": n, "fact": _worded(text)} for n, text in numbered[:1]]
        return Reply(json.dumps({"s": [n for n, _ in numbered[:6]], "claims": worded}))
    sentences = [{"f": [n], "text": text} for n, text in numbered]
    first = sentences[0] if sentences else {"f": [1], "text": "Nothing to report."}
    return Reply(json.dumps({"title": "Briefing", "lede": first, "sentences": sentences}))


def _worded(sentence: str) -> str:
    """A sentence cut to 20 words the way a model shortens it, at a comma: a cut elsewhere can split a figure
    ("recalled 2" of "recalled 2 million units"), which the extraction check rightly refuses."""
    words = sentence.split()
    if len(words) <= 20:
        return sentence
    head = " ".join(words[:20])
    return head.rsplit(",", 1)[0] + "." if "," in head else head


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many concurrent clients must not wait for a backlog slot


class FakeServer:
    """Serve /v1/chat/completions and /v1/models on a free loopback port; records every request it gets."""

    def __init__(
        self, responder: Responder = echo_answer, *, delay: float = 0.0, models: Sequence[str] = ("fake", "fake-model")
    ) -> None:
        self.responder = responder
        self.models = list(models)  # what GET /v1/models lists; empty: it answers 404, as servers that list none
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._scripted: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order, before falling back to the responder."""
        with self._lock:
            self._scripted.extend(replies)

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.popleft() if self._scripted else None
        return scripted or self.responder(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models") and server.models:
                    data = [{"id": name, "object": "model", "owned_by": "fake"} for name in server.models]
                    self._send(200, {"object": "list", "data": data})
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
                reply = server._next(body)
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                time.sleep(reply.delay or server.delay)
                with server._lock:
                    server.in_flight -= 1
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": reply.content or "scripted failure"}}, reply.headers)
                    return
                message: dict[str, Any] = {"role": "assistant", "content": reply.content}
                if body.get("tools"):
                    name = body["tools"][0]["function"]["name"]
                    message = {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": reply.content}}
                        ],
                    }
                self._send(
                    200,
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                        "usage": {
                            "prompt_tokens": reply.prompt_tokens,
                            "completion_tokens": reply.completion_tokens,
                            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
                        },
                    },
                    reply.headers,
                )

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

        return Handler

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
