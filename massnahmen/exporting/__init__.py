"""Writing measures out: CSV in the import format, JSON, calendar files."""
