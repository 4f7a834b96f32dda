"""Facts about a project, the same whether read live inside Django or statically from its source.

Live introspection (``django_chained.checks``) and the standalone scan's readers
(``django_chained.sourcetree``) both produce these small frozen records; ``django_chained.judgement``
turns them into findings, so one rule is worded, placed and fingerprinted once. Nothing here imports
Django's check framework or either producer.
"""
