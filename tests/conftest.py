"""Shared test settings."""

# Notebooks under tests/ are fixtures for other tests, not workbook pages: nbval
# should only run the ones in notebooks/.
collect_ignore_glob = ["*.ipynb"]
