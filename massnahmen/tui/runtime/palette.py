"""The command palette's search: "uberf" finds „Überfällige zeigen“. Textual's fuzzy matcher compares
the raw text, where "u" is not "Ü"; this one compares folded text of the same length (so the
highlighted letters are the ones typed)."""

from __future__ import annotations

import re

from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s", "Ä": "a", "Ö": "o", "Ü": "u", "ẞ": "s"})


def fold_same_length(text: str) -> str:
    """Lower case, umlauts without dots, ß as s: one character for one, so positions stay."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_FOLD))


_SPELLED_UMLAUT = re.compile("(?<=[aou])e+")


def fold_query(query: str) -> str:
    """The typed text folded; "ss" also stands for ß ("massnahme" finds „Maßnahme“: one s of it
    still matches a real "ss"), and ae, oe, ue for ä, ö, ü ("ueberfaellige" finds „Überfällige“).
    Only letters are dropped, so whatever the full query matches ("Steuer"), the folded one does."""
    return _SPELLED_UMLAUT.sub("", fold_same_length(query).replace("ss", "s"))


class FoldingMatcher(Matcher):
    """Textual's matcher on folded query and candidate; highlights the candidate as written."""

    def match(self, candidate: str) -> float:
        return self.fuzzy_search.match(fold_query(self.query), fold_same_length(candidate))[0]

    def highlight(self, candidate: str) -> Content:
        content = Content(candidate)  # the name as text, never markup
        score, offsets = self.fuzzy_search.match(fold_query(self.query), fold_same_length(candidate))
        if not score:
            return content
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(self.match_style, offset, offset + 1)
        return content


class FoldingCommandsProvider(SystemCommandsProvider):
    """The app's commands (App.get_system_commands) found with the folding matcher."""

    def matcher(self, user_input: str, case_sensitive: bool = False) -> Matcher:
        return FoldingMatcher(user_input, match_style=self.match_style, case_sensitive=case_sensitive)


def commands_provider() -> type[FoldingCommandsProvider]:
    return FoldingCommandsProvider
