"""No module in src/ is over 400 lines (issue 16): one module, one job."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
LIMIT = 400


def _lengths() -> dict[str, int]:
    package = SRC / "rollbook"
    return {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
    }


def test_no_module_is_over_the_limit() -> None:
    too_long = {name: lines for name, lines in _lengths().items() if lines > LIMIT}
    assert not too_long, (
        f"modules over {LIMIT} lines: {too_long}; split each along its seams into "
        "modules whose names say what each part does (docs/architecture.md)"
    )
