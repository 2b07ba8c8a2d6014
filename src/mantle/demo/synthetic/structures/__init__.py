"""Organisation structures: how each type of NHS organisation is divided into units and posts.

``common`` holds the table format and helpers, ``board`` and ``corporate`` what every trust
shares, and one module per organisation type its clinical (or commissioning) structure.
"""
