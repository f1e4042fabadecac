"""Resume and vacancy intake: file extraction, hostile-file guards, offline parsing.

Layers (each usable on its own, no Django models below ``services``):
``extract`` (bytes → visible text + hidden text) → ``injection`` (instructions for an AI)
→ ``parser`` with ``sections``, ``jobs``, ``blocks``, ``names``, ``skills`` (the one synonym
dictionary) and ``dictionaries`` (text → typed ``schema.Profile``); ``vacancy`` (text →
``schema.Vacancy``) → ``pipeline`` (one call per file, isolated stages) → ``engines`` /
``llm_engine`` (optional LLM refinement) → ``services`` / ``tasks`` (models, queue) →
``views`` (upload, progress, parsed resume, merge).
"""
