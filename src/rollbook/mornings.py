"""The pain model's settled next-morning level, for one day or many over one log.

Pain must settle by the next morning (Silbernagel et al. 2007). The settled level at
a site on a day is the lowest of: the median of the site's next-morning scores from
28 to 7 days before, the median of the older half (28 to 14 days before), and a fixed
ceiling (3). The last week is left out, so a rise cannot lower the bar for itself, and
a rise that lasts cannot become the new normal. The numbers live in
content/painmodel.toml; :func:`rollbook.painmodel.settled_level` is the usual way in.

:class:`Mornings` reads a log once and answers for any site and day by bisection, so
replaying years of days (exercise levels, the walk-run ladder) does not scan the same
weeks again for every day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from operator import attrgetter

from rollbook.content import load_painmodel
from rollbook.records import LogEntry

__all__ = ["Mornings"]


class Mornings:
    """Next-morning scores by site, from a log in any order (one entry per date)."""

    def __init__(self, entries: Iterable[LogEntry]) -> None:
        self._by_site: dict[str, tuple[list[dt.date], list[int]]] = {}
        # Answers by site and day: the ladder and the exercise levels ask for the same days.
        self._known: dict[tuple[str, dt.date], float] = {}
        for entry in sorted(entries, key=_date_of):
            for pain in entry.pains:
                if pain.morning is not None:
                    dates, values = self._by_site.setdefault(pain.site, ([], []))
                    dates.append(entry.date)
                    values.append(pain.morning)

    def settled(self, site: str, day: dt.date) -> float:
        """The runner's settled next-morning pain at ``site`` before ``day``."""
        known = self._known.get((site, day))
        if known is None:
            known = self._known[site, day] = self._settled(site, day)
        return known

    def _settled(self, site: str, day: dt.date) -> float:
        rules = load_painmodel().rules
        levels = [float(rules.morning_ceiling)]
        found = self._by_site.get(site)
        if found is None:
            return levels[0]
        dates, values = found
        first = bisect.bisect_left(dates, day - dt.timedelta(days=rules.morning_window_days))
        middle = bisect.bisect_left(dates, day - dt.timedelta(days=rules.morning_window_days // 2))
        stop = bisect.bisect_left(dates, day - dt.timedelta(days=rules.morning_skip_days))
        if stop > first:
            levels.append(_median(values[first:stop]))
            older = values[first : min(middle, stop)]
            if older:
                levels.append(_median(older))
        return min(levels)


def _median(values: Sequence[int]) -> float:
    """``float(statistics.median(values))`` for a non-empty list, without its checks."""
    ordered = sorted(values)
    half = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[half])
    return float((ordered[half - 1] + ordered[half]) / 2)


_date_of = attrgetter("date")
