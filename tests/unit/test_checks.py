"""``rollbook check`` and ``rollbook clean``: problems named with where, what and a fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rollbook import paths, readability
from rollbook.checks import run_checks
from rollbook.cli import main
from rollbook.notebook_clean import clean_file

ROOT = paths.project_root()
HARD = (
    "Notwithstanding considerable interindividual variability, progressive mechanotherapeutic "
    "loading demonstrably facilitates musculotendinous adaptation."
)
LONG = " ".join(["The runner can walk to the shop and back"] * 4) + "."


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the parts of the project that ``rollbook check`` reads."""
    shutil.copytree(
        ROOT / "src" / "rollbook" / "content",
        tmp_path / "src/rollbook/content",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    shutil.copy(ROOT / "src" / "rollbook" / "pages.toml", tmp_path / "src/rollbook/pages.toml")
    shutil.copytree(
        ROOT / "notebooks",
        tmp_path / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
    )
    return tmp_path


def _texts(root: Path) -> list[str]:
    return [p.text() for p in run_checks(root)]


def _edit_notebook(path: Path, source: str, cell_type: str = "markdown") -> None:
    book = json.loads(path.read_text(encoding="utf-8"))
    book["cells"].insert(
        1,
        {
            "cell_type": cell_type,
            "id": "added",
            "metadata": {},
            "source": source,
            **({"outputs": [], "execution_count": None} if cell_type == "code" else {}),
        },
    )
    path.write_text(json.dumps(book, indent=1, ensure_ascii=False), encoding="utf-8")


def test_the_project_passes_its_own_checks() -> None:
    problems = _texts(ROOT)
    assert not problems, "\n".join(problems)


def test_sentence_rules() -> None:
    (hard,) = readability.sentences(HARD)
    assert hard.grade > readability.MAX_SENTENCE_GRADE and "grade" in hard.problem()
    (long,) = readability.sentences(LONG)
    assert "words" in long.problem()
    assert readability.sentences("Stop. Use e.g. ice, et al. too.")[1].text.startswith("Use e.g.")
    assert not readability.sentences("Rest now.")[0].problem()


def test_a_hard_sentence_in_a_notebook_is_quoted_with_its_grade(project: Path) -> None:
    page = project / "notebooks" / "01_why_rest_isnt_enough.ipynb"
    _edit_notebook(page, f"Some easy words here.\n\n{HARD}")
    (problem,) = [t for t in _texts(project) if "Notwithstanding" in t]
    assert problem.startswith("notebooks/01_why_rest_isnt_enough.ipynb:cell 2, line 3: ")
    assert "reads at grade" in problem and HARD in problem and "Fix: split it" in problem


def test_a_long_sentence_passes_no_more_by_averaging(project: Path) -> None:
    page = project / "notebooks" / "01_why_rest_isnt_enough.ipynb"
    _edit_notebook(page, LONG)
    assert any("has 36 words" in t for t in _texts(project))


def test_a_hard_content_field_is_found_with_its_line(project: Path) -> None:
    exercises = project / "src/rollbook/content/exercises.toml"
    text = exercises.read_text(encoding="utf-8")
    start = text.index('how = "') + len('how = "')
    exercises.write_text(text[:start] + HARD + " " + text[start:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    (problem,) = [t for t in _texts(project) if "Notwithstanding" in t]
    assert problem.startswith(f"src/rollbook/content/exercises.toml:{line}: field 'exercise 1, ")
    assert "level 1, how" in problem


def test_broken_content_is_one_line_with_a_fix(project: Path) -> None:
    exercises = project / "src/rollbook/content/exercises.toml"
    text = exercises.read_text(encoding="utf-8")
    exercises.write_text(text.replace('area = "foot-ankle"\n', "", 1), encoding="utf-8")
    (problem,) = _texts(project)
    assert problem.startswith("src/rollbook/content/exercises.toml: entry ")
    assert "allowed: foot-ankle, knee, hip, trunk" in problem and "Fix: add the field" in problem


def test_saved_outputs_and_widget_state_name_the_remedy(project: Path) -> None:
    page = project / "notebooks" / "05_track_progress.ipynb"
    book = json.loads(page.read_text(encoding="utf-8"))
    book["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    code = next(c for c in book["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Ann\n"}]
    code["execution_count"] = 3
    page.write_text(json.dumps(book, indent=1, ensure_ascii=False), encoding="utf-8")
    (problem,) = _texts(project)
    assert "widget state, cell outputs, execution counts" in problem
    assert "rollbook clean notebooks/05_track_progress.ipynb" in problem
    assert clean_file(page, title=book["metadata"]["title"])
    assert not _texts(project)
    assert not clean_file(page, title=book["metadata"]["title"])


def test_names_titles_and_pages_list(project: Path) -> None:
    notebooks = project / "notebooks"
    shutil.copy(
        notebooks / "01_why_rest_isnt_enough.ipynb", notebooks / "01_why_rest_isnt_enough.es.ipynb"
    )  # a translation is fine
    shutil.copy(notebooks / "01_why_rest_isnt_enough.ipynb", notebooks / "07_More Pages.ipynb")
    shutil.copy(notebooks / "01_why_rest_isnt_enough.ipynb", notebooks / "08_extra.ipynb")
    texts = _texts(project)
    assert not [t for t in texts if t.startswith("notebooks/01_why_rest_isnt_enough.es")]
    assert any(
        "07_More Pages.ipynb: the file name does not follow" in t and "07_my_new_page.ipynb" in t
        for t in texts
    )
    assert any(
        t.startswith("notebooks/08_extra.ipynb: this page is not in pages.toml") for t in texts
    )


def test_unknown_reference_in_a_notebook_gets_a_suggestion(project: Path) -> None:
    page = project / "notebooks" / "04_roll_along.ipynb"
    _edit_notebook(page, 'references(["silbernagel-207"])', cell_type="code")
    (problem,) = _texts(project)
    assert "unknown reference id 'silbernagel-207' (did you mean 'silbernagel-2007'?)" in problem


def test_cli_exit_codes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(project)]) == 0
    assert "All checks passed" in capsys.readouterr().out
    _edit_notebook(project / "notebooks" / "01_why_rest_isnt_enough.ipynb", LONG)
    assert main(["check", "--root", str(project)]) == 1
    out = capsys.readouterr()
    assert "has 36 words" in out.out and "1 problem found" in out.err
    assert main(["check", "--root", str(project / "notebooks")]) == 2
    assert "is not a rollbook project folder" in capsys.readouterr().err


def test_clean_command(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "notebooks" / "00_start_here.ipynb"
    book = json.loads(page.read_text(encoding="utf-8"))
    book["metadata"]["widgets"] = {"state": {}}
    page.write_text(json.dumps(book), encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    assert "cleaned" in capsys.readouterr().out
    assert "widgets" not in json.loads(page.read_text(encoding="utf-8"))["metadata"]
    assert main(["clean", str(project / "nope.txt")]) == 2


def test_a_wide_page_must_say_true_or_false(project: Path) -> None:
    pages = project / "src/rollbook/pages.toml"
    pages.write_text(
        pages.read_text(encoding="utf-8").replace("wide = true", 'wide = "yes"'), encoding="utf-8"
    )
    (problem,) = _texts(project)
    assert "field 'wide' is not true or false" in problem
    assert "wide = true (no quotes)" in problem
