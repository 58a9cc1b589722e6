"""The officers' Textual app (imported only when the TUI opens)."""
