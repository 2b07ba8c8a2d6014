"""Leadership and management capability: frameworks as versioned data, self-assessment, 360° feedback with
an anonymity engine, management-practice assessment and organisation heatmaps.

Must never import talent or development apps; reads the register through workforce selectors only.
"""
