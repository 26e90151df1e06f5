"""Show a chart as an accessible picture: a PNG with alt text and its summary beneath.

Figures are sent as PNG data URIs (not ipympl): they work in Voila without extra
JavaScript, they scale to a phone's width, and a screen reader gets the same
one-sentence summary that sighted readers see under the picture.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

import ipywidgets as widgets

from rollbook import chartstyle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from rollbook.charts import ChartResult


def figure_png(fig: Figure, *, dpi: int = chartstyle.DPI) -> bytes:
    """Render ``fig`` to PNG bytes at the shared chart resolution."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def chart_html(result: ChartResult, *, css_class: str = "") -> str:
    """Return a ``<figure>``: the chart as ``<img>`` (alt = title + summary) and a caption."""
    png = base64.b64encode(figure_png(result.figure)).decode("ascii")
    alt = f"{result.title}. {result.summary}"
    extra = f" {html.escape(css_class, quote=True)}" if css_class else ""
    return (
        f'<figure class="rb-figure{extra}">'
        f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt, quote=True)}">'
        f"<figcaption>{html.escape(result.summary)}</figcaption></figure>"
    )


FIGURE_CSS = """
<style>
.rb-figure { margin: 0.75rem 0 1.25rem; max-width: 42rem; }
.rb-figure img { display: block; width: 100%; height: auto; border-radius: 6px; }
.rb-figure figcaption { margin-top: 0.35rem; font-size: 0.98rem; color: #1d2a30; }
</style>
"""


def chart_widget(result: ChartResult, *, css_class: str = "") -> widgets.HTML:
    """Return an HTML widget showing the chart with its summary beneath."""
    return widgets.HTML(FIGURE_CSS + chart_html(result, css_class=css_class))
