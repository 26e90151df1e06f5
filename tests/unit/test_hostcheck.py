"""rollbook.app.hostcheck: only this app's names and origins are served (DNS rebinding)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollbook.app import hostcheck, launcher
from rollbook.app.hostcheck import HostPolicy
from rollbook.cli import main

LOCAL = HostPolicy.for_server("127.0.0.1")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:8866",
        "localhost:8866",
        "LOCALHOST:8866",
        "[::1]:8866",
        "127.0.0.1",
        "localhost",
        "127.0.0.2:8866",
    ],
)
def test_this_machine_is_served(host: str) -> None:
    assert LOCAL.host_allowed(host)


@pytest.mark.parametrize(
    "host",
    [
        "rebind.attacker.test:8866",
        "localhost.attacker.test:8866",
        "127.0.0.1.nip.io:8866",
        "192.168.1.20:8866",
        "0.0.0.0:8866",
        "",
        None,
        "localhost:8866:1",
        "local host",
        "[not-v6]:8866",
        "localhost/..",
    ],
)
def test_other_names_are_refused(host: str | None) -> None:
    assert not LOCAL.host_allowed(host)
    assert LOCAL.refusal(host, None)


def test_the_host_given_and_allowed_names_are_served() -> None:
    policy = HostPolicy.for_server("192.168.1.20", ["Rollbook.Clinic.Example"])
    assert policy.host_allowed("192.168.1.20:8866")
    assert policy.host_allowed("rollbook.clinic.example")
    assert policy.host_allowed("localhost:8866")
    assert not policy.host_allowed("192.168.1.21:8866")
    assert not policy.host_allowed("attacker.test")


def test_listening_everywhere_accepts_addresses_but_not_other_names() -> None:
    policy = HostPolicy.for_server("0.0.0.0", ["laptop.local"])
    assert policy.host_allowed("192.168.1.20:8866")  # an address cannot be rebound
    assert policy.host_allowed("[fe80::1]:8866")
    assert policy.host_allowed("laptop.local:8866")
    assert not policy.host_allowed("rebind.attacker.test:8866")
    assert "any IP address" in policy.describe()


@pytest.mark.parametrize(
    ("origin", "host", "ok"),
    [
        (None, "127.0.0.1:8866", True),
        ("http://127.0.0.1:8866", "127.0.0.1:8866", True),
        ("HTTP://LOCALHOST:8866", "localhost:8866", True),
        ("http://127.0.0.1:8866", "localhost:8866", False),
        ("http://evil.test", "127.0.0.1:8866", False),
        ("http://127.0.0.1:9999", "127.0.0.1:8866", False),
        ("null", "127.0.0.1:8866", False),
        ("file://", "127.0.0.1:8866", False),
        ("", "127.0.0.1:8866", False),
    ],
)
def test_origin_must_be_the_app_itself(origin: str | None, host: str, ok: bool) -> None:
    assert LOCAL.origin_allowed(origin, host) is ok


@given(st.text(max_size=60))
def test_any_host_header_is_judged_without_error(value: str) -> None:
    assert isinstance(LOCAL.host_allowed(value), bool)
    assert isinstance(LOCAL.origin_allowed(value, "127.0.0.1:8866"), bool)


@pytest.mark.parametrize("bad", ["http://x.test", "x.test:80", "a b", "*", "x/y", ""])
def test_allow_host_typos_are_caught(bad: str) -> None:
    with pytest.raises(ValueError, match="not a host name"):
        hostcheck.normalise_name(bad)


def test_names_from_env() -> None:
    assert hostcheck.names_from_env("a.test, B.test  c") == ["a.test", "b.test", "c"]
    assert hostcheck.names_from_env("") == []


def _capture(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    class FakeApp:
        @classmethod
        def launch_instance(cls, argv: list[str], config: Any = None) -> None:
            seen["argv"] = argv

    monkeypatch.setattr(launcher, "make_app_class", lambda: FakeApp)
    return seen


def test_cli_passes_allowed_hosts_and_says_which_names_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = _capture(monkeypatch)
    argv = [
        "app",
        "--no-browser",
        "--host",
        "0.0.0.0",
        "--allow-host",
        "Laptop.local",
        "--allow-host",
        "192.168.1.20",
    ]
    assert main(argv) == 0
    assert '--RollbookVoila.allow_hosts=["laptop.local", "192.168.1.20"]' in seen["argv"]
    err = capsys.readouterr().err
    assert "laptop.local" in err and "--allow-host" in err


def test_cli_refuses_a_malformed_allowed_host(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _capture(monkeypatch)
    assert main(["app", "--no-browser", "--allow-host", "http://x.test:80"]) != 0
    assert "--allow-host" in capsys.readouterr().err


def test_local_app_passes_no_allowed_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture(monkeypatch)
    assert main(["app", "--no-browser"]) == 0
    assert not any("allow_hosts" in a for a in seen["argv"])
