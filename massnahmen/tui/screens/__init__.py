"""The five screens (1–5) and the plain data they show."""
