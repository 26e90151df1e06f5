"""rollbook.app.kernel_guard and kernel_limits: what passes the kernel socket; page bounds."""

from __future__ import annotations

import pytest

from rollbook.app import kernel_guard, kernel_limits
from rollbook.app.kernel_guard import incoming_refusal, outgoing_refusal
from rollbook.app.kernel_limits import VisitorPages, page_refusal


@pytest.mark.parametrize(
    "msg_type", ["comm_msg", "comm_close", "comm_info_request", "kernel_info_request"]
)
def test_widget_messages_pass(msg_type: str) -> None:
    assert incoming_refusal("shell", msg_type, {}) is None


def test_the_widget_control_comm_may_be_opened() -> None:
    content = {"target_name": "jupyter.widget.control", "data": {}}
    assert incoming_refusal("shell", "comm_open", content) is None


@pytest.mark.parametrize("target", ["jupyter.widget", "jupyter.widget.version", "anything", None])
def test_other_comm_opens_are_dropped(target: str | None) -> None:
    content = {"target_name": target, "data": {"state": {"_model_name": "TextModel"}}}
    assert incoming_refusal("shell", "comm_open", content)
    assert incoming_refusal("shell", "comm_open", lambda: content)  # read lazily
    assert incoming_refusal("shell", "comm_open", "garbage")


@pytest.mark.parametrize(
    "msg_type",
    [
        "execute_request",
        "inspect_request",
        "complete_request",
        "history_request",
        "is_complete_request",
        "shutdown_request",
        "interrupt_request",
        "debug_request",
        "usage_request",
        None,
        7,
    ],
)
def test_code_and_kernel_control_are_dropped(msg_type: object) -> None:
    assert incoming_refusal("shell", msg_type, {})


@pytest.mark.parametrize("channel", ["control", "stdin", "iopub", None, "x"])
def test_other_channels_are_dropped(channel: str | None) -> None:
    assert incoming_refusal(channel, "kernel_info_request", {})
    assert incoming_refusal(channel, "shutdown_request", {"restart": True})


def test_errors_and_stderr_stay_on_the_server() -> None:
    assert outgoing_refusal("iopub", "error", {"ename": "TraitError"})
    assert outgoing_refusal("iopub", "stream", {"name": "stderr", "text": "Traceback"})
    assert outgoing_refusal("iopub", "stream", {"name": "stdout", "text": "hi"}) is None
    for msg_type in ("comm_msg", "status", "display_data", "comm_open"):
        assert outgoing_refusal("iopub", msg_type, {}) is None
    assert outgoing_refusal("shell", "kernel_info_reply", {}) is None


def test_error_details_are_logged_as_plain_text() -> None:
    text = kernel_guard.describe_error(
        {"ename": "TraitError", "evalue": "bad", "traceback": ["\x1b[31mFile x.py:1\x1b[0m"]}
    )
    assert text == "TraitError: bad\nFile x.py:1"
    assert kernel_guard.describe_error({"name": "stderr", "text": "oops"}) == "oops"


def test_the_app_uses_the_guarded_connection() -> None:
    from rollbook.app import guarding

    class App:
        kernel_websocket_connection_class: type = object

    app = App()
    guarding.configure_app(app)
    assert app.kernel_websocket_connection_class is kernel_guard.GuardedConnection


# --- open pages ----------------------------------------------------------------------


def test_pages_per_visitor_are_counted_while_their_kernels_live(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(kernel_limits.ENV_MAX_PAGES_PER_VISITOR, "2")
    monkeypatch.setenv(kernel_limits.ENV_MAX_PAGES, "0")
    pages = VisitorPages()
    pages.note("ann", "k1")
    pages.note("ann", "k2")
    alive = {"k1", "k2", "k3"}
    assert page_refusal(visitor="ann", alive=alive, pooled=set(), pages=pages) == "visitor"
    assert page_refusal(visitor="bob", alive=alive, pooled=set(), pages=pages) is None
    assert page_refusal(visitor=None, alive=alive, pooled=set(), pages=pages) is None
    # A closed page's kernel is gone: Ann may open another.
    assert page_refusal(visitor="ann", alive={"k2"}, pooled=set(), pages=pages) is None


def test_pages_in_total_do_not_count_warm_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(kernel_limits.ENV_MAX_PAGES, "3")
    pages = VisitorPages()
    alive = {"k1", "k2", "k3", "warm"}
    assert page_refusal(visitor=None, alive=alive, pooled={"warm"}, pages=pages) == "total"
    assert page_refusal(visitor=None, alive=alive, pooled={"warm", "k3"}, pages=pages) is None


@pytest.mark.parametrize(("text", "value"), [("", 40), ("5", 5), ("x", 40), ("-3", 0)])
def test_bounds_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, text: str, value: int
) -> None:
    monkeypatch.setenv(kernel_limits.ENV_MAX_PAGES, text)
    assert kernel_limits.max_pages() == value


def test_too_many_pages_page_is_plain_and_kind() -> None:
    page = kernel_limits.too_many_pages_html()
    assert '<html lang="en">' in page and "<title>" in page and 'role="alert"' in page
    assert "Close a rollbook tab" in page and "Reload the page" in page
    assert "<script" not in page


def test_kernel_memory_is_capped_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging
    import subprocess
    import sys

    resource = pytest.importorskip("resource")
    if not hasattr(resource, "prlimit"):
        pytest.skip("no prlimit on this system")
    monkeypatch.setenv(kernel_limits.ENV_KERNEL_MEMORY_MB, "300")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert kernel_limits.limit_process_memory(child.pid, logging.getLogger("t"))
        soft, hard = resource.prlimit(child.pid, resource.RLIMIT_DATA)
        assert soft == hard == 300 * 1024 * 1024 + kernel_limits.DATA_HEADROOM_BYTES
    finally:
        child.kill()
        child.wait()


def test_memory_limit_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging
    import os

    monkeypatch.setenv(kernel_limits.ENV_KERNEL_MEMORY_MB, "0")
    assert kernel_limits.kernel_memory_bytes() == 0
    assert not kernel_limits.limit_process_memory(os.getpid(), logging.getLogger("t"))


def test_a_capped_kernel_cannot_grow_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging
    import subprocess
    import sys

    resource = pytest.importorskip("resource")
    if not hasattr(resource, "prlimit"):
        pytest.skip("no prlimit on this system")
    monkeypatch.setenv(kernel_limits.ENV_KERNEL_MEMORY_MB, "100")
    grow = (
        "import sys\nsys.stdin.readline()\n"
        "try:\n    block = bytearray(1536 * 2**20)\n    print('grew')\n"
        "except MemoryError:\n    print('refused')\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", grow], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert kernel_limits.limit_process_memory(child.pid, logging.getLogger("t"))
    out, _ = child.communicate("go\n", timeout=60)
    assert out.strip() == "refused"


class _FakeKernel:
    def __init__(self, pid: int) -> None:
        self.provisioner = type("P", (), {"pid": pid})()


class _FakeMulti:
    def __init__(self, kernels: dict[str, int]) -> None:
        import logging

        self.kernels = kernels
        self.log = logging.getLogger("fake")
        self.ended: list[str] = []

    def list_kernel_ids(self) -> list[str]:
        return list(self.kernels)

    def get_kernel(self, kernel_id: str) -> _FakeKernel:
        return _FakeKernel(self.kernels[kernel_id])

    async def shutdown_kernel(self, kernel_id: str, now: bool = False) -> None:
        self.ended.append(kernel_id)


HOG = "import sys; b = b'x' * (300 * 2**20); print('ready', flush=True); sys.stdin.readline()"


def test_a_kernel_over_the_limit_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    from ..asyncrun import run_async

    monkeypatch.setenv(kernel_limits.ENV_KERNEL_MEMORY_MB, "150")
    hog = subprocess.Popen(
        [sys.executable, "-c", HOG],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert hog.stdout is not None and hog.stdout.readline().strip() == "ready"
        multi = _FakeMulti({"hog": hog.pid, "gone": 2**22 + 7})
        ended = run_async(kernel_limits.end_oversized_kernels(multi))
        assert ended == ["hog"] == multi.ended
    finally:
        hog.kill()
        hog.wait()
