"""Shared controls: values from the browser are clamped, text is escaped."""

from __future__ import annotations

import base64
import re

from hypothesis import given
from hypothesis import strategies as st

from rollbook.ui.controls import LabelledSlider, download_link, message_html, pain_slider


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_slider_value_is_always_in_range(value: int) -> None:
    slider = pain_slider("Knee")
    slider.value = value
    assert 0 <= slider.value <= 10


def test_browser_state_is_clamped_too() -> None:
    slider = LabelledSlider(min=1, max=5, value=3)
    slider.set_state({"value": 99})
    assert slider.value == 5


@given(st.text())
def test_messages_escape_any_text(text: str) -> None:
    html = message_html(text, "error", title=text)
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert 'role="alert"' in html


def test_download_link_carries_the_bytes() -> None:
    link = download_link(b"date,km\n", 'a"b.csv', "text/csv", "Download <csv>")
    match = re.search(r'base64,([A-Za-z0-9+/=]+)"', link.value)
    assert match and base64.b64decode(match.group(1)) == b"date,km\n"
    assert 'download="a&quot;b.csv"' in link.value
    assert "Download &lt;csv&gt;" in link.value
