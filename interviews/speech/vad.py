"""Silero VAD (v5/v6 ONNX) run with onnxruntime, without torch.

The ``.onnx`` ships inside the ``silero-vad`` wheel (installed with ``--no-deps``). The
session is loaded once per process and shared: ``InferenceSession.run`` is thread-safe,
and each stream keeps its own recurrent state and 64-sample context."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np
from django.conf import settings

from interviews.speech.base import SAMPLE_RATE, SpeechError

WINDOW = 512  # 32 ms at 16 kHz: the window size the 16 kHz model is trained for
CONTEXT = 64


def _model_path() -> Path:
    configured = getattr(settings, "SPEECH_VAD_MODEL_PATH", "")
    if configured:
        return Path(configured)
    # Located without importing: the package's __init__ imports torch, which we avoid.
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError("silero-vad is not installed (pip install --no-deps silero-vad)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "silero_vad.onnx"


@functools.cache
def _session():  # type: ignore[no-untyped-def]
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # One thread per inference: the model is tiny, and many interviews run in parallel
    # in a worker pool; intra-op threads would only fight over the cores.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    path = _model_path()
    if not path.exists():
        raise SpeechError(f"Silero VAD model not found at {path}")
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


class SileroVAD:
    window = WINDOW

    def __init__(self) -> None:
        self._session = _session()
        self._sr = np.array(SAMPLE_RATE, dtype=np.int64)
        self.reset()

    def reset(self) -> None:
        self._state = np.zeros((2, 1, 128), dtype=np.float32)
        self._context = np.zeros((1, CONTEXT), dtype=np.float32)

    def probability(self, samples: np.ndarray) -> float:
        x = np.concatenate([self._context, samples.reshape(1, -1).astype(np.float32)], axis=1)
        out, self._state = self._session.run(None, {"input": x, "state": self._state, "sr": self._sr})
        self._context = x[:, -CONTEXT:]
        return float(out[0][0])
