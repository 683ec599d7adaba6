"""Layouts: each renders a Ledger as the text of one regional template."""
