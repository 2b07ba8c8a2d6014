"""Tests for accounts, roles and access."""
