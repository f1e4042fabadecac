"""Speech input/output of the interview: VAD → turn-taking → STT, and TTS.

Each stage is an interface (``base``) with engines chosen by settings through
``registry``, like ``hrcrm.ai``. Everything here is synchronous and CPU-bound; the
consumer runs it off the event loop."""
