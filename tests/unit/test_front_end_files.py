"""JavaScript and CSS live in files, one style per component (issue 16).

The widgets' own code and style are in ``src/rollbook/ui/anywidgets/``; the look of the
HTML the pages show is in the template's ``rollbook.css`` (``rollbook/ui/assets.py``
says which goes where). No ui module holds a ``<style>`` or a ``<script>``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rollbook.ui.assets import ANYWIDGETS, widget_file

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "src" / "rollbook" / "ui"
TEMPLATE_CSS = ROOT / "share/jupyter/voila/templates/rollbook/static/rollbook.css"
#: Inline front-end code: a style or script element, or an ES module for anywidget.
INLINE = re.compile(r"<style|<script|export default|function render\(", re.IGNORECASE)


def test_no_style_or_script_in_ui_modules() -> None:
    found = sorted(
        f"{path.name}:{number}"
        for path in UI.glob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    )
    assert not found, (
        f"front-end code in Python strings at {found}; put a widget's JavaScript and CSS "
        "in src/rollbook/ui/anywidgets/ and page styles in the template's rollbook.css"
    )


def _rules(css: str) -> list[str]:
    """Selector lists of the rules outside @media, @keyframes and other at-rule blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    while True:  # drop at-rule blocks, innermost braces first
        stripped = re.sub(r"@[^{};]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        if stripped == css:
            break
        css = stripped
    return [
        ", ".join(" ".join(s.split()) for s in block.split(",") if s.strip())
        for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
    ]


def _css_files() -> list[Path]:
    return [TEMPLATE_CSS, *sorted(ANYWIDGETS.glob("*.css"))]


def test_no_rule_is_written_twice() -> None:
    """A component has one rule; a second rule for the same selectors is a second style."""
    counts = Counter(rule for path in _css_files() for rule in _rules(path.read_text("utf-8")))
    twice = sorted(rule for rule, n in counts.items() if n > 1 and ".rb-" in rule)
    assert not twice, f"styled more than once: {twice}; keep one rule per component"


def test_each_component_is_styled_in_one_file() -> None:
    """A widget's own style (anywidgets/) and the page styles (rollbook.css) never overlap."""
    owners: dict[str, set[str]] = {}
    for path in _css_files():
        for rule in _rules(path.read_text("utf-8")):
            for selector in rule.split(", "):
                owners.setdefault(selector, set()).add(path.name)
    shared = sorted(s for s, files in owners.items() if len(files) > 1 and s.startswith(".rb-"))
    assert not shared, f"styled in more than one file: {shared}"


def test_the_parser_sees_a_second_rule() -> None:
    css = ".rb-zone { color: red; }\n@media (max-width: 1px) { .rb-x { a: b; } }\n.rb-zone{}"
    assert _rules(css) == [".rb-zone", ".rb-zone"]


@pytest.mark.parametrize("path", sorted(ANYWIDGETS.iterdir()), ids=lambda p: p.name)
def test_widget_files_are_used(path: Path) -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in UI.glob("*.py"))
    assert f'widget_file("{path.name}")' in sources, f"{path.name} is used by no widget"


def test_a_missing_widget_file_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="nope.js"):
        widget_file("nope.js")


def test_colours_come_from_the_template_variables() -> None:
    """The page styles use the --rb-* colours, never a second copy of them."""
    css = TEMPLATE_CSS.read_text(encoding="utf-8")
    root = css[: css.index("}")]
    tokens = dict(re.findall(r"(--rb-[a-z-]+):\s*(#[0-9a-fA-F]{6})", root))
    components = css[css.index("Components:") :]
    copies = sorted(
        f"{colour} (use var({name}))"
        for name, colour in tokens.items()
        if colour.lower() in components.lower()
    )
    assert not copies, f"rollbook.css components repeat theme colours: {copies}"


def test_widgets_send_their_files() -> None:
    """anywidget reads each file, so JupyterLab and Voila get the same code and style."""
    from rollbook.ui.announce import Announcer
    from rollbook.ui.bodymap import BodyMap
    from rollbook.ui.choice import Choice, YesNo
    from rollbook.ui.controls import LabelledSlider

    for widget, css_class in (
        (LabelledSlider(), ".rb-range"),
        (YesNo(), ".rb-yesno"),
        (Choice("Which side?", [("left", "Left")]), ".rb-yesno"),
        (Announcer(), ".rb-announce"),
        (BodyMap(), ".rb-bodymap"),
    ):
        esm, css = str(widget._esm), str(widget._css)
        assert "export default" in esm and css_class in css
        widget.close()


def test_the_body_map_gets_its_region_colours() -> None:
    from rollbook import bodymap
    from rollbook.ui.bodymap import BodyMap

    esm = str(BodyMap._esm)
    assert "/*STATE_STYLE*/" not in esm
    assert json.dumps(bodymap.STATE_STYLE) in esm
