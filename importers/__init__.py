"""Importers: turn a disclosure file into a ``juesuan_tui.models.Document``.

No SQL and no UI here. Heavy libraries (pdfplumber, openpyxl) are imported lazily.
"""
