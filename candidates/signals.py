"""What the candidates app announces (sent after commit; see hrcrm/events.py).

* ``stage_changed(application_id, from_stage, to_stage, actor_id)``: an application moved
  along the pipeline; ``actor_id`` is None when the system moved it. Scoring evaluates on
  a person's move into «Оценка»; notifications tell the hiring manager about «Ожидание
  решения».
* ``resume_stored(resume_id)``: a resume file was stored (the intake upload, the candidate
  form, the open-link self-registration, demo data); intake queues its processing.
* ``resume_parsed(resume_id)``: intake stored a parsed profile for the resume's candidate;
  matching re-embeds and re-scores him.
"""

from django.dispatch import Signal

stage_changed = Signal()
resume_stored = Signal()
resume_parsed = Signal()
