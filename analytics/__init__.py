"""Analytics («Аналитика»): funnel, time in stage, sources, interviews, agreement with the AI."""
