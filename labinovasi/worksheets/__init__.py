"""Worksheets as data: template schema, loading, and validation of stored data."""

from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Field, FieldType, Template, TemplateError

__all__ = ["Field", "FieldType", "Template", "TemplateError", "TemplateRegistry", "default_registry"]
