"""Professionalised leadership: qualifications and programmes, role requirements, board fit and proper
person (FPPT) compliance, and whether development converts clinicians into management.

Must never import talent or capability views; reads the register through workforce selectors.
"""
