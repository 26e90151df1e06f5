"""rollbook's page script (issue 18): the committed bundle is built from what frontend/ holds.

The bundle in ``share/jupyter/voila/templates/rollbook/static/page/`` is committed so
that the app runs without Node. ``frontend/build.mjs`` writes ``BUILD-INPUTS``, a digest
of every file the build reads; this test computes the same digest, so a change in
``frontend/`` without ``make frontend`` fails here instead of shipping an old script.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
BUILT = ROOT / "share" / "jupyter" / "voila" / "templates" / "rollbook" / "static" / "page"
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "rollbook" / "index.html.j2"


def inputs_digest() -> str:
    """The digest frontend/build.mjs records (same files, order and separators)."""
    files = ["build.mjs", "package-lock.json"]
    files += [f"src/{p.name}" for p in sorted((FRONTEND / "src").iterdir(), key=lambda p: p.name)]
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0")
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_the_committed_bundle_is_built_from_the_current_sources() -> None:
    recorded = (BUILT / "BUILD-INPUTS").read_text(encoding="utf-8").strip()
    assert recorded == inputs_digest(), (
        "frontend/ changed since the page script was built. Fix: run `make frontend` "
        "and commit share/jupyter/voila/templates/rollbook/static/page/."
    )


def test_every_npm_package_is_pinned_to_one_version() -> None:
    manifest = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    pins = {**manifest["dependencies"], **manifest["devDependencies"]}
    loose = {name: spec for name, spec in pins.items() if not re.fullmatch(r"\d+\.\d+\.\d+", spec)}
    assert not loose, f"pin exact versions in frontend/package.json: {loose}"
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    for name, spec in pins.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == spec, name


def test_the_template_loads_the_page_script_and_not_voilas_front_end() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    assert "static/page/rollbook-page.js" in template
    assert "static/page/rollbook-page.css" in template
    assert "voila_setup_labextensions(" not in template
    assert "voila-style.js" not in template
    for name in ("rollbook-page.js", "rollbook-page.css"):
        assert (BUILT / name).is_file(), name


def test_the_bundle_fetches_nothing_from_other_hosts() -> None:
    # Fonts are files beside the bundle; no CDN, no absolute URL to load at run time.
    css = (BUILT / "rollbook-page.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls, "the icon fonts should be linked from the stylesheet"
    for url in urls:
        target = url.strip("'\"")
        if target.startswith("data:"):
            continue
        assert "//" not in target, url
        assert (BUILT / target.removeprefix("./")).is_file(), url


def test_the_bundle_ships_the_licence_of_every_package_in_it() -> None:
    licences = (BUILT / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    manifest = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    for name, version in manifest["dependencies"].items():
        assert f"{name} {version} (" in licences, name
