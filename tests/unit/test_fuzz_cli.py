"""Fuzz every ``rollbook`` command with hostile arguments.

The commands are found from the real parser (``build_parser()``), so a command added
later is fuzzed too. For any argument list:
- no exception escapes ``main`` (``--help``/``--version`` may exit 0 as argparse does);
- the exit code is 0 or 2; on 2 the message is one line starting with ``error:``;
- on exit 2 the store is exactly as it was.

Generated paths never leave the test's own folder: the values are hostile text, but
the test must not write to the machine it runs on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rollbook.app.lab
import rollbook.app.launcher
import rollbook.app.preview
import rollbook.paths
from rollbook.cli import build_parser, main
from rollbook.records import LogEntry, SitePain
from rollbook.store import FILE_NAME, open_store

HOSTILE = [
    "",
    " ",
    "-",
    "--",
    "0",
    "-1",
    "11",
    "1e309",
    "nan",
    "inf",
    "-0",
    "99999999999999999999999",
    "0x10",
    "knee=5",
    "knee=11",
    "knee=-1",
    "nosuchsite=3",
    "knee",
    "=",
    "Ann",
    "ann",
    "ANN",
    "Bob",
    "today",
    "yesterday",
    "2026-02-30",
    "2999-01-01",
    "0001-01-01",
    "2026-03-01",
    "text",
    "json",
    "smooth",
    "spiked",
    "'; DROP TABLE profiles; --",
    "Robert'); DELETE FROM log_entries; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{0.__class__}",
    "%s%s%s%n",
    "$(touch pwned)",
    "\u202eevil",
    "\u200b",
    "Zoë",
    "名前",
    "💥🏃",
    "a" * 81,
    "b" * 2001,
    "x" * 10_000,
    "line\nbreak",
    "tab\there",
    "\r\n",
    "\x1b[31mred",
    "-h-not-help",
    "not-a-file.sqlite",
    "log.csv",
    "bad.csv",
    "empty.csv",
    "folder",
    "sub/out.csv",
    "../outside-cwd.csv",
    "copy.sqlite",
    "plan.pdf",
    "plan.ics",
]


def _tame(value: str) -> str:
    """Keep a generated value from naming a path outside the test folder."""
    # The working folder is two levels inside the test's temp folder, so one "../"
    # stays inside it; absolute paths, "~" and deeper climbs do not.
    if value.startswith(("/", "~", "../..")) or value.count("..") > 1:
        value = value.replace("/", "_").replace("~", "_")
    return value.replace("\x00", "")  # a real argv cannot hold NUL


text_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
).map(_tame)


@dataclass(frozen=True)
class Command:
    """A runnable command path (e.g. ``("log", "add")``) and its arguments."""

    path: tuple[str, ...]
    flags: tuple[str, ...]
    options: tuple[tuple[str, tuple[str, ...]], ...]  # option, known choices
    positionals: int


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[Command]:
    children = _subparsers(parser)
    if children:
        found: list[Command] = []
        for name, child in children.items():
            found.extend(_commands(child, (*path, name)))
        return found
    flags, options, positionals = [], [], 0
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            positionals += 1
        elif action.nargs == 0:
            flags.append(action.option_strings[-1])
        else:
            choices = tuple(str(c) for c in (action.choices or ()))
            options.append((action.option_strings[-1], choices))
    return [Command(path, tuple(flags), tuple(options), positionals)]


COMMANDS = _commands(build_parser())
GROUPS = sorted({c.path[:-1] for c in COMMANDS if len(c.path) > 1})


def test_the_fuzzer_sees_every_command() -> None:
    names = {c.path[0] for c in COMMANDS}
    assert {"app", "backup", "restore", "plan"} <= names


@st.composite
def argv_for(draw: st.DrawFn, command: Command) -> list[str]:
    """An argument list for ``command``: real options in any mix, hostile values."""
    parts: list[list[str]] = []
    for option, choices in command.options:
        for _ in range(draw(st.integers(0, 2))):
            pool = st.sampled_from(choices) if choices else text_values
            value = draw(st.one_of(pool, text_values) if choices else pool)
            parts.append([option, value])
    for flag in command.flags:
        if draw(st.booleans()):
            parts.append([flag])
    count = draw(st.sampled_from([command.positionals, command.positionals, 0, 2]))
    for _ in range(count):
        parts.append([draw(text_values)])
    order = draw(st.permutations(range(len(parts)))) if parts else []
    argv = [*command.path]
    for index in order:
        argv.extend(parts[index])
    return argv


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder with one runner, a working folder with files to point at."""
    root = tmp_path_factory.mktemp("fuzz")
    home = root / "home"
    work = root / "a" / "work"
    work.mkdir(parents=True)
    (work / "folder").mkdir()
    (work / "sub").mkdir()
    header = "date,site,pain_during,pain_after,pain_morning,km,rolled_min,done,note"
    (work / "log.csv").write_text(f"{header}\n2026-01-05,knee,3,2,1,5,10,yes,ok\n")
    (work / "bad.csv").write_text("date,km\n2026-01-05,lots\n")
    (work / "empty.csv").write_text("")
    (work / "not-a-file.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x01" * 500)
    with open_store(home / FILE_NAME) as store:
        ann = store.add_profile("Ann")
        day = dt.date(2026, 1, 4)
        entry = LogEntry(date=day, km=4.0, pains=(SitePain("knee", during=2),))
        store.save_entry(ann, entry, today=day)
    # A project folder of the sandbox's own: `rollbook clean` with no file cleans its
    # notebooks, never the checkout's.
    (work / "notebooks").mkdir()
    shutil.copy(rollbook.paths.notebooks_dir() / "00_start_here.ipynb", work / "notebooks")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROLLBOOK_HOME", str(home))
        mp.setenv("ROLLBOOK_PROJECT", str(work))
        mp.chdir(work)
        # `rollbook app`, `preview` and `lab` must never really start a server here.
        mp.setattr(rollbook.app.launcher, "run", lambda **kwargs: 0)
        mp.setattr(rollbook.app.preview, "run", lambda **kwargs: 0)
        mp.setattr(rollbook.app.lab, "run", lambda **kwargs: 0)
        mp.setattr(sys, "stdin", io.StringIO(""))
        yield home


def _run(argv: list[str]) -> tuple[int, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's --help and --version
            code = exc.code if isinstance(exc.code, int) else 2
            assert code == 0, f"SystemExit({exc.code!r}) escaped main for {argv!r}"
    out.flush()
    err.flush()
    return code, _read(out), _read(err)


def _read(stream: io.TextIOWrapper) -> str:
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8", errors="replace")


def _check(sandbox: Path, argv: list[str]) -> None:
    db = sandbox / FILE_NAME
    before = _dump(db)
    try:
        code, _out, err = _run(argv)
    except Exception as exc:  # pragma: no cover - the failure being hunted
        raise AssertionError(f"{type(exc).__name__} escaped main for {argv!r}: {exc}") from exc
    assert code in (0, 2), f"exit code {code} for {argv!r}\n{err}"
    assert "Traceback" not in err, f"traceback for {argv!r}:\n{err}"
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        # `runs import` names each bad file on its own line (issue 21); others print one.
        if argv[:2] != ["runs", "import"]:
            assert len(lines) == 1, f"exit 2 must print one line for {argv!r}, got:\n{err}"
        assert lines and all(line.startswith("error: ") for line in lines), lines
        assert _dump(db) == before, f"{argv!r} failed but changed the store"
    assert db.exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c.path))
@settings(
    max_examples=int(os.environ.get("ROLLBOOK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzz_command(sandbox: Path, command: Command, data: st.DataObject) -> None:
    _check(sandbox, data.draw(argv_for(command), label="argv"))


@settings(
    max_examples=int(os.environ.get("ROLLBOOK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=st.lists(text_values, max_size=6))
def test_fuzz_top_level(sandbox: Path, argv: list[str]) -> None:
    """Arbitrary words where a command name is expected."""
    db = sandbox / FILE_NAME
    before = _dump(db)
    code, _out, err = _run(argv)
    assert code in (0, 2)
    assert "Traceback" not in err
    if code == 2:
        assert _dump(db) == before


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: "-".join(g))
def test_a_group_without_its_action(sandbox: Path, group: tuple[str, ...]) -> None:
    """``rollbook log`` alone: exit 2 and a short message or the group's help."""
    code, out, err = _run(list(group))
    assert code == 2
    assert "Traceback" not in err + out


def test_known_nasty_cases(sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases: list[list[str]] = [
        ["restore", "not-a-file.sqlite"],
        ["restore", "folder"],
        ["restore", "log.csv"],
        ["restore", ""],
        ["backup", "--out", ""],
        ["backup", "--out", "folder"],
        ["backup", "--out", "no/such/folder/x.sqlite"],
        ["app", "--port", "0"],
        ["app", "--port", "70000"],
        ["app", "--port", "eighty"],
        ["plan", "--pain", "knee=11"],
        ["plan", "--minutes", "1e309"],
    ]
    for argv in cases:
        _check(sandbox, argv)


@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\x0b"])
def test_line_breaks_in_values_stay_on_one_line(sandbox: Path, breaker: str) -> None:
    code, _out, err = _run(["flags", f"x{breaker}y"])
    assert code == 2
    assert len([line for line in err.splitlines() if line.strip()]) == 1, err


def test_log_export_with_an_empty_out(sandbox: Path) -> None:
    code, _out, err = _run(["log", "export", "--profile", "Ann", "--out", "", "--force"])
    assert code == 2 and err.startswith("error: ")


def test_log_export_with_a_too_long_out(sandbox: Path) -> None:
    code, _out, err = _run(["log", "export", "--profile", "Ann", "--out", "b" * 300])
    assert code == 2 and err.startswith("error: ")


def test_hostile_text_is_stored_verbatim_never_run(sandbox: Path) -> None:
    """Text that looks like SQL or HTML is data: saved as typed, harming nothing."""
    hostile = "Robert'); DROP TABLE profiles; --"
    # The fuzz tests above may rename or delete runners (share import --as, profile
    # delete --yes): compare with the runners there just before, not with a fixed list.
    with open_store(sandbox / FILE_NAME) as store:
        before = {p.name for p in store.list_profiles()}
    code, _out, _err = _run(["profile", "add", hostile])
    if code != 0:
        pytest.skip("no 'profile add' command in this build")
    with open_store(sandbox / FILE_NAME) as store:
        names = {p.name for p in store.list_profiles()}
    assert names == before | {hostile}
