"""The web app manifest (issue 18): a runner can add the workbook to a phone's home screen.

The manifest is served, valid by Chromium's own reading, points at the start page
inside the app's scope, and at icons that exist with the sizes they claim. The
``page`` fixture also fails the test if the page asks any other host for anything.
"""

from __future__ import annotations

import struct
from typing import Any
from urllib.parse import urljoin

from .conftest import PHONE, open_page

START = "00_start_here.ipynb"


def test_manifest_is_served_valid_and_installable(page: Any, voila_server: str) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, voila_server, START)
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    assert href
    manifest_url = urljoin(page.url, href)
    response = page.request.get(manifest_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"]
    theme = page.locator('meta[name="theme-color"]').get_attribute("content")
    assert manifest["theme_color"] == theme

    start = urljoin(manifest_url, manifest["start_url"])
    scope = urljoin(manifest_url, manifest["scope"])
    assert start == f"{voila_server}/voila/render/{START}"
    assert start.startswith(scope)
    assert page.request.get(start).status == 200

    for icon in manifest["icons"]:
        got = page.request.get(urljoin(manifest_url, icon["src"]))
        assert got.status == 200, icon["src"]
        assert got.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            width, height = struct.unpack(">II", got.body()[16:24])
            assert f"{width}x{height}" == icon["sizes"]

    # Chromium's own reading of the manifest: no errors, the icons and colours parsed.
    cdp = page.context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")
    assert read["errors"] == [], read["errors"]
    assert read["url"] == manifest_url
