"""The monthly board pack: an accessible PDF board paper per organisation (issue 19).

Owns the stored packs and who downloaded them. The figures come from the divide app at board-level
disclosure (the same suppressed view an executive sees on the dashboard) and the SPC charts from
``divide.spc``; nothing here computes a measure. See docs/board-pack.md.
"""
