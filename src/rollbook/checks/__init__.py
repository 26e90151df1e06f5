"""``rollbook check``: everything an educator should fix before sharing a change.

Each check returns :class:`Problem` records: where (file, and line or cell), what is
wrong, and a plain fix. The checks read files only; they change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: ``where`` is ``file:line`` or ``file: entry``."""

    where: str
    what: str
    fix: str

    def text(self) -> str:
        """``notebooks/01_x.ipynb:cell 3: sentence has 31 words … Fix: …``."""
        return f"{self.where}: {self.what}. Fix: {self.fix}."


def project_parts(root: Path) -> tuple[Path, Path, Path]:
    """Return the content folder, ``pages.toml`` and the notebooks folder under ``root``."""
    package = root / "src" / "rollbook"
    return package / "content", package / "pages.toml", root / "notebooks"


def looks_like_project(root: Path) -> bool:
    """True when ``root`` holds a rollbook checkout (content folder and notebooks)."""
    content, pages, notebooks = project_parts(root)
    return content.is_dir() and pages.is_file() and notebooks.is_dir()


def run_checks(root: Path) -> list[Problem]:
    """Run every check on the project at ``root`` and return the problems found."""
    from rollbook.checks import content, notebooks, pages

    content_dir, pages_file, notebooks_dir = project_parts(root)
    found: list[Problem] = []
    library, library_problems = content.check_library(content_dir, root)
    found += library_problems
    found += pages.check_pages(pages_file, notebooks_dir, root)
    found += notebooks.check_notebooks(notebooks_dir, root, library)
    return found
