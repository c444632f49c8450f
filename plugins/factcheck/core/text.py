"""Checks on untrusted text and URLs that every record field goes through.

Bidirectional controls and invisible characters let a pull request show a reviewer one text
and publish another (the "Trojan Source" trick), so they are refused wherever they appear.
Only web and mail links are allowed: anything else can run script in a reader's browser.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
_ID_RE = re.compile(ID_PATTERN)
RESERVED_IDS = frozenset({"index", "assets", "search", "feeds", "data", "404"})

# Bidi embeddings/overrides/isolates and marks, invisible separators, BOM, soft hyphen, Hangul
# fillers, the invisible "tag" characters (used to smuggle text past readers), C1 controls (NEL).
# Zero-width (non-)joiners stay allowed: Persian, Indic scripts and emoji need them; so do the
# line and paragraph separators U+2028/U+2029, which outputs escape where it matters (JSON-LD).
_FORBIDDEN_CHARS = {
    **{
        chr(c): "bidirectional control"
        for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
    },
    **{
        chr(c): "invisible character"
        for c in (
            0x200B,
            0x2060,
            0x2061,
            0x2062,
            0x2063,
            0x2064,
            0xFEFF,
            0x00AD,
            0x180E,
            0x115F,
            0x1160,
            0x3164,
            0xFFA0,
            0x034F,
        )
    },
}
_FORBIDDEN_RE = re.compile(
    "["
    + "".join(re.escape(c) for c in _FORBIDDEN_CHARS)
    + "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\U000e0000-\\U000e007f]"
)
_ASCII_FORBIDDEN = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # as in _FORBIDDEN_RE
_SPACE_RE = re.compile(r"\s")
# http(s), an ASCII host name, an optional port, then printable ASCII: no space, no credentials
_PLAIN_WEB_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]*[A-Za-z0-9](?::[0-9]{1,5})?(?:[/?#][!-~]*)?")
# One address, local@domain, without the characters that quote, group or list addresses.
_MAIL_ADDRESS = re.compile(r"[^@\s<>\"()\[\],;:\\]+@[^@\s<>\"()\[\],;:\\]+")
_RANGES = ((0xE0000, 0xE007F, "invisible tag character"), (0xD800, 0xDFFF, "lone surrogate"))


def find_hidden(value: str) -> tuple[int, str] | None:
    """(offset, description) of the first hidden or control character in ``value``, if any."""
    if value.isascii():  # most fields and files: among ASCII characters only controls are hidden
        if value.isprintable():
            return None
        encoded = value.encode("ascii")  # deleting them from the bytes changes nothing when there are none
        if len(encoded.translate(None, _ASCII_FORBIDDEN)) == len(encoded):
            return None
    match = _FORBIDDEN_RE.search(value)
    if not match:
        return None
    char = match.group()
    kind = _FORBIDDEN_CHARS.get(char) or next(
        (name for low, high, name in _RANGES if low <= ord(char) <= high), "control character"
    )
    article = "an" if kind[0] in "aeiou" else "a"
    return match.start(), f"{article} {kind} (U+{ord(char):04X})"


HIDDEN_HINT = "hidden characters can make a reviewer read something other than what is published"


def text_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), from 1, of ``text[offset]`` as an editor shows it: a line ends at LF, CRLF
    or CR, and at nothing else (not at U+2028, U+2029 or U+0085, which YAML and ``splitlines``
    take for line breaks); columns count characters."""
    if "\r" not in text:  # the usual file: only line feeds
        return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    end = offset - 1 if text.startswith("\r\n", offset - 1) and offset > 0 else offset  # a CRLF's LF: its CR
    line = text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end) + 1
    return line, offset - max(text.rfind("\n", 0, end), text.rfind("\r", 0, end))


def check_text(value: str, *, multiline: bool = True) -> str:
    """Return ``value`` in Unicode NFC form, or raise ValueError naming the hidden character."""
    hidden = find_hidden(value)
    if hidden:
        raise ValueError(f"contains {hidden[1]} at character {hidden[0] + 1}; {HIDDEN_HINT}")
    if not multiline and ("\n" in value or "\r" in value):
        raise ValueError("must be a single line")
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def check_line(value: str) -> str:
    """:func:`check_text` for a one-line field."""
    return check_text(value, multiline=False)


def check_id(value: str) -> str:
    if len(value) > ID_MAX_LENGTH:
        raise ValueError(f"ids are at most {ID_MAX_LENGTH} characters")
    if not _ID_RE.match(value):
        raise ValueError("ids are lowercase letters, digits and single hyphens, e.g. 'china-fake-news-claim'")
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is reserved for a generated page")
    return value


def is_plain_web_url(value: str) -> bool:
    """An http(s) URL with an ASCII host name and only printable ASCII after it: one that
    :func:`check_url` accepts, recognised without taking it apart."""
    return _PLAIN_WEB_URL.fullmatch(value) is not None


def check_url(value: str, *, allow_mailto: bool = False) -> str:
    """Accept absolute http(s) URLs (and mailto: where asked); refuse everything that can run code."""
    if is_plain_web_url(value):  # the common case, which every check below accepts
        return value
    check_text(value, multiline=False)
    if _SPACE_RE.search(value):
        raise ValueError("URLs cannot contain spaces")
    if value.startswith("//"):
        raise ValueError("protocol-relative URLs are not allowed: write https://…")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme == "mailto" and allow_mailto:
        if not _MAIL_ADDRESS.fullmatch(parts.path):
            raise ValueError("mailto: needs one address, name@example.org")
        return value
    if scheme not in ("http", "https"):
        allowed = "http, https or mailto" if allow_mailto else "http or https"
        raise ValueError(f"URL scheme {scheme + ':' if scheme else '(none)'} is not allowed; use {allowed}")
    if not parts.hostname:
        raise ValueError("URL has no host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("URLs with credentials (user:password@) are not allowed")
    return value


@functools.lru_cache(maxsize=65536)  # a few hundred names and topics, repeated across thousands of claims
def slugify(text: str) -> str:
    """A URL-safe id for free text (claimant names, topics): ASCII, lowercase, hyphenated."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:  # a name written only in non-Latin script: keep it stable and unique
        import hashlib

        slug = "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    slug = slug[:ID_MAX_LENGTH].rstrip("-")
    return slug + "-page" if slug in RESERVED_IDS else slug
