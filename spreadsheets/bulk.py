"""Bulk inserts with history: moved to `cadre_registry.bulk` for the apps below spreadsheets."""

from cadre_registry.bulk import insert_with_history

__all__ = ["insert_with_history"]
