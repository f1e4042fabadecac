"""Resume and vacancy intake: file extraction, hostile-file guards, offline parsing.

Layers (each usable on its own, no Django models below ``services``):
``extract`` (bytes → visible text + hidden text) → ``parser`` / ``vacancy`` (text →
typed profile) → ``pipeline`` (one call per file, optional process isolation) →
``services`` / ``tasks`` (Django models, queue) → ``views`` (upload, progress, merge).
"""
