"""`summarizer doctor`: check that a run could start, one line per check, each failure with what to do."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from summarizer._files import unwritable
from summarizer.cli._common import ENDPOINT, EXIT_FAILURE, RunOptions, notice, run_options, say
from summarizer.config import DEFAULT_REMOTE_MODEL, Settings
from summarizer.errors import ConfigError
from summarizer.model import local
from summarizer.model.client import build_client


@dataclass
class Check:
    """One check's outcome: `ok` None means it could not be made (what it needs failed first)."""

    name: str
    ok: bool | None
    detail: str

    def line(self) -> str:
        label = {True: "ok", False: "FAIL", None: "skip"}[self.ok]
        return f"{label:<4}  {self.name}: {self.detail}"


@dataclass
class Endpoint:
    """What the endpoint said: whether it answered, and the models it lists (None: it lists none)."""

    check: Check
    models: list[str] | None = field(default=None)


async def _probe(settings: Settings, timeout: float) -> Endpoint:
    import openai

    where = settings.base_url or "OpenAI"
    client = build_client(settings.model_copy(update={"timeout": timeout, "deadline": None}))
    try:
        try:
            listed = await client.models.list()
            models = [m.id for m in listed.data]
            return Endpoint(Check("endpoint", True, f"{where} answers; it lists {len(models)} model(s)"), models)
        except openai.NotFoundError:  # some servers list no models: a one-token request instead
            await client.chat.completions.create(
                model=_model(settings), messages=[{"role": "user", "content": "Say OK."}], max_tokens=1
            )
            return Endpoint(Check("endpoint", True, f"{where} answers a one-token request (it lists no models)"))
    except openai.AuthenticationError:
        return Endpoint(Check("endpoint", False, f"{where} refused the key (401): check OPENAI_API_KEY"))
    except openai.PermissionDeniedError:
        return Endpoint(Check("endpoint", False, f"{where} denied access (403): check OPENAI_API_KEY's rights"))
    except openai.NotFoundError:
        return Endpoint(
            Check(
                "endpoint",
                False,
                f"{where} has neither /models nor /chat/completions: OPENAI_BASE_URL usually ends in /v1",
            )
        )
    except openai.APITimeoutError:
        return Endpoint(
            Check("endpoint", False, f"{where} did not answer within {timeout:g} s: is it up, or busy? (--timeout)")
        )
    except openai.APIConnectionError:
        return Endpoint(
            Check("endpoint", False, f"cannot connect to {where}: is the server running, and OPENAI_BASE_URL right?")
        )
    except openai.APIStatusError as exc:
        return Endpoint(Check("endpoint", False, f"{where} answered {exc.status_code}: {exc.message}"))
    finally:
        await client.close()


def _model(settings: Settings) -> str:
    return settings.model or (local.MODEL_NAME if settings.uses_local_model else DEFAULT_REMOTE_MODEL)


def check_model_listed(settings: Settings, models: list[str] | None) -> Check:
    name = _model(settings)
    if models is None:
        return Check("model", None, f"{name}: the endpoint lists no models to look it up in")
    if name in models:
        return Check("model", True, f"{name} is one of the endpoint's models")
    shown = ", ".join(models[:8]) + (f" and {len(models) - 8} more" if len(models) > 8 else "")
    unset = "" if settings.model else " (no model named, so OpenAI's default was asked for)"
    return Check(
        "model",
        False,
        f"{name}{unset} is not among the endpoint's models ({shown or 'none'}): set SUMMARIZER_MODEL or --model",
    )


def check_engine() -> Check:
    problem = local.engine_problem()
    return Check("engine", problem is None, problem or "llama_cpp imports")


def check_local_model(settings: Settings) -> Check:
    if settings.local_model is not None:
        if settings.local_model.is_file():
            return Check("model", True, f"{settings.local_model} (SUMMARIZER_LOCAL_MODEL)")
        return Check("model", False, f"SUMMARIZER_LOCAL_MODEL={settings.local_model} is not a file")
    folder = settings.cache_dir / "models"
    target = local.model_path(folder)
    if local.is_assembled(folder):
        return Check("model", True, f"{local.MODEL_NAME} assembled in {target}")
    if problem := local.missing_parts():
        return Check("model", False, problem)
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    free = shutil.disk_usage(existing).free
    if free < local.MODEL_SIZE:
        return Check(
            "model",
            False,
            f"its parts are installed, but {existing} has {free / 1e9:.1f} GB free and assembling needs "
            f"{local.MODEL_SIZE / 1e9:.1f} GB: free space or set SUMMARIZER_CACHE_DIR",
        )
    return Check("model", True, f"its parts are installed; the first run assembles them into {target}")


def check_cache(cache_dir: Path) -> Check:
    problem = unwritable(cache_dir / ".doctor-probe")
    if problem:
        return Check(
            "cache", False, f"{cache_dir} is not writable ({problem}): set SUMMARIZER_CACHE_DIR or --cache-dir"
        )
    return Check("cache", True, f"{cache_dir} is writable")


def checks(settings: Settings, timeout: float) -> list[Check]:
    """Every check, in the order a run meets them: the endpoint or the local engine and model, then the cache."""
    found: list[Check] = []
    if settings.uses_local_model:
        found += [check_engine(), check_local_model(settings)]
    else:
        endpoint = asyncio.run(_probe(settings, timeout))
        found.append(endpoint.check)
        if endpoint.check.ok:
            found.append(check_model_listed(settings, endpoint.models))
    found.append(check_cache(settings.cache_dir))
    return found


@run_options(*ENDPOINT, "cache_dir")
def doctor(
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for the endpoint.")] = 5.0,
    *,
    options: RunOptions,
) -> None:
    """Check that a run could start: the endpoint answers and has the model, or the local model is ready; the
    cache is writable. One line per check; exit 1 if any fails.

    Example: summarizer doctor --base-url http://127.0.0.1:11434/v1 --model llama3.2
    """
    try:
        settings = options.settings()
    except ConfigError as exc:
        print(Check("settings", False, f"{exc}: see summarizer config").line())
        raise typer.Exit(EXIT_FAILURE) from None
    say("checking the local engine…" if settings.uses_local_model else f"asking {settings.base_url or 'OpenAI'}…")
    results = checks(settings, timeout)
    for result in results:
        print(result.line())
    if any(r.ok is False for r in results):
        notice("doctor", f"{sum(r.ok is False for r in results)} check(s) failed", style="red")
        raise typer.Exit(EXIT_FAILURE)
