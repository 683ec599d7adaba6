"""Widgets: each receives models and posts messages; none touches the database."""
