"""The pipeline of clinicians into management: talent conversations, calibrated 9-box reviews,
talent pools, succession plans for critical posts, retirement exposure and equality monitoring.

Reads the register through workforce selectors and the divide's frame loader (for the clinician rule),
and capability's shipped framework specs (for development actions). Must never import capability,
divide or development views, and never reads anyone's 360 or self-assessment scores.
"""
