"""The prompt fence: `sanitize` makes untrusted text safe to put between the tags that fence it off.

Words and numbers are read by `summarizer.language`; this module only keeps an article's text from closing its
fence or reading as a chat-template token.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

# Characters whose compatibility form is markup punctuation: a full-width "＜" or a small "﹤" reads as "<"
# to a model (and NFKC-normalising tokenizers make it one), so it is folded before the tags are looked for.
_MARKUP = frozenset("<>/&#;|[]!?")
_DECODE_ROUNDS = 8  # "&amp;lt;" takes two rounds; past eight, what is left is escaped instead
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Every "<" but one before a figure or "=" ("<5%", "<= 3") could open a tag: </article>, < /article, <facts>,
# <|im_start|>, <s>, <!--, and with a combining mark or an unusual space in between too.
_TAG_OPEN = re.compile(r"<(?![ \t]*[\d=])")
_TOKEN_CLOSE = re.compile(r"\|\s*>")  # the end of <|im_end|>, <|endoftext|>
_BRACKET_TOKEN = re.compile(
    r"\[(\s*/?\s*(?:INST|SYS|SYSTEM|TOOL_CALLS|AVAILABLE_TOOLS|TOOL_RESULTS)\s*)\]", re.IGNORECASE
)


@cache
def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if unicodedata.category(char) == "Cf":  # soft hyphens, zero-width and bidi marks, invisible tag characters
        return ""
    return folded if _MARKUP.intersection(folded) else char


def _normalise(text: str) -> str:
    text = _CONTROL.sub("", _LINE_BREAK.sub(" ", text))
    return re.sub(r"[^\x00-\x7f]", lambda match: _fold(match[0]), text)


def _decoded(text: str) -> str:
    for _ in range(_DECODE_ROUNDS):
        decoded = _normalise(html.unescape(text))
        if decoded == text:
            return text
        text = decoded
    # Encoded more times than anyone writes by accident: escape the entities left rather than decode on.
    return _ENTITY.sub(lambda m: "&amp;" + m[0][1:] if html.unescape(m[0]) != m[0] else m[0], text)


def sanitize(text: str) -> str:
    """One line of untrusted text, safe to put between the tags that fence it off in a prompt.

    Entities are decoded and look-alike characters folded first, so that "&lt;/article&gt;", "＜/article＞"
    and a tag split by a soft hyphen are seen for what they are; then anything that could close the fence or
    read as a chat-template token (<|im_start|>, [INST], </s>) is escaped ("‹/article>", "⟦INST⟧"), not
    removed, so the reader still sees what the article said. Line breaks become spaces: the prompt numbers
    one sentence per line, and a sentence must not start a line of its own.
    """
    text = _TAG_OPEN.sub("‹", _decoded(_normalise(text)))
    text = _TOKEN_CLOSE.sub("|›", text)
    return _BRACKET_TOKEN.sub(r"⟦\1⟧", text)
