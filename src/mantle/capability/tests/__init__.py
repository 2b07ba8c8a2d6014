"""Tests for leadership and management capability."""
