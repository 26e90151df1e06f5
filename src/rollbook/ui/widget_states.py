"""Send a page's widgets to the browser without the values every widget starts with.

When a page opens, its script asks the kernel for the state of every widget the cells
made (ipywidgets' ``request_states`` on the ``jupyter.widget.control`` comm).
ipywidgets 8 answers with each widget's full state: every trait of every box, layout
and style, most of them still at their defaults. For the tracking page that is about
225 kB of JSON, the largest thing a phone downloads on a warm visit (issue 18).

The browser's widget models already start from those same defaults (ipywidgets keeps
its Python and JavaScript defaults equal; its HTML embedding and notebook save rely on
it), so for ipywidgets' own modules the answer here leaves them out, as
``Widget.get_state(drop_defaults=True)`` does: the tracking page's state becomes
about 79 kB. Widgets from other modules (anywidget) keep their full state, because their
models in the browser may not know the Python defaults.

``install`` swaps this answer in for ipywidgets' own; every other control message is
still handled by ipywidgets.
"""

from __future__ import annotations

from typing import Any

from ipywidgets.widgets.widget import Widget, _instances, _remove_buffers

#: Modules whose browser-side models start from the same defaults as their Python side.
CORE_MODULES = frozenset(
    {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}
)

_IPYWIDGETS_HANDLER = Widget.__dict__["_handle_control_comm_msg"]


def page_states() -> tuple[dict[str, Any], list[Any], list[Any]]:
    """Return every open widget's state, buffer paths and buffers, defaults left out.

    The shape is ipywidgets' ``update_states`` message: states keyed by model id.
    """
    states: dict[str, Any] = {}
    # A copy: a widget closed on another thread must not change the dict mid-loop.
    for widget in list(_instances.values()):
        states[widget.model_id] = {
            "model_name": widget._model_name,
            "model_module": widget._model_module,
            "model_module_version": widget._model_module_version,
            "state": widget.get_state(drop_defaults=widget._model_module in CORE_MODULES),
        }
    found, paths, buffers = _remove_buffers(states)
    return found, paths, buffers


def _handle_control_comm_msg(cls: type[Widget], msg: dict[str, Any]) -> None:
    """Answer ``request_states`` with ``page_states``; leave the rest to ipywidgets."""
    data = msg.get("content", {}).get("data", {})
    comm = cls._control_comm
    if comm is None or data.get("method") != "request_states":
        _IPYWIDGETS_HANDLER.__func__(cls, msg)
        return
    states, paths, buffers = page_states()
    comm.send({"method": "update_states", "states": states, "buffer_paths": paths}, buffers=buffers)


def install() -> None:
    """Make this kernel's widgets answer a page's state request with ``page_states``."""
    # ipywidgets looks the handler up when the browser opens the control comm, which
    # is after the page's cells have run and imported this module.
    Widget._handle_control_comm_msg = classmethod(_handle_control_comm_msg)
