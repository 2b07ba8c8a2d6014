"""The pipeline of clinicians into management: talent conversations, calibrated 9-box reviews, talent
pools, succession plans for critical posts, retirement exposure and equality monitoring.

Must never import capability or development views; reads the register through workforce selectors.
"""
