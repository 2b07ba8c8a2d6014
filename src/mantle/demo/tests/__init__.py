"""Tests for the synthetic NHS and demo command."""
