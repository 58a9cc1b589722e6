"""Widgets of our own: the measure table, the choice list, the key line."""
