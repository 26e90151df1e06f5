"""The one error page actions raise for input they refuse."""

from __future__ import annotations


class PageInputError(ValueError):
    """Input a page action refuses; the message says what is wrong in plain words.

    ``field`` names the input at fault (``"side"``, ``"start"``, an exercise id...), so
    a command can name its option and a page can point at its control.
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field
