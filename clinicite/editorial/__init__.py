"""The editorial stage: accounts, permissions, asked answers, the review workflow and its views.

It turns the core's answers into reviewed articles and knows who may do what. It imports no web framework:
the web app (:mod:`clinicite.web`) and the CLI (:mod:`clinicite.cli`) both drive it.
"""
