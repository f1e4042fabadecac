// Voice mode of the interview room: the same WebSocket and interview as the chat.
// Microphone → AudioWorklet → binary PCM frames; the server's reply audio (binary PCM16
// at the rate announced by "speaking") is played as it arrives and silenced at once when
// the candidate starts talking over it (barge-in): a level check on the microphone
// frames here mutes it within a few frames, without waiting for the server; the
// server's VAD then confirms ("barge_in") and playback stops for good, or — a cough, a
// door — does not, and the reply goes on. The room script calls window.interviewVoice.
(() => {
  const toggle = document.getElementById("voice-toggle");
  if (!toggle) return;
  const state = document.getElementById("voice-state");
  const partial = document.getElementById("partial");
  const t = JSON.parse(document.getElementById("room-i18n").textContent);
  let ws = null, stream = null, micCtx = null, node = null, on = false;
  let playCtx = null, out = null, rate = 22050, nextAt = 0, sources = [];
  // Local barge-in: a frame is loud when its RMS is well above the noise floor learnt
  // from the quiet frames; BARGE_FRAMES loud frames in a row (60 ms) while the reply
  // plays mute it. Echo cancellation keeps the reply itself out of the microphone.
  const BARGE_FRAMES = 3, MIN_LEVEL = 0.01, OVER_FLOOR = 4, CONFIRM_MS = 1200;
  let floor = 0.003, loudRun = 0, loudSince = 0, muted = null, unmuteTimer = 0;
  // Timings of each barge-in (performance.now(), ms), for tests and diagnostics.
  const stats = { bargeIns: [] };

  function setState(kind) {
    state.hidden = !on;
    state.dataset.state = kind;
    state.textContent = { listening: t.listening, speaking: t.speaking, thinking: t.thinking }[kind] || "";
  }

  function stopPlayback() {
    sources.forEach((s) => { try { s.stop(); } catch (_) { /* already ended */ } });
    sources = [];
    nextAt = 0;
    if (muted) {
      muted.confirmed = performance.now();
      clearTimeout(unmuteTimer);
      muted = null;
    }
    if (out) out.gain.value = 1;
  }

  function mute(onset) {
    out.gain.cancelScheduledValues(0);
    out.gain.value = 0;
    muted = { onset, stopped: performance.now(), confirmed: null, resumed: null };
    stats.bargeIns.push(muted);
    // No confirmation from the server: it was not speech; the reply goes on.
    unmuteTimer = setTimeout(() => {
      if (!muted) return;
      muted.resumed = performance.now();
      muted = null;
      out.gain.value = 1;
    }, CONFIRM_MS);
  }

  function level(frame) {
    const pcm = new Int16Array(frame);
    let sum = 0;
    for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
    return Math.sqrt(sum / pcm.length) / 32768;
  }

  // Every microphone frame: watch for the candidate talking over the reply.
  function listen(frame) {
    const now = performance.now();
    const rms = level(frame);
    const loud = rms > Math.max(MIN_LEVEL, floor * OVER_FLOOR);
    if (!loud) {
      loudRun = 0;
      floor = floor * 0.95 + rms * 0.05;
      return;
    }
    if (loudRun++ === 0) loudSince = now;
    const playing = sources.length > 0 && out && !muted;
    if (playing && loudRun >= BARGE_FRAMES) mute(loudSince);
  }

  function play(buffer) {
    if (!playCtx) return;
    const pcm = new Int16Array(buffer);
    const audio = playCtx.createBuffer(1, pcm.length, rate);
    const ch = audio.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) ch[i] = pcm[i] / 32768;
    const src = playCtx.createBufferSource();
    src.buffer = audio;
    src.connect(out);
    nextAt = Math.max(nextAt, playCtx.currentTime + 0.02);
    src.start(nextAt);
    nextAt += audio.duration;
    sources.push(src);
    src.onended = () => { sources = sources.filter((s) => s !== src); };
  }

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia || !window.AudioWorkletNode) throw new Error("unsupported");
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    micCtx = new AudioContext({ sampleRate: 16000 });
    await micCtx.audioWorklet.addModule(toggle.dataset.worklet);
    node = new AudioWorkletNode(micCtx, "pcm-frames");
    node.port.onmessage = (e) => {
      if (!on) return;
      listen(e.data);
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(e.data);
    };
    micCtx.createMediaStreamSource(stream).connect(node);
    playCtx = new AudioContext();
    out = playCtx.createGain();
    out.connect(playCtx.destination);
  }

  function stop() {
    stopPlayback();
    stream?.getTracks().forEach((tr) => tr.stop());
    micCtx?.close(); playCtx?.close();
    stream = micCtx = playCtx = node = out = null;
  }

  async function setVoice(want, notice) {
    if (want) {
      try { await start(); } catch (err) {
        toggle.checked = false;
        notice(err && err.name === "NotAllowedError" ? t.mic_denied : t.no_mic);
        return;
      }
    } else stop();
    on = want;
    partial.hidden = true;
    setState("listening");
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "voice", on }));
  }

  window.interviewVoice = {
    attach(socket, notice) {
      ws = socket;
      ws.binaryType = "arraybuffer";
      toggle.onchange = () => setVoice(toggle.checked, notice);
      // After a reconnect, voice mode continues where it was.
      if (on) ws.addEventListener("open", () => ws.send(JSON.stringify({ type: "voice", on: true })), { once: true });
    },
    audio(buffer) { if (on) play(buffer); },
    // Returns true when the event was a voice event.
    event(msg) {
      switch (msg.type) {
        case "speaking":
          rate = msg.sample_rate;
          if (muted) { clearTimeout(unmuteTimer); muted = null; }
          if (out) out.gain.value = 1;
          setState("speaking");
          return true;
        case "listening": setState("listening"); return true;
        case "barge_in": stopPlayback(); setState("listening"); return true;
        case "vad":
          if (msg.speech) { stopPlayback(); partial.hidden = false; partial.textContent = "…"; }
          else setState("thinking");
          return true;
        case "partial": partial.hidden = false; partial.textContent = msg.text; return true;
        case "transcript": partial.hidden = true; return true;
        case "say": return true;
      }
      return false;
    },
    get on() { return on; },
    // Reply audio audible now (scheduled and not muted).
    get playing() { return sources.length > 0 && !!out && out.gain.value > 0; },
    stats,
  };
})();
