"""Screens: one per file, each with a sibling ``.tcss``."""
