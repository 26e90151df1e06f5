"""The LEFS page model and form: checked answers, one save for page and CLI, nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from rollbook.content.progressfile import load_progression
from rollbook.pages.errors import PageInputError
from rollbook.pages.lefs import check_answers, lefs_form, save_lefs
from rollbook.records import Profile
from rollbook.review_charts import EMPTY_LEFS, lefs_chart
from rollbook.store import SqliteStore, StoreError
from rollbook.ui.lefs_form import NOT_SET, LefsFormView

TODAY = dt.date(2026, 6, 20)


def test_the_form_has_the_scales_20_items_and_5_answers() -> None:
    form = lefs_form()
    assert len(form.items) == 20 and len(form.answers) == 5 and form.top == 80
    assert form.mcid == load_progression().lefs.mcid == 9
    assert (
        form.items[0].startswith("Any of your usual work")
        and form.items[-1] == "Rolling over in bed"
    )
    assert form.answers[0].startswith("Extreme difficulty") and form.answers[-1] == "No difficulty"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([3] * 19, "has 20 questions; got 19"),
        ([3] * 18 + [None, None], "Not answered yet: questions 19, 20."),
        ([None] * 20, "questions 1, 2, 3, 4, 5, 6 and 14 more."),
        ([3] * 19 + [None], "Not answered yet: question 20."),
        ([3] * 19 + [5], "Answer 20 must be a whole number from 0 to 4"),
        ([3] * 19 + [-1], "Answer 20 must be"),
        ([3] * 19 + [True], "Answer 20 must be"),
        ([3] * 19 + [2.5], "Answer 20 must be"),
        ([3] * 19 + ["x"], "Answer 20 must be"),
    ],
)
def test_bad_answers_say_what_is_wrong(values: list[object], message: str) -> None:
    with pytest.raises(PageInputError) as caught:
        check_answers(values)
    assert message in str(caught.value)


def test_answers_as_text_or_numbers() -> None:
    assert check_answers(["4"] * 10 + [0] * 10) == (4,) * 10 + (0,) * 10


def test_save_returns_the_change_and_saves_nothing_on_error(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    first = save_lefs(store, ann, TODAY - dt.timedelta(days=21), [2] * 20, today=TODAY)
    assert first.created and first.record.total == 40 and first.change is not None
    later = save_lefs(store, ann, TODAY, [3] * 20, today=TODAY)
    assert later.change is not None and later.change.change == 20 and later.change.meets_mcid
    again = save_lefs(store, ann, TODAY, [3] * 19 + [4], today=TODAY)
    assert not again.created and again.record.total == 61
    with pytest.raises(PageInputError):
        save_lefs(store, ann, TODAY, [3] * 19 + [None], today=TODAY)
    with pytest.raises(StoreError):
        save_lefs(store, ann, TODAY + dt.timedelta(days=1), [1] * 20, today=TODAY)
    assert [r.total for r in store.list_lefs(ann)] == [40, 61]


def _form(store: SqliteStore, profile: Profile) -> LefsFormView:
    saved: list[bool] = []
    view = LefsFormView(store, today=lambda: TODAY, on_saved=lambda: saved.append(True))
    view.set_profile(profile)
    return view


def test_form_saves_through_the_page_model(store: SqliteStore) -> None:
    ann = store.add_profile("Ann")
    view = _form(store, ann)
    assert view.section.selected_index is None
    for question in view.questions[:-1]:
        question.value = 3
    view.save_button.click()
    assert "Not answered yet: question 20." in view.msg.value
    assert store.list_lefs(ann) == []
    view.questions[-1].value = 4
    view.save_button.click()
    assert "61 out of 80" in view.msg.value
    assert [r.total for r in store.list_lefs(ann)] == [61]
    view.set_profile(store.add_profile("Bo"))
    assert all(q.value == NOT_SET for q in view.questions) and view.msg.value == ""


def test_form_without_a_runner_saves_nothing(store: SqliteStore) -> None:
    view = LefsFormView(store, today=lambda: TODAY)
    view.save_button.click()
    assert "Choose a runner first" in view.msg.value


def test_lefs_chart_band_and_summary() -> None:
    from rollbook.progress_records import LefsRecord

    assert lefs_chart([]).summary == EMPTY_LEFS
    one = lefs_chart([LefsRecord(TODAY, (2,) * 20)])
    assert one.summary == "Your first leg function score is 40 out of 80."
    two = lefs_chart([LefsRecord(TODAY, (3,) * 20), LefsRecord(TODAY - dt.timedelta(days=21),
                                                                (2,) * 20)])  # fmt: skip
    assert two.summary == (
        "Your leg function score went from 40 to 60 out of 80 (up 20 points): "
        "a change that matters (it takes 9 points or more)."
    )
    small = lefs_chart([LefsRecord(TODAY, (2,) * 19 + (4,)),
                        LefsRecord(TODAY - dt.timedelta(days=21), (2,) * 20)])  # fmt: skip
    assert "(up 2 points): not yet a clear change (it takes 9 points or more)." in small.summary
    legend = two.figure.axes[0].get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "within 9 points of your first score" in labels
