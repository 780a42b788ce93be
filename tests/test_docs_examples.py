"""The service examples of docs/service.md and the README, run as written against the API and the fake model.

Each ```sh block is replayed: `summarizer api &` (with its SUMMARIZER_API_TOKENS, if any) starts the API in
this process, `python3 -c` and `curl ... | jq ...` lines run in bash, and each line's output is compared
with the one the docs show: the same JSON keys, an error exactly where the docs show one, the same message.
Each ```python block runs against the API the docs last started. A job id the docs show stands for the id
of the job the example itself created.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, call, missing, wait_for

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "docs" / "service.md", ROOT / "README.md"]
BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```", re.M | re.S)
PORT = re.compile(r"localhost:(8000|8765)")
JOB_ID = re.compile(r"\b[0-9a-f]{32}\b")


def service_blocks(doc: Path) -> list[tuple[str, str]]:
    """The blocks that talk to the API: sh with curl (not the Redis walk-through, which needs workers), and
    Python that calls it."""
    blocks = [(kind, body) for kind, body in BLOCK.findall(doc.read_text(encoding="utf-8"))]
    return [
        (kind, body)
        for kind, body in blocks
        if (kind == "sh" and "$ curl" in body and "summarizer worker" not in body)
        or (kind == "python" and "localhost:8000" in body)
    ]


def commands(block: str) -> list[tuple[str, list[str]]]:
    """Each `$ command` with the output lines the docs show under it."""
    shown: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            shown.append((line[2:], []))
        elif shown:
            shown[-1][1].append(line)
    return shown


class Replay:
    def __init__(self, settings: Settings, workdir: Path) -> None:
        self.settings, self.workdir = settings, workdir
        self.api: ApiThread | None = None
        self.token: str | None = None
        self.job: str | None = None

    def start(self, command: str) -> None:
        self.stop()
        tokens = re.match(r"SUMMARIZER_API_TOKENS=(\S+) ", command)
        self.token = tokens.group(1).split(",")[0] if tokens else None
        config = ServiceConfig(database=self.workdir / f"jobs-{id(command)}.db", tokens=[self.token] if tokens else [])
        self.api = ApiThread(create_app(config, self.settings)).start()

    def stop(self) -> None:
        if self.api:
            self.api.stop()

    def here(self, text: str) -> str:
        assert self.api, "an example talks to the API before the docs start it"
        text = PORT.sub(f"127.0.0.1:{self.api.port}", text)
        return JOB_ID.sub(self.job, text) if self.job else text

    def shell(self, command: str) -> str:
        done = subprocess.run(["bash", "-c", self.here(command)], cwd=self.workdir, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        return done.stdout

    def finished(self) -> None:
        assert self.api and self.job
        url = f"{self.api.base_url}/v1/jobs/{self.job}"

        def check() -> bool:
            status, _, body = call("GET", url, token=self.token)
            return status == 200 and json.loads(body)["status"] in ("done", "failed")

        wait_for(check, 60, f"job {self.job}")


def same_shape(shown: list[str], got: str, command: str) -> None:
    first = next((line for line in shown if line.strip()), "")
    if first.startswith("{"):
        expected, actual = json.loads(first), json.loads(got.splitlines()[0])
        assert set(actual) == set(expected), f"{command}\nshows {first}\ngot   {got}"
        # jq's {status} of an error object is {"status": null}: what the docs show filled must be filled
        assert all(actual[k] is not None for k in expected if expected[k] is not None), f"{command}\ngot {got}"
        if "status" in expected and isinstance(expected["status"], int):  # an error object: the same one
            assert actual == expected, f"{command}\nshows {first}\ngot   {got}"
    elif first.startswith("invalid request"):
        assert got.splitlines()[0] == first, command
    elif shown and first != "...":
        assert got.strip(), f"{command} printed nothing"


@pytest.mark.skipif(bool(missing("curl", "jq")), reason=missing("curl", "jq") or "")
@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_the_service_examples_run_as_written(doc: Path, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    replay = Replay(settings, tmp_path)
    ran = 0
    try:
        for kind, block in service_blocks(doc):
            if kind == "python":
                script = replay.here(block)
                done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
                assert done.stdout.startswith("# "), done.stdout[:200]  # the briefing in Markdown
                ran += 1
                continue
            for command, shown in commands(block):
                if re.search(r"\bsummarizer api\b", command):
                    replay.start(command)
                    continue
                if "/result" in command or ("/v1/jobs/" in command and '"done"' in "".join(shown)):
                    replay.finished()
                output = replay.shell(command)
                if "/v1/briefings" in command and "-d @seeds.json" in command and "Content-Type" in command:
                    created = replay.shell(command.split("|")[0])  # the same request again, for its job's id
                    replay.job = json.loads(created).get("id") or replay.job
                same_shape(shown, output, command)
                ran += 1
    finally:
        replay.stop()
    assert ran >= 5, f"only {ran} examples found in {doc.name}"
