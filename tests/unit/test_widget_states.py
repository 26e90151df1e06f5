"""rollbook.ui.widget_states: a page's widgets reach the browser without their defaults."""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets
import pytest
import traitlets
from ipywidgets import Widget

import rollbook.ui  # noqa: F401 - importing the pages' package installs the answer
from rollbook.ui import widget_states


class Sent:
    """Stands in for the control comm: keeps what the kernel sends the browser."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def send(self, data: dict[str, Any], buffers: Any = None) -> None:
        self.messages.append(data)


class Counter(widgets.DOMWidget):  # type: ignore[misc]
    """A custom widget, as anywidget makes: its browser model knows no Python default."""

    _model_name = traitlets.Unicode("AnyModel").tag(sync=True)
    _model_module = traitlets.Unicode("anywidget").tag(sync=True)
    count = traitlets.Int(0).tag(sync=True)


@pytest.fixture
def control(monkeypatch: pytest.MonkeyPatch) -> Sent:
    sent = Sent()
    monkeypatch.setattr(Widget, "_control_comm", sent)
    return sent


def request(method: str) -> dict[str, Any]:
    return {"content": {"data": {"method": method}}}


def test_the_pages_package_installs_the_answer() -> None:
    assert Widget._handle_control_comm_msg.__func__ is widget_states._handle_control_comm_msg


def test_core_widgets_are_sent_without_their_defaults(control: Sent) -> None:
    slider = widgets.IntSlider(value=3, description="Pain")
    box = widgets.VBox([slider])
    Widget._handle_control_comm_msg(request("request_states"))
    (message,) = control.messages
    assert message["method"] == "update_states"
    states = message["states"]
    sent = states[slider.model_id]["state"]
    assert sent["value"] == 3 and sent["description"] == "Pain"
    assert "max" not in sent and "readout" not in sent  # still at their defaults
    assert states[box.model_id]["state"]["children"] == [f"IPY_MODEL_{slider.model_id}"]
    full = slider.get_state()
    assert len(json.dumps(sent)) < len(json.dumps(full)) / 2
    # Every value left out is the trait's default, which the browser's model starts with.
    for key in set(full) - set(sent):
        assert full[key] == slider.get_state(key)[key]
    box.close()
    slider.close()


def test_custom_widgets_keep_their_full_state(control: Sent) -> None:
    counter = Counter()
    Widget._handle_control_comm_msg(request("request_states"))
    sent = control.messages[0]["states"][counter.model_id]["state"]
    assert sent["count"] == 0  # a default, sent all the same
    assert sent == counter.get_state()
    counter.close()


def test_every_open_widget_is_sent(control: Sent) -> None:
    made = [widgets.Button(description=str(n)) for n in range(5)]
    Widget._handle_control_comm_msg(request("request_states"))
    assert {w.model_id for w in made} <= set(control.messages[0]["states"])
    for widget in made:
        widget.close()


def test_other_messages_are_left_to_ipywidgets(control: Sent) -> None:
    with pytest.raises(RuntimeError, match="Unknown front-end"):
        Widget._handle_control_comm_msg(request("something_else"))
    assert control.messages == []
