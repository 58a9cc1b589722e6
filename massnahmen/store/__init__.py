"""The SQLite file: schema, migrations, queries, transactions, history, optimistic locking.

Submodules: db (opening, transactions, backup), schema, catalog (concept, fields, goals,
contacts), measures, history, bulk (many rows in one transaction: demo data, imports).
Nothing here imports Textual or Typer."""
