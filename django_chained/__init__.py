"""django-chained: keep a Django site chained to its security settings.

No imports here: ``python -m django_chained`` imports this package while the current directory,
possibly the scanned repository, is still first on ``sys.path`` (see ``__main__``).
"""
