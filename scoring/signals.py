"""What the scoring app announces (sent after commit; see hrcrm/events.py).

* ``evaluation_ready(evaluation_id)``: a new evaluation is stored and current;
  notifications tell the hiring manager.
* ``decision_made(decision_id)``: a person accepted or rejected the application;
  integrations send a webhook.
"""

from django.dispatch import Signal

evaluation_ready = Signal()
decision_made = Signal()
