"""Tests for talent."""
