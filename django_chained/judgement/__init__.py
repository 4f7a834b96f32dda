"""One judgement per rule family: facts (``django_chained.facts``) in, findings out.

``manage.py check`` (live introspection in ``django_chained.checks``) and ``django-chained scan``
(static reading in ``django_chained.sourcetree``) both call these, so a rule's message, hint, object
and place are the same whichever entry point found the facts.
"""
