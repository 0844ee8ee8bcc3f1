"""clinicite: answers clinical questions with evidence it really holds.

Data flows through the stages in this order, and a stage imports only the ones
before it::

    ingest -> store -> index -> understand -> reason -> compose -> api / web / cli
"""

__version__ = "0.1.0"
