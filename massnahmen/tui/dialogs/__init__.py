"""Modal screens: forms, small dialogs, file dialogs, choosers."""
