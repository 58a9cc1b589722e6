"""Bringing spreadsheets (CSV as Excel/LibreOffice save them in a German locale) and the JSON of
`export --format json` into a concept file.

reading: bytes → encoding, delimiter, header and records; headers: column names → attribute keys;
rows: cells → checked values; upsert: one transaction that finds or creates fields, goals and
contacts and inserts or updates measures; summary: what happened, as plain data.
No Typer, no rich: the CLI renders the summary."""
