"""The site's stylesheet and script, shipped inside the package (no CDN)."""

from __future__ import annotations

from pathlib import Path


def asset_bytes(name: str) -> bytes:
    return (Path(__file__).parent / "assets" / name).read_bytes()
