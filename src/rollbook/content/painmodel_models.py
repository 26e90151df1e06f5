"""Typed records of the pain-monitoring model's content file (``painmodel.toml``).

Checked by pydantic on load (:func:`rollbook.content.load_painmodel`); the rules that
use them are :mod:`rollbook.painmodel`. ``extra="forbid"`` makes a misspelt field name
an error instead of a silently ignored line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rollbook.content.models import Id, Text

#: The four actions, least careful first. Their names are fixed: pages, the CLI and
#: saved plans use them.
ACTIONS: tuple[str, ...] = ("keep", "hold", "cut-back", "pause")
ActionId = Literal["keep", "hold", "cut-back", "pause"]
Colour = Literal["green", "amber", "red"]
#: The pain bands, in order from 0 up to 10.
BANDS: tuple[str, ...] = ("safe", "acceptable", "too-much", "severe")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PainBand(_Part):
    """A stretch of the 0-10 scale with its colour and meaning."""

    id: Literal["safe", "acceptable", "too-much", "severe"]
    colour: Colour
    #: What a score in this band calls for on its own.
    action: ActionId
    low: int = Field(ge=0, le=10)
    high: int = Field(ge=0, le=10)
    label: Text
    text: Text


class PainAction(_Part):
    """One of the four things to do with running."""

    id: ActionId
    colour: Colour
    label: Text
    advice: Text
    references: list[Id] = Field(min_length=1)


class PainQuestion(_Part):
    """One of the three pain scores the rules use."""

    id: Literal["during", "after", "morning"]
    label: Text
    question: Text
    phrase: Text


class PainRules(_Part):
    """Numbers of the pain-monitoring rules."""

    bone_stress_sites: list[Id] = Field(min_length=1)
    refer_from: int = Field(ge=1, le=10)
    refer_urgency: Literal["soon", "today"]
    refer_action: Text
    refer_references: list[Id] = Field(min_length=1)
    morning_window_days: int = Field(ge=14, le=90)
    morning_skip_days: int = Field(ge=0, le=7)
    morning_ceiling: int = Field(ge=0, le=10)
    weekly_rise_points: float = Field(gt=0, le=10)
    persistent_days: int = Field(ge=1, le=7)
    references: list[Id] = Field(min_length=1)


class LoadRules(_Part):
    """Numbers of the load guard (weekly distance and single-run spikes)."""

    average_weeks: int = Field(ge=1, le=8)
    weekly_rise_pct: int = Field(ge=1, le=500)
    weekly_references: list[Id] = Field(min_length=1)
    run_window_days: int = Field(ge=7, le=90)
    run_rise_pct: int = Field(ge=1, le=500)
    run_references: list[Id] = Field(min_length=1)


class PainReasons(_Part):
    """Plain-sentence reasons; {names} are filled in by rollbook.painmodel."""

    score_safe: Text
    score_acceptable: Text
    score_too_much: Text
    score_severe: Text
    morning_settled: Text
    morning_raised: Text
    rise_highest: Text
    rise_average: Text
    bone_stress: Text
    weekly_spike: Text
    run_spike: Text
    persistent: Text
    not_eased: Text
    see_clinician: Text
    no_scores: Text


class RunningTexts(_Part):
    """The running guidance a plan gives for each action."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    no_pain: Text
    keep: Text
    hold: Text
    cut_back: Text = Field(alias="cut-back")
    pause: Text
    not_running: Text
    referral: Text
    few_days: Text
    many_days: Text
    references: list[Id] = Field(min_length=1)
    knee_references: list[Id] = Field(default_factory=list)
    rules: list[Text] = Field(min_length=1)


class PainModelContent(_Part):
    """Everything in painmodel.toml."""

    band: list[PainBand] = Field(min_length=4, max_length=4)
    action: list[PainAction] = Field(min_length=4, max_length=4)
    question: list[PainQuestion] = Field(min_length=3, max_length=3)
    rules: PainRules
    load: LoadRules
    reasons: PainReasons
    running: RunningTexts

    @model_validator(mode="after")
    def _in_order(self) -> PainModelContent:
        if tuple(b.id for b in self.band) != BANDS:
            raise ValueError(f"write the bands in this order: {', '.join(BANDS)}")
        expected = 0
        for band in self.band:
            if band.low != expected or band.high < band.low:
                raise ValueError(
                    f"band {band.id!r} must start at {expected} and end at or above its start"
                )
            expected = band.high + 1
        steps = [ACTIONS.index(b.action) for b in self.band]
        if steps != sorted(steps):
            raise ValueError("a higher band must not call for a less careful action")
        if expected != 11:
            raise ValueError("the bands must end at 10")
        if tuple(a.id for a in self.action) != ACTIONS:
            raise ValueError(f"write the actions in this order: {', '.join(ACTIONS)}")
        if tuple(q.id for q in self.question) != ("during", "after", "morning"):
            raise ValueError("write the questions in this order: during, after, morning")
        return self
