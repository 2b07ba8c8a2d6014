"""Mantle: see and close the divide between clinical leadership and management in the NHS."""

__version__ = "0.1.0"
