"""Celery jobs. `tasks.app` is the Celery app; one module of jobs per domain."""
