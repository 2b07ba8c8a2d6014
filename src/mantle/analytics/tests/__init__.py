"""Tests for the pure analytics layer."""
