"""Bringing spreadsheets (CSV as Excel/LibreOffice save them in a German locale) and the JSON of
`export --format json` into a concept file.

reading: bytes → encoding, delimiter, header and records; headers: column names → attribute keys;
rows: cells → checked values; resolve: the field, goal and contact a cell names (existing or new);
plan: per row new, changed, unchanged or refused, written nowhere (the dry run stops here);
write: the plan through the store's bulk writer in the import's one transaction;
service: the steps in order; summary: what happened, as plain data.
No Typer, no rich: the CLI renders the summary."""
