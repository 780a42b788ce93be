"""The API docs work offline (their assets served by the app), and the OpenAPI document names the bearer token."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, call

TOKEN = "test-token-0123456789abcdef"
# Every address a page may load from: attributes, and the quoted URLs of Swagger UI's inline set-up script.
ADDRESS = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']""")


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[ApiThread]:
    config = ServiceConfig(database=tmp_path / "jobs.db", tokens=[TOKEN])
    with ApiThread(create_app(config, settings)) as running:
        yield running


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_only_what_the_service_itself_serves(served: ApiThread, page: str) -> None:
    status, headers, body = call("GET", served.base_url + page)
    assert status == 200 and headers["content-type"].startswith("text/html")
    html = body.decode()
    addresses = [a or b for a, b in ADDRESS.findall(html)]
    assert any(a.endswith(".js") for a in addresses) and "/openapi.json" in addresses
    for address in addresses:
        parts = urllib.parse.urlsplit(address)
        assert not parts.scheme and not parts.netloc, f"{page} loads {address} from elsewhere"
        status, _, asset = call("GET", served.base_url + address)
        assert status == 200 and asset, f"{page}: {address} answers {status}"
    assert "://" not in html  # no absolute address at all: nothing is fetched from a CDN


def test_the_openapi_document_names_the_bearer_token_where_it_is_needed(served: ApiThread) -> None:
    status, _, body = call("GET", served.base_url + "/openapi.json")
    assert status == 200
    document = json.loads(body)
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    paths = document["paths"]
    assert paths["/v1/jobs"]["get"]["security"] == [{"bearer": []}]
    assert paths["/v1/briefings"]["post"]["security"] == [{"bearer": []}]
    assert "security" not in paths["/healthz"]["get"]  # liveness needs no token


def test_the_token_is_still_required_and_still_accepted(served: ApiThread) -> None:
    status, headers, _ = call("GET", served.base_url + "/v1/jobs")
    assert status == 401 and headers["www-authenticate"] == "Bearer"
    status, _, _ = call("GET", served.base_url + "/v1/jobs", token=TOKEN)
    assert status == 200


def test_each_route_lists_its_own_errors_and_the_result_has_a_schema(served: ApiThread) -> None:
    paths = json.loads(call("GET", served.base_url + "/openapi.json")[2])["paths"]

    def codes(path: str, method: str) -> set[str]:
        return {code for code in paths[path][method]["responses"] if code.startswith(("4", "5"))}

    assert codes("/healthz", "get") == {"500"}  # no token, no input: only the service itself can fail
    assert {"401", "429"} <= codes("/v1/jobs/{job_id}", "get") and "413" not in codes("/v1/jobs/{job_id}", "get")
    assert "413" in codes("/v1/briefings", "post") and "409" not in codes("/v1/briefings", "post")
    assert "409" in codes("/v1/jobs/{job_id}/result", "get")  # asked before the job is done
    result = paths["/v1/jobs/{job_id}/result"]["get"]["responses"]["200"]["content"]
    assert {ref["$ref"] for ref in result["application/json"]["schema"]["anyOf"]} == {
        "#/components/schemas/Briefing",
        "#/components/schemas/Daily",
    }
    evidence = paths["/v1/jobs/{job_id}/evidence"]["get"]["responses"]["200"]["content"]["application/json"]
    assert "claims" in evidence["schema"]["properties"]
    assert set(paths["/v1/daily/feed.atom"]["get"]["responses"]["200"]["content"]) == {"application/atom+xml"}
