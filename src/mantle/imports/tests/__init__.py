"""Tests for imports: parsers (pure) and loaders (database)."""
