"""rollbook: a patient-education workbook for runners who run through pain."""

__version__ = "0.1.0"
