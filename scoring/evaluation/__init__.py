"""Interview evaluation: one schema (``schema``), engines that fill it (``offline``,
``llm``), the evidence verifier (``verify``), the recommendation rules
(``recommendation``) and the pipeline that joins them (``pipeline``)."""
