"""Exports of a plan: a printable PDF handout (:mod:`.pdf`) and a calendar (:mod:`.ics`).

The PDF and calendar libraries are imported inside the functions that use them.
"""
