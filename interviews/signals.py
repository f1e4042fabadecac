"""What the interviews app announces (sent after commit; see hrcrm/events.py).

* ``interview_started(interview_id)``: the candidate opened the interview and its plan
  was fixed (once per interview); integrations send a webhook.
* ``interview_finished(interview_id)``: the interview completed (the engine closed it or
  the candidate finished); scoring evaluates it.
* ``interview_abandoned(interview_id)``: the idle sweep gave up on it; notifications tell
  the recruiter.
"""

from django.dispatch import Signal

interview_started = Signal()
interview_finished = Signal()
interview_abandoned = Signal()
