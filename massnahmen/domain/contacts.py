"""The rules of a contact every layer shares: how it is shown, and what an e-mail address is."""

from __future__ import annotations


def contact_display(name: str | None, organisation: str | None) -> str:
    """'Anna Beispiel (Volkshochschule)', or whichever part exists."""
    if name and organisation:
        return f"{name} ({organisation})"
    return name or organisation or ""


def email_problem(value: str | None) -> str | None:
    """Why value is no e-mail address (German), or None when it is one or empty."""
    if value and ("@" not in value or " " in value):
        return f"„{value}“ ist keine gültige E-Mail-Adresse"
    return None
