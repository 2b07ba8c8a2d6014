"""Test support shared by every app: factories for the register and accounts, browser helpers."""
