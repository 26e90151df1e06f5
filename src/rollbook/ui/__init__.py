"""Widget components for the workbook pages. Notebooks call these; logic lives elsewhere."""
