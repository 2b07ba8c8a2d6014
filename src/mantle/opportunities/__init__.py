"""Shared leadership in practice: the opportunities marketplace (issue 18).

Owns opportunities (posted with a sponsor's approval), applications with their release by the
applicant's line manager and selection by the owner, allocation rounds (optimal allocation with
fairness bounds), outcomes written to the development record, and the fairness monitor.

Must never import other apps' views; reads the register through workforce selectors, writes the
development record through development services, and reads talent conversations, self-assessments
and (only with the person's consent) released 360 scores for recommendations.
"""
