

def test_side_by_side_keeps_the_difference_of_long_values_visible():
    from massnahmen.domain.text import side_by_side

    old, new = side_by_side("Leseförderung für Eltern mit Zuwanderungsgeschichte",
                            "Leseförderung für Eltern mit Zuwanderungsgeschichte (Jana)", 30)
    assert new.endswith("(Jana)") and old.startswith("…") and old != new
    assert len(old) <= 30 and len(new) <= 30
    assert side_by_side("geplant", "in Umsetzung", 30) == ("geplant", "in Umsetzung")
