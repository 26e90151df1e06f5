"""Show a chart as an accessible picture: an SVG with alt text and its summary beneath.

Figures are sent as SVG data URIs (not ipympl): they work in Voila without extra
JavaScript, they scale to a phone's width, they stay sharp on high-density
screens at any zoom, and a screen reader gets the same one-sentence summary that
sighted readers see under the picture.
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from rollbook.charts import ChartResult

# Fixed salt and no date: the same chart gives the same bytes, so unchanged
# pictures are not re-sent as "new" and tests can compare them.
_SVG_RC: Any = {"svg.hashsalt": "rollbook", "svg.fonttype": "path"}


def figure_svg(fig: Figure, *, tight: bool = True) -> bytes:
    """Render ``fig`` to SVG bytes (text drawn as shapes, so no font is needed to view it).

    ``tight`` trims the margins to the drawn content; figures laid out with
    fixed margins pass ``False`` and skip that extra layout pass.
    """
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight" if tight else None,
            metadata={"Date": None},
        )
    return buffer.getvalue()


def svg_data_uri(svg: bytes) -> str:
    """Return a ``data:`` URI for SVG bytes, usable as an ``<img>`` source."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def chart_html(result: ChartResult, *, css_class: str = "") -> str:
    """Return a ``<figure>``: the chart as ``<img>`` (alt = title + summary) and a caption.

    With nothing to plot yet (``result.empty``) the figure is the title and the message
    as text: a picture of the same words above them would say it twice.
    """
    extra = f" {html.escape(css_class, quote=True)}" if css_class else ""
    if result.empty:
        return (
            f'<figure class="rb-figure rb-figure-empty{extra}">'
            f"<figcaption><strong>{html.escape(result.title)}.</strong> "
            f"{html.escape(result.summary)}</figcaption></figure>"
        )
    src = svg_data_uri(figure_svg(result.figure))
    alt = f"{result.title}. {result.summary}"
    return (
        f'<figure class="rb-figure{extra}">'
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}">'
        f"<figcaption>{html.escape(result.summary)}</figcaption></figure>"
    )
