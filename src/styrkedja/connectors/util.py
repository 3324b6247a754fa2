"""Small helpers without a better home."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def sha256_file(path: str | Path) -> str:
    """sha256 of a file read in 1 MiB blocks: a streamed import never holds the whole file for its checksum."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
