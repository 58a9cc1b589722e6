"""massnahmen – ein Integrationskonzept in einer SQLite-Datei pflegen."""

__version__ = "0.1.0"
