"""The synthetic NHS: a deterministic generator of realistic workforce extracts (``synthetic``) and the
``mantle demo`` command that loads them through the real importer.

Must never be imported by product code paths other than the demo command.
"""
