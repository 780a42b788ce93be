"""What every command shares: exit codes, options, settings, error handling, progress and output."""

from __future__ import annotations

import functools
import inspect
import logging
import os
import re
import sys
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer._files import unwritable, write_atomic
from summarizer.config import Settings
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.ingest.extracted import is_extracted_file, read_extracted
from summarizer.ingest.files import ReadLimits, load_articles
from summarizer.progress import Step
from summarizer.schemas import Article, Extraction

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

# User text (file names, ids, error messages) is printed as written: `[local]` or `[bold]` in it is text, not
# markup. Only `notice` colours its label, and escapes what follows.
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
_verbosity = 0  # -1 quiet, 0 normal, 1+ verbose

# C0 and C1 controls (ESC above all), line and paragraph separators, and bidi overrides and isolates
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """Text from outside (a file name, a title, an error naming them) fit for the terminal, on one line.

    Its control characters are written as escapes ("\\x1b"), so a name cannot move the cursor, recolour or
    retitle the terminal, or reorder the line it is on.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", str(text))


def marked(text: object) -> str:
    """`shown`, for a line printed with Rich markup: its square brackets stay text, never markup."""
    return escape(shown(text))


# The variables the `.env` file set (the environment had not): `summarizer config` tells them from exported ones.
from_dotenv: set[str] = set()


def load_dotenv_file(path: Path) -> None:
    """Read `path` into the environment for variables not already set, and remember which those were."""
    from dotenv import load_dotenv

    before = set(os.environ)
    load_dotenv(dotenv_path=path, override=False)
    from_dotenv.update(set(os.environ) - before)


def notice(label: str, text: object, style: str = "yellow") -> None:
    """One line on stderr, even with -q: a coloured label, then `text` as written (its control characters as
    escapes, its square brackets as text)."""
    err.print(f"[{style}]{label}:[/{style}] {marked(text)}", markup=True, soft_wrap=True)


class _WarningLine(logging.Handler):
    """The library's warnings (a damaged cache, say) as one line on stderr, even with -q."""

    def emit(self, record: logging.LogRecord) -> None:
        notice("warning", record.getMessage())


_warning_line = _WarningLine(logging.WARNING)
_verbose_log: logging.Handler | None = None  # the root handler -v installed


class _StderrLines(logging.StreamHandler[Any]):
    """Lines on whatever sys.stderr is when a record comes (as Rich's console does), not the one at setup."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class _ShownFormatter(logging.Formatter):
    """A record's line with its control characters as escapes: a request's path or a file name in it comes
    from outside and must not drive the operator's terminal (a traceback after it keeps its lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return shown(super().formatMessage(record))


def log_handler() -> logging.Handler:
    """Log records on stderr: coloured columns on a terminal; in a log file, one unwrapped line per record,
    its level said once (a handler without its own format got logging's "INFO:name:" inside Rich's column)."""
    if err.is_terminal:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=err, show_path=False, show_time=False)
        handler.setFormatter(_ShownFormatter("%(name)s: %(message)s"))
    else:
        handler = _StderrLines()
        handler.setFormatter(_ShownFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def set_verbosity(level: int) -> None:
    """-1 (`-q`): only warnings and errors; 0: progress; 1+ (`-v`): the library's log on stderr too."""
    global _verbosity, _verbose_log
    _verbosity = level
    library, root = logging.getLogger("summarizer"), logging.getLogger()
    library.removeHandler(_warning_line)
    if _verbose_log is not None and _verbose_log in root.handlers:  # an earlier -v in this process (tests, an app)
        root.removeHandler(_verbose_log)
        root.setLevel(logging.WARNING)
    _verbose_log = None
    if level > 0:
        _verbose_log = log_handler()
        logging.basicConfig(level=logging.INFO if level == 1 else logging.DEBUG, handlers=[_verbose_log], force=True)
    else:
        library.addHandler(_warning_line)


def quiet() -> bool:
    return _verbosity < 0


def show_warnings(warnings: list[str], *, at_most: int = 5) -> None:
    """The output's warnings (claims left out, facts the writer skipped, page furniture dropped) on stderr, one
    line each, unless -q: they are about the output's content, which is written; problems with the run itself
    (a damaged cache, say) are logged and shown even with -q. Past `at_most`, a count: `meta.warnings` has all."""
    if quiet():
        return
    for warning in warnings[:at_most]:
        notice("warning", warning)
    if len(warnings) > at_most:
        notice("warning", f"{len(warnings) - at_most} more: see meta.warnings in the JSON output (-f json)")


def say(message: str) -> None:
    """A progress or summary line on stderr, unless -q."""
    if _verbosity >= 0:
        err.print(message, markup=False, soft_wrap=True)


def _flags_take_no_value(params: list[Any]) -> list[Any]:
    # Typer's help shows a flag as `--no-writer <bool>` and `-v` as `-v <int>`, which reads as "give a value":
    # `--no-writer true` then took `true` for a path, and `-v 2` for a command. A flag has no value to show.
    for param in params:
        if isinstance(param, typer.core.TyperOption) and (param.is_flag or param.count) and param.metavar is None:
            param.metavar = ""
    return params


_VERBOSE = re.compile(r"-v+|--verbose")
_VERBOSE_AT = re.compile(r"(?:-v|--verbose=)([0-9]+)")  # -v2, --verbose=2
_LEVEL = re.compile(r"[0-9]+")
_QUIET = ("-q", "--quiet")


def verbosity_first(args: list[str]) -> list[str]:
    """The app's arguments with -v and -q moved before the command, and a level given as a number counted out.

    `-v` is a count (`-vv` for level 2), so in `-v 2 brief` click took `2` for the command ("No such command
    '2'"), and after the command (`brief x -v`) it is no option of the command's. Here a number right after
    -v or --verbose (`-v 2`, `-v2`, `--verbose=2`) is its level, and both flags may follow the command; what
    follows `--` is left alone.
    """
    flags: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            rest += args[i - 1 :]
            break
        if at := _VERBOSE_AT.fullmatch(arg):
            flags += ["-v"] * int(at[1])
        elif arg in ("-v", "--verbose") and i < len(args) and _LEVEL.fullmatch(args[i]):
            flags += ["-v"] * int(args[i])
            i += 1
        elif _VERBOSE.fullmatch(arg) or arg in _QUIET:
            flags.append(arg)
        else:
            rest.append(arg)
    return flags + rest


class Group(typer.core.TyperGroup):
    """The app: its flags (--version, -q, -v, --help) shown as flags; -v and -q before or after the command."""

    def get_params(self, ctx: Any) -> list[Any]:  # click's Context, vendored by some Typer versions
        return _flags_take_no_value(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, verbosity_first(args))


class Command(typer.core.TyperCommand):
    """A command: its flags shown as flags."""

    def get_params(self, ctx: Any) -> list[Any]:  # click's Context, vendored by some Typer versions
        return _flags_take_no_value(super().get_params(ctx))


Paths = Annotated[
    list[str], typer.Argument(help="Article files or folders (.txt .md .json .jsonl .html); '-' reads stdin.")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")]
FormatOpt = Annotated[
    str | None, typer.Option("--format", "-f", help="md or json (default: from -o's suffix, else md).")
]


@dataclass(frozen=True)
class RunOptions:
    """The options that say where the model is and how a run goes, declared once for every command.

    `run_options(...)` adds the ones a command names, and --debug, after the command's own options, in this
    order, and hands them to it as one `RunOptions`; one the command does not take keeps its default here.
    """

    model: Annotated[str | None, typer.Option("--model", "-m", help="Model name (env SUMMARIZER_MODEL).")] = None
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).")
    ] = None
    mode: Annotated[
        str | None,
        typer.Option(
            "--mode", help="Structured output: json_schema, json_object_schema, tools or json (env SUMMARIZER_MODE)."
        ),
    ] = None
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", "-j", min=1, help="Articles extracted at once.")
    ] = None
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ask the model again even if an answer is cached.")] = (
        False
    )
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (env SUMMARIZER_CACHE_DIR).")] = (
        None
    )
    prompts_dir: Annotated[Path | None, typer.Option("--prompts-dir", help="Your own prompts folder.")] = None
    words: Annotated[
        int | None,
        typer.Option(
            "--words",
            "-w",
            min=40,
            help="Word budget of a briefing (env SUMMARIZER_WORDS; default 100 + 60 per article).",
        ),
    ] = None
    no_writer: Annotated[
        bool,
        typer.Option(
            "--no-writer",
            help="The chosen facts in their sources' own words, no writer call: one model call less per briefing "
            "(env SUMMARIZER_NO_WRITER).",
        ),
    ] = False
    writer: Annotated[
        bool,
        typer.Option(
            "--writer",
            help="Have the model word the briefing (env SUMMARIZER_WRITER=1): the default with an endpoint; the "
            "embedded model lists the facts in their sources' own words unless asked.",
        ),
    ] = False
    verify_with_model: Annotated[
        bool,
        typer.Option(
            "--verify-with-model",
            help="Ask the endpoint, one call per written sentence, whether its cited sources support it; one they "
            "do not is replaced by its facts' own wording (env SUMMARIZER_VERIFY_WITH_MODEL; not the embedded model).",
        ),
    ] = False
    deadline: Annotated[
        float | None,
        typer.Option(
            "--deadline",
            min=1,
            help="Seconds all model calls of a run may take; what is left then fails (env SUMMARIZER_DEADLINE).",
        ),
    ] = None
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False

    def settings(self) -> Settings:
        """Settings with these flags over the environment and `.env`; a flag left off leaves its setting alone."""
        given: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "debug"}
        # off means "not given": the environment may still turn it on
        for flag in ("no_cache", "no_writer", "writer", "verify_with_model"):
            given[flag] = True if given[flag] else None
        return Settings.load(None, **given)


ENDPOINT = ("model", "base_url", "mode")  # where the model is and how to ask it for JSON
# how a briefing is made, for the commands that make one
BRIEFING = (
    "concurrency",
    "no_cache",
    "cache_dir",
    "prompts_dir",
    "words",
    "writer",
    "no_writer",
    "verify_with_model",
    "deadline",
)
CommandFunction = Callable[..., None]


def run_options(*names: str) -> Callable[[CommandFunction], CommandFunction]:
    """Give a command the shared options `names` and --debug, after its own, as one `options: RunOptions`."""
    declared = typing.get_type_hints(RunOptions, include_extras=True)
    unknown = set(names) - declared.keys()
    if unknown:
        raise ValueError(f"no shared option {sorted(unknown)}")
    shared = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, annotation=declared[f.name], default=f.default)
        for f in fields(RunOptions)
        if f.name in names or f.name == "debug"
    ]

    def decorate(command: CommandFunction) -> CommandFunction:
        own = inspect.signature(command, eval_str=True)
        if "options" not in own.parameters:
            raise TypeError(f"{command.__name__} takes no `options: RunOptions` parameter")
        parameters = [p for p in own.parameters.values() if p.name != "options"] + shared

        @functools.wraps(command)
        def with_options(**given: Any) -> None:
            options = RunOptions(**{p.name: given.pop(p.name) for p in shared})
            command(**given, options=options)

        # Typer reads a command's options from its signature: the command's own, then the shared ones.
        with_options.__dict__["__signature__"] = own.replace(parameters=parameters)
        with_options.__annotations__ = {p.name: p.annotation for p in parameters}
        return with_options

    return decorate


@contextmanager
def domain_errors(debug: bool) -> Iterator[None]:
    """One clear line and an exit code for our errors; a traceback only with --debug."""
    try:
        yield
    except SummarizerError as exc:
        if debug:
            raise
        notice("error", exc, style="red")
        raise typer.Exit(EXIT_FAILURE) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


class ProgressView:
    """Progress on stderr: a live bar on a terminal, plain lines in logs."""

    def __init__(self) -> None:
        self.live = err.is_terminal
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.task: Any = None
        self.failed = 0

    def __call__(self, step: Step) -> None:
        if quiet():
            return
        if step.stage == "start" or (step.stage == "brief" and step.done == 0):
            err.print(shown(step.item) + ("…" if step.done == 0 else ""), markup=False)
        elif step.stage == "extract":
            self.failed += step.failed
            if self.live:
                if self.task is None:
                    self.bar.start()
                    self.task = self.bar.add_task("extracting", total=step.total)
                failed = f" ({self.failed} failed)" if self.failed else ""
                self.bar.update(self.task, completed=step.done, description=f"extracting{failed}")
                if step.done == step.total:
                    self.bar.stop()
            elif step.done:
                item = shown(step.item)
                line = (
                    f"{step.done}/{step.total}: {item} failed"
                    if step.failed
                    else f"extracted {step.done}/{step.total}: {item}"
                )
                err.print(line)


@dataclass
class Inputs:
    """What the paths held: articles to extract, and articles already extracted (by `summarizer extract`)."""

    articles: list[Article]
    extracted: list[Extraction]
    skipped: list[InputError]


def load_inputs(
    paths: list[str], max_chars: int, output: Path | None = None, limits: ReadLimits | None = None
) -> Inputs:
    """Read every path but the run's own output; an unreadable one is named on stderr and skipped, none
    readable is an error."""
    errors: list[InputError] = []
    limits = limits or ReadLimits()
    done = [p for p in paths if is_extracted_file(p, limits.record_bytes)]
    records = [record for path in done for record in read_extracted(path, limits.record_bytes)]
    rest = [p for p in paths if p not in done]
    exclude = [output] if output else []
    articles = load_articles(rest, errors=errors, max_chars=max_chars, exclude=exclude, limits=limits) if rest else []
    for error in errors:
        notice("skipped", error)
    articles += [r.article for r in records]
    if not articles:
        raise InputError("no readable article in the given paths")
    return Inputs(articles, [r.extraction for r in records], errors)


def check_output(output: Path | None, flag: str = "'--output' / '-o'") -> None:
    """Refuse an output that could not be written before any model work: a folder is a usage error (exit 2)."""
    problem = unwritable(output) if output is not None else None
    if problem == "it is a folder":
        raise typer.BadParameter(f"{shown(output)} is a folder; give a file name in it", param_hint=flag)
    if problem:
        notice("error", f"cannot write {output}: {problem}", style="red")
        raise typer.Exit(EXIT_FAILURE)


def write_output(output: Path | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:  # the disk filled up or the folder went away since check_output
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from None
    say(f"wrote {shown(output)}")
