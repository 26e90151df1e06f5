"""The home-screen manifest and icons (issue 18), without a browser."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "share" / "jupyter" / "voila" / "templates" / "rollbook" / "static"


def css_variable(name: str) -> str:
    css = (STATIC / "rollbook.css").read_text(encoding="utf-8")
    match = re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{6}})", css)
    assert match, f"rollbook.css defines no {name}"
    return match.group(1).lower()


def test_manifest_is_valid_and_uses_the_template_colours() -> None:
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["theme_color"].lower() == css_variable("--rb-brand")
    assert manifest["background_color"].lower() == css_variable("--rb-canvas")
    # Relative to the manifest's own URL (voila/templates/rollbook/static/), so the app
    # works under any base URL: the start page, inside the app's scope.
    assert manifest["start_url"] == "../../../render/00_start_here.ipynb"
    assert manifest["scope"] == "../../../"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"]).is_file(), icon["src"]


def test_icon_pngs_have_the_sizes_they_claim() -> None:
    for name, size in {"icon-180.png": 180, "icon-192.png": 192, "icon-512.png": 512}.items():
        head = (STATIC / name).read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", head[16:24]) == (size, size), name


def test_template_theme_colour_matches_the_stylesheet() -> None:
    template = (STATIC.parent / "index.html.j2").read_text(encoding="utf-8")
    match = re.search(r'name="theme-color" content="(#[0-9a-fA-F]{6})"', template)
    assert match and match.group(1).lower() == css_variable("--rb-brand")
