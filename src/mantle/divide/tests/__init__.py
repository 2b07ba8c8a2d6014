"""Tests for divide."""
