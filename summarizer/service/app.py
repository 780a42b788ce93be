"""The HTTP API and the reading page (FastAPI). `create_app` builds it; `summarizer api` serves it.

    POST /v1/briefings      articles (inline or URLs) -> 202 and a job
    POST /v1/daily          a day's sources -> 202 and a job
    GET  /v1/jobs[/{id}]    status and progress
    GET  /v1/jobs/{id}/result?format=json|md
    DELETE /v1/jobs/{id}    cancel an unfinished job; delete a finished one
    GET  /v1/daily/feed.atom the finished daily documents as an Atom feed
    GET  /                  the reading page; /read/{id} one briefing or day
    GET  /healthz, /docs, /openapi.json

Every API error is JSON, `{"error": {"status": ..., "message": ...}}`; tracebacks go to the service log only.
The reading page answers in HTML: a job still running is a page that reloads itself, a failed one shows why.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import time
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from summarizer._version import __version__
from summarizer.config import Settings
from summarizer.daily.render import daily_markdown
from summarizer.daily.run import Daily, parse_since
from summarizer.errors import InputError, SummarizerError
from summarizer.ingest.files import parse_article
from summarizer.render import to_markdown
from summarizer.schemas import Article, Briefing
from summarizer.service.config import ServiceConfig
from summarizer.service.feed import FEED_ENTRIES, FEED_PATH, daily_feed
from summarizer.service.jobs import UNFINISHED, Job
from summarizer.service.page import index_page, login_page, missing_page, read_page, working_page
from summarizer.service.queue import QueueExecutor
from summarizer.service.schemas import (
    ArticleIn,
    BriefingRequest,
    DailyRequest,
    ErrorOut,
    Health,
    JobList,
    JobOut,
    Progress,
)
from summarizer.service.security import COOKIE, BodyLimit, is_allowed, local_path, token_of
from summarizer.service.state import Service

log = logging.getLogger(__name__)
access = logging.getLogger("summarizer.service.access")


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route can give, each an `ErrorOut`: listed per route, so /docs says which apply."""
    return {code: {"model": ErrorOut} for code in (*codes, 500)}


# What GET /v1/jobs/{id}/evidence answers: each cited claim's article and supporting sentences.
EVIDENCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "claims": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "article": {"type": "string"},
                    "sentences": {
                        "type": "array",
                        "items": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]},
                    },
                },
            },
        }
    },
}
SIGNED = (401, 429)  # any route behind the token: no or a wrong token, too many wrong ones or requests


def create_app(config: ServiceConfig, settings: Settings) -> FastAPI:
    """The API with its job store, runner, queue and schedules started in its lifespan."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await Service.start(config, settings)
        app.state.service = service
        try:
            yield
        finally:
            await service.stop()

    app = FastAPIOffline(  # /docs and /redoc from assets in the package: no CDN, so they work offline
        title="summarizer",
        version=__version__,
        summary="News articles in, a cited multi-source briefing out.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_bytes=config.limits.max_body_bytes)
    app.add_middleware(AccessLog)
    _errors(app)
    _api(app)
    _removal(app)
    _feed(app)
    _pages(app)
    return app


class AccessLog:
    """One log line per request: method, path, status, milliseconds (uvicorn's own access log is off: it
    names no duration, and this one goes through the service's logging like the job events)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            milliseconds = (time.perf_counter() - started) * 1000
            access.info("%s %s %d %.0f ms", scope["method"], scope["path"], status, milliseconds)


# ---- errors ---------------------------------------------------------------------------------------------


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors()[:10]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method in ("POST", "PUT") and kind != "application/json":
            # curl -d sends a form's content type unless told otherwise; the parse error alone does not say so.
            problems = [
                f"send JSON with the header Content-Type: application/json (this request's was {kind or 'none'}; "
                "with curl add -H 'Content-Type: application/json')"
            ]
        return _error(422, "invalid request: " + "; ".join(problems))

    @app.exception_handler(SummarizerError)
    async def domain(request: Request, exc: SummarizerError) -> Response:
        return _error(422 if isinstance(exc, InputError) else 400, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, "internal error: the service log has the details")


# ---- who is calling -------------------------------------------------------------------------------------


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _token_checked(token: str | None, request: Request, service: Service) -> bool:
    """Whether `token` is one of the service's. A wrong one counts against the client's address, and an address
    past its limit of wrong ones gets a 429 before its token is even looked at (its right guess would show)."""
    if not token:
        return False
    client = _client(request)
    if (wait := math.ceil(service.sign_ins.wait(client))) > 0:
        raise HTTPException(
            429, f"too many wrong tokens from this address: try again in {wait} s", headers={"Retry-After": str(wait)}
        )
    if is_allowed(token, service.config.tokens):
        return True
    service.sign_ins.failed(client)
    return False


def _authorized(request: Request, service: Service) -> str | None:
    """The caller's identity for rate limiting, or None when a token is required and missing or wrong."""
    # The reading page's cookie is for reading only: work is submitted with the header, so another site
    # cannot make a signed-in browser submit jobs (SameSite=Strict already stops most of that).
    cookie = request.cookies.get(COOKIE) if request.method in ("GET", "HEAD") else None
    token = token_of(request.headers.get("authorization"), cookie)
    if service.config.tokens:
        return f"token:{token}" if _token_checked(token, request, service) else None
    return f"address:{_client(request)}"


# Names the scheme in the OpenAPI document, so /docs has an Authorize button; `_authorized` reads the header
# itself, since a GET may also carry the reading page's cookie.
bearer = HTTPBearer(
    scheme_name="bearer",
    description="One of the service's tokens (SUMMARIZER_API_TOKENS, or `tokens` in its config), if it has any.",
    auto_error=False,
)


def caller(
    request: Request,
    service: Annotated[Service, Depends(service_of)],
    documented: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None,
) -> str:
    who = _authorized(request, service)
    if who is None:
        raise HTTPException(
            401,
            "a valid bearer token is required: send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


def submitter(who: Annotated[str, Depends(caller)], service: Annotated[Service, Depends(service_of)]) -> str:
    """A caller submitting work, within its rate limit."""
    wait = service.limiter.take(who)
    if wait > 0:
        raise HTTPException(
            429, f"too many jobs submitted: try again in {wait:.0f} s", headers={"Retry-After": str(int(wait) + 1)}
        )
    return who


Caller = Annotated[str, Depends(caller)]
Submitter = Annotated[str, Depends(submitter)]
ServiceDep = Annotated[Service, Depends(service_of)]


# ---- the API --------------------------------------------------------------------------------------------


def job_out(job: Job, service: Service) -> JobOut:
    progress = service.runner.live.get(job.id) or job.progress or {}
    if job.status == "done":
        progress = {"stage": "done", "done": 1, "total": 1}
    base = f"/v1/jobs/{job.id}"
    return JobOut(
        id=job.id,
        kind="daily" if job.kind == "daily" else "briefing",
        status=job.status,
        progress=Progress.model_validate(progress),
        title=job.title,
        schedule=job.schedule,
        error=job.error,
        created=job.created,
        updated=job.updated,
        links={"self": base, "result": f"{base}/result", "markdown": f"{base}/result?format=md",
               "evidence": f"{base}/evidence", "page": f"/read/{job.id}"},
    )  # fmt: skip


def _parse(articles: list[ArticleIn], service: Service) -> list[Article]:
    """Inline articles, checked against the limits and read now, so a bad one is a 422 at once."""
    limit = service.config.limits.max_article_chars
    out: list[Article] = []
    ids: set[str] = set()
    for number, given in enumerate(articles, 1):
        name = given.id or f"#{number}"
        if len(given.text) > limit:
            raise InputError(f"article {name} has {len(given.text):,} characters, over the limit of {limit:,}")
        if given.id and given.id in ids:
            raise InputError(f"article id {given.id!r} is given twice")
        meta = {"title": given.title, "outlet": given.outlet, "published": given.published, "url": given.url}
        try:
            article = parse_article(
                given.text,
                id=given.id,
                source=given.url,  # inline text has no file or address to show
                fmt=given.format,
                meta={k: v for k, v in meta.items() if v},
                max_chars=service.settings.max_chars,
            )
        except InputError as exc:
            raise InputError(str(exc), source=f"article {name}") from None
        if article.id in ids:  # the same text twice without ids: one article
            continue
        ids.add(article.id)
        out.append(article)
    return out


def _check_counts(articles: int, urls: list[str], service: Service) -> None:
    limits = service.config.limits
    if len(urls) > limits.max_urls:
        raise InputError(f"{len(urls)} URLs given, over the limit of {limits.max_urls}")
    if articles + len(urls) > limits.max_articles:
        raise InputError(f"{articles + len(urls)} articles and URLs given, over the limit of {limits.max_articles}")
    if bad := [u for u in urls if urllib.parse.urlsplit(u).scheme.lower() not in ("http", "https")]:
        raise InputError(f"only http and https URLs are fetched, not {bad[0]!r}")


def _submit(service: Service, kind: str, request: dict[str, Any], articles: list[Article]) -> Job:
    job = service.jobs.create(kind, request)
    if articles:
        service.jobs.set_articles(job.id, json.dumps({"articles": [a.model_dump(mode="json") for a in articles]}))
    log.info("job %s queued: %s of %d articles, %d sources", job.id, kind, len(articles), len(request["sources"]))
    service.runner.start(job)
    return job


def _api(app: FastAPI) -> None:
    @app.get("/healthz", tags=["service"], responses=errors())
    async def healthz(service: ServiceDep, response: Response) -> Health:
        """Liveness, the queue in use and how many jobs are in each state (no auth needed); 503, with the
        problem named, when jobs cannot progress: no live worker on the Redis queue, or Redis failing."""
        workers, problem = None, None
        if isinstance(service.executor, QueueExecutor):
            try:
                workers = await service.executor.workers()
            except SummarizerError as exc:
                problem = str(exc)
            if workers == 0:
                problem = "no live `summarizer worker` on the Redis queue: jobs wait until one is started"
        if problem:
            response.status_code = 503
        return Health(status="unavailable" if problem else "ok", problem=problem, version=__version__,
                      queue=service.queue_kind, workers=workers, jobs=service.jobs.counts())  # fmt: skip

    @app.post("/v1/briefings", status_code=202, tags=["jobs"], responses=errors(400, *SIGNED, 413, 422))
    async def create_briefing(body: BriefingRequest, service: ServiceDep, who: Submitter, response: Response) -> JobOut:
        """Brief the articles (and the pages at `urls`) as one story. Poll the job (`Location`), then get its
        result."""
        _check_counts(len(body.articles), body.urls, service)
        articles = _parse(body.articles, service)
        job = _submit(service, "briefing", {"sources": body.urls, "articles": len(articles)}, articles)
        response.headers["Location"] = f"/v1/jobs/{job.id}"
        return job_out(job, service)

    @app.post("/v1/daily", status_code=202, tags=["jobs"], responses=errors(400, *SIGNED, 413, 422))
    async def create_daily(body: DailyRequest, service: ServiceDep, who: Submitter, response: Response) -> JobOut:
        """A daily document: the articles of `sources` (feeds, pages) grouped into stories, ranked, briefed."""
        _check_counts(len(body.articles), body.sources, service)
        articles = _parse(body.articles, service)
        request = {
            "sources": body.sources,
            "articles": len(articles),
            "date": body.date.isoformat() if body.date else None,
            # Resolved now: a resumed job keeps the window it was asked for.
            "since": parse_since(body.since).isoformat() if body.since else None,
            "max_stories": body.max_stories,
            "max_tokens": body.max_tokens,
            "fresh": body.fresh,
        }
        job = _submit(service, "daily", request, articles)
        response.headers["Location"] = f"/v1/jobs/{job.id}"
        return job_out(job, service)

    @app.get("/v1/jobs", tags=["jobs"], responses=errors(*SIGNED, 422))
    async def list_jobs(service: ServiceDep, who: Caller, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JobList:
        """The most recent jobs first."""
        return JobList(jobs=[job_out(j, service) for j in service.jobs.list(limit=limit)])

    @app.get("/v1/jobs/{job_id}", tags=["jobs"], responses=errors(*SIGNED, 404))
    async def get_job(job_id: str, service: ServiceDep, who: Caller) -> JobOut:
        """Status and progress (stage, done, total, estimated seconds left)."""
        return job_out(_job(service, job_id), service)

    @app.get(
        "/v1/jobs/{job_id}/result",
        tags=["jobs"],
        responses={
            200: {
                "model": Briefing | Daily,
                "content": {"text/markdown": {"schema": {"type": "string"}}},
                "description": "a briefing job's Briefing or a daily job's Daily (`summarizer schema`), or Markdown",
            },
            **errors(*SIGNED, 404, 409, 422),
        },
    )
    async def get_result(
        job_id: str,
        service: ServiceDep,
        who: Caller,
        format: Annotated[str, Query(pattern="^(json|md)$")] = "json",
    ) -> Response:
        """The briefing or daily document: JSON (the CLI's contract, `summarizer schema`) or Markdown."""
        result, _ = _result(service, job_id)
        if format == "json":
            return Response(result, media_type="application/json")
        if _job(service, job_id).kind == "daily":
            return PlainTextResponse(daily_markdown(Daily.model_validate_json(result)), media_type="text/markdown")
        return PlainTextResponse(to_markdown(Briefing.model_validate_json(result)), media_type="text/markdown")

    @app.get(
        "/v1/jobs/{job_id}/evidence",
        tags=["jobs"],
        responses={200: {"content": {"application/json": {"schema": EVIDENCE_SCHEMA}}}, **errors(*SIGNED, 404, 409)},
    )
    async def get_evidence(job_id: str, service: ServiceDep, who: Caller) -> Response:
        """Each claim's supporting sentences: {"claims": {claim id: {"article", "sentences": [[n, text]]}}}."""
        _, evidence = _result(service, job_id)
        return Response(evidence, media_type="application/json")


def _feed(app: FastAPI) -> None:
    @app.get(
        FEED_PATH,
        tags=["jobs"],
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}, **errors(*SIGNED)},
    )
    async def daily_atom(request: Request, service: ServiceDep, who: Caller) -> Response:
        """The finished daily documents, newest first, as an Atom feed: each entry the whole document in HTML,
        linked to its reading page. Subscribe a feed reader (with the bearer token, when the service has any)."""
        finished = [j for j in service.jobs.list(limit=500) if j.kind == "daily" and j.status == "done"]
        days = []
        for job in finished[:FEED_ENTRIES]:
            found = service.jobs.result(job.id)
            if found is not None:
                days.append((job, Daily.model_validate_json(found[0])))
        return Response(daily_feed(days, str(request.base_url)), media_type="application/atom+xml")


CANCELLED = "cancelled by a DELETE request"


def _removal(app: FastAPI) -> None:
    @app.delete(
        "/v1/jobs/{job_id}",
        tags=["jobs"],
        responses={
            200: {"description": "cancelled: the job, now failed"},
            204: {"description": "deleted"},
            **errors(*SIGNED, 404),
        },
    )
    async def delete_job(job_id: str, service: ServiceDep, who: Caller) -> Response:
        """Cancel a queued or running job (200: it is kept, failed, as cancelled; a second DELETE removes it), or
        delete a finished one with its result (204). Units already handed to Redis workers still run, and their
        answers stay in the cache."""
        job = _job(service, job_id)
        if job.status not in UNFINISHED:
            service.jobs.delete(job_id)
            log.info("job %s deleted", job_id)
            return Response(status_code=204)
        task = service.runner.tasks.get(job_id)
        if task is not None:
            task.cancel()
            await asyncio.wait({task})
        job = _job(service, job_id)
        if job.status in UNFINISHED:  # not finished in the meantime
            service.jobs.set_status(job_id, "failed", error=CANCELLED)
            log.info("job %s cancelled", job_id)
        return JSONResponse(job_out(_job(service, job_id), service).model_dump(mode="json"))


def _job(service: Service, job_id: str) -> Job:
    job = service.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id}")
    return job


def _result(service: Service, job_id: str) -> tuple[str, str]:
    job = _job(service, job_id)
    if job.status == "failed":
        raise HTTPException(409, f"job {job_id} failed: {job.error}")
    found = service.jobs.result(job_id)
    if found is None:
        progress = service.runner.live.get(job_id) or job.progress
        where = f"{progress.get('stage', 'queued')} {progress.get('done', 0)}/{progress.get('total', 0)}"
        raise HTTPException(409, f"job {job_id} is {job.status} ({where}): try again later")
    return found


# ---- the reading page -----------------------------------------------------------------------------------


def _pages(app: FastAPI) -> None:
    def signed_in(request: Request, service: Service) -> bool:
        return _authorized(request, service) is not None

    def to_sign_in(request: Request) -> Response:
        """The sign-in form, told to come back here afterwards."""
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = "/login" if here == "/" else "/login?" + urllib.parse.urlencode({"next": here})
        return RedirectResponse(target, status_code=303)

    @app.get("/", include_in_schema=False)
    async def index(request: Request, service: ServiceDep) -> Response:
        if not signed_in(request, service):
            return to_sign_in(request)
        finished = service.jobs.list(limit=200)
        return HTMLResponse(
            index_page(
                [j for j in finished if j.status == "done"],
                [j for j in finished if j.status in UNFINISHED],
                service.runner.live,
            )
        )

    @app.get("/read/{job_id}", include_in_schema=False)
    async def read(job_id: str, request: Request, service: ServiceDep) -> Response:
        if not signed_in(request, service):
            return to_sign_in(request)
        job = service.jobs.get(job_id)
        if job is None:
            return HTMLResponse(missing_page(job_id), status_code=404)
        found = service.jobs.result(job_id) if job.status == "done" else None
        if found is None:  # a reader who opens it early sees how far it got, never the API's JSON error
            return HTMLResponse(working_page(job, job_out(job, service).progress))
        result, evidence = found
        return HTMLResponse(read_page(job, json.loads(result), json.loads(evidence)))

    @app.get("/login", include_in_schema=False)
    async def login_form(then: Annotated[str, Query(alias="next")] = "/") -> Response:
        return HTMLResponse(login_page(then=local_path(then)))

    @app.post("/login", include_in_schema=False)
    async def login(request: Request, service: ServiceDep) -> Response:
        """A form post (not a query string, which would land in access logs) sets the token cookie."""
        form = urllib.parse.parse_qs((await request.body()).decode(errors="replace"))
        token = (form.get("token") or [""])[0]
        then = local_path((form.get("next") or ["/"])[0])  # back to the page asked for, on this site only
        try:
            wrong = bool(service.config.tokens) and not _token_checked(token, request, service)
        except HTTPException as exc:
            message = f"{str(exc.detail).capitalize()}."
            return HTMLResponse(login_page(message, then=then), status_code=429, headers=exc.headers)
        if wrong:
            return HTMLResponse(login_page("That token is not valid.", then=then), status_code=401)
        response = RedirectResponse(then, status_code=303)
        secure = request.url.scheme == "https"
        expires = dt.timedelta(days=30)
        response.set_cookie(COOKIE, token, max_age=int(expires.total_seconds()), httponly=True, samesite="strict",
                            secure=secure)  # fmt: skip
        return response
