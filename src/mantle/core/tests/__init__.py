"""Tests for the core platform."""
