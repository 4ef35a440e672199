"""Printable documents: pure report data (``data``) and ReportLab rendering on one base (``base``)."""
