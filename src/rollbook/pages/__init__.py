"""Page models: typed state and actions between the core and the widgets.

Each module here serves one page (or one section of a page). It holds frozen
dataclasses for what the page shows and plain functions for what the page does
(save, import, adjust, review...). Actions call the store and the core and
return new state or a typed result; they never build widgets and never catch a
click. The widget views in ``rollbook.ui`` and the commands in ``rollbook.cli``
both call these actions, so a page and its command are two faces over the same
functions, and the behaviour is unit-tested here without a browser.
"""
