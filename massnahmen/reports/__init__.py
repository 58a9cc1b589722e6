"""Reports computed in SQL and returned as plain data (status, due list, Sachstandsbericht,
changes since a date); renderers for Markdown, HTML and plain text live beside them.

Every function takes an open Store and an explicit `today`, so the CLI, the TUI and the tests
decide which day it is. Nothing here imports pydantic, sqlite-utils, rich or Textual."""
