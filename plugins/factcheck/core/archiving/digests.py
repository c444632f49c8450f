"""SHA-256 digests of the kept original and the archived text: the tamper evidence."""

from __future__ import annotations

import hashlib
import re

SHA256_PATTERN = r"^[0-9a-f]{64}$"
_SHA256 = re.compile(SHA256_PATTERN)


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def is_sha256(value: str) -> bool:
    return bool(_SHA256.fullmatch(value))
