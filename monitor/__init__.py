"""«Монитор системы» for admins: task queues, live interviews, AI providers, database."""
