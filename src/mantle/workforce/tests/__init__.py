"""Tests for the workforce register."""
