"""An off-screen live region, so screen readers hear what changes on a page."""

from __future__ import annotations

import anywidget
import traitlets

_ANNOUNCE_ESM = r"""
function render({ model, el }) {
  // One live region that stays in the page, so screen readers hear each change.
  const region = document.createElement("div");
  region.className = "rb-announce";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  el.append(region);
  const sync = () => { region.textContent = model.get("text"); };
  model.on("change:text", sync);
  sync();
  return () => model.off("change:text", sync);
}
export default { render };
"""
_ANNOUNCE_CSS = """
.rb-announce { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
"""


class Announcer(anywidget.AnyWidget):
    """An off-screen live region: set ``text`` and screen readers read it out."""

    _esm = _ANNOUNCE_ESM
    _css = _ANNOUNCE_CSS
    text = traitlets.Unicode("").tag(sync=True)
