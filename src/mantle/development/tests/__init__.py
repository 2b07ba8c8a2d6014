"""Tests for development."""
