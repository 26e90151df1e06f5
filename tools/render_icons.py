"""Render the home-screen icon (icon.svg) to the PNG sizes phones ask for.

Run: make icons   (or .venv/bin/python tools/render_icons.py)

The SVG is the source; the PNGs are committed so that ``make app`` needs no browser.
Chromium draws them (the same browser the tests use), so nothing is downloaded.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "share/jupyter/voila/templates/rollbook/static"
SIZES = {"icon-180.png": 180, "icon-192.png": 192, "icon-512.png": 512}
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    svg = base64.b64encode((STATIC / "icon.svg").read_bytes()).decode()
    kwargs: dict[str, object] = {"headless": True, "args": FLAGS}
    if os.path.exists(CHROMIUM):
        kwargs["executable_path"] = CHROMIUM
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**kwargs)  # type: ignore[arg-type]
        for name, size in SIZES.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                "<style>html,body{margin:0}</style>"
                f'<img src="data:image/svg+xml;base64,{svg}" width="{size}" height="{size}">'
            )
            page.locator("img").evaluate("img => img.decode()")
            page.screenshot(
                path=str(STATIC / name), clip={"x": 0, "y": 0, "width": size, "height": size}
            )
            page.close()
            print(f"wrote {STATIC / name}")
        browser.close()


if __name__ == "__main__":
    main()
