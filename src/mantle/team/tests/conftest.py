"""The talent tests' small trust (St Elsewhere), known to everyone by name."""

from mantle.talent.tests.conftest import Trust, trust

__all__ = ["Trust", "trust"]
