// Voice mode of the interview room: the same WebSocket and interview as the chat.
// Microphone → AudioWorklet → binary PCM frames; the server's reply audio (binary PCM16
// at the rate announced by "speaking") is played as it arrives and silenced at once when
// the candidate starts talking over it (barge-in). The silencing happens in the audio
// thread: the reply goes out through a "barge-in gate" worklet that also hears the
// microphone and closes within 60 ms of speech, however busy the page is; the server's
// VAD then confirms ("barge_in") and playback stops for good, or — a cough, a door —
// does not, and the gate reopens. The room script calls window.interviewVoice.
(() => {
  const toggle = document.getElementById("voice-toggle");
  if (!toggle) return;
  const state = document.getElementById("voice-state");
  const partial = document.getElementById("partial");
  const t = JSON.parse(document.getElementById("room-i18n").textContent);
  let ws = null, stream = null, micCtx = null, node = null, on = false;
  let playCtx = null, out = null, gate = null, rate = 22050, nextAt = 0, sources = [];
  const CONFIRM_MS = 1200; // unconfirmed by the server's VAD by then: not speech
  let muted = null, unmuteTimer = 0;
  // Each barge-in, in seconds of the playback context's clock: speech onset in the
  // microphone, the gate closing (reply silent), the server's confirmation — for tests
  // and diagnostics.
  const stats = { bargeIns: [] };

  function setState(kind) {
    state.hidden = !on;
    state.dataset.state = kind;
    state.textContent = { listening: t.listening, speaking: t.speaking, thinking: t.thinking }[kind] || "";
    // The room's silence timer listens to this: in voice mode a pause is noticed sooner.
    if (on) document.dispatchEvent(new CustomEvent("voice-state", { detail: kind }));
  }

  function openGate() {
    clearTimeout(unmuteTimer);
    muted = null;
    gate?.port.postMessage({ open: true });
  }

  function stopPlayback() {
    sources.forEach((s) => { try { s.stop(); } catch (_) { /* already ended */ } });
    sources = [];
    nextAt = 0;
    if (muted) muted.confirmed = playCtx.currentTime;
    // Nothing is scheduled any more: the gate can let the next reply through.
    openGate();
  }

  // The gate closed in the audio thread (speech over the reply).
  function gateClosed(msg) {
    muted = { onset: msg.onset, stopped: msg.at, noticed: playCtx.currentTime, confirmed: null, resumed: null };
    stats.bargeIns.push(muted);
    const mine = muted;
    unmuteTimer = setTimeout(() => {
      if (muted !== mine) return;
      mine.resumed = playCtx.currentTime;
      openGate();
    }, CONFIRM_MS);
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
    node.port.onmessage = (e) => { if (on && ws && ws.readyState === WebSocket.OPEN) ws.send(e.data); };
    micCtx.createMediaStreamSource(stream).connect(node);
    playCtx = new AudioContext();
    await playCtx.audioWorklet.addModule(toggle.dataset.worklet);
    out = playCtx.createGain(); // all reply audio meets here
    gate = new AudioWorkletNode(playCtx, "barge-gate", { numberOfInputs: 2, outputChannelCount: [1] });
    playCtx.createMediaStreamSource(stream).connect(gate, 0, 0);
    out.connect(gate, 0, 1);
    gate.connect(playCtx.destination);
    gate.port.onmessage = (e) => gateClosed(e.data);
  }

  function stop() {
    stopPlayback();
    stream?.getTracks().forEach((tr) => tr.stop());
    micCtx?.close(); playCtx?.close();
    stream = micCtx = playCtx = node = out = gate = null;
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
          openGate();
          setState("speaking");
          return true;
        case "listening": setState("listening"); return true;
        case "barge_in": stopPlayback(); setState("listening"); return true;
        case "vad":
          if (msg.speech) {
            stopPlayback(); partial.hidden = false; partial.textContent = "…";
            document.dispatchEvent(new CustomEvent("voice-state", { detail: "speech" }));
          }
          else setState("thinking");
          return true;
        case "partial": partial.hidden = false; partial.textContent = msg.text; return true;
        case "transcript": partial.hidden = true; return true;
        case "say": return true;
        case "error":
          // The server cannot run voice mode: back to text; the room shows the message.
          if (msg.code === "voice_unavailable") { stop(); on = false; toggle.checked = false; partial.hidden = true; }
          return false;
      }
      return false;
    },
    get on() { return on; },
    // Reply audio scheduled and the gate open.
    get playing() { return sources.length > 0 && !muted; },
    stats,
  };
})();
