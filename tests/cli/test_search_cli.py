"""`list --search` the way people type without umlauts (ü = ue = u, ß = ss)."""

from __future__ import annotations

import json


def test_list_search_without_umlauts(small_db, cli):
    for code, title in (("1.2.1", "Bürgerbeteiligung für Neuzugezogene"), ("1.2.2", "Steuerberatung im Bürgerbüro"),
                        ("1.2.3", "Hausaufgabenhilfe in der Müllerstraße")):
        assert cli(small_db, "add", "--code", code, "--title", title, "--field", "1").exit_code == 0

    def found(text: str) -> list[str]:
        result = cli(small_db, "list", "--search", text, "--format", "json")
        assert result.exit_code == 0, result.output
        return [m["code"] for m in json.loads(result.output)]

    assert found("Buergerbeteiligung") == found("Burgerbeteiligung") == found("Bürgerbeteiligung") == ["1.2.1"]
    assert found("fuer") == found("für") == ["1.2.1", "5.1"]  # 5.1: „Jobmesse für Geflüchtete“
    assert found("Buerger") == found("Burger") == ["1.2.1", "1.2.2"]
    assert found("Steuer") == ["1.2.2"]
    assert found("muellerstrasse") == found("mullerstrasse") == ["1.2.3"]
    assert found("Buergerbuero Steuer") == ["1.2.2"]
