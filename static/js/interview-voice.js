// Voice mode of the interview room: the same WebSocket and interview as the chat.
// Microphone → AudioWorklet → binary PCM frames; the server's reply audio (binary PCM16
// at the rate announced by "speaking") is played as it arrives and silenced at once when
// the candidate starts talking over it (barge-in). The silencing happens in the audio
// thread: the reply goes out through a "barge-in gate" worklet that also hears the
// microphone and closes within 60 ms of speech, however busy the page is; the server's
// VAD then confirms ("barge_in") and playback stops for good, or — a cough, a door —
// does not, and the gate reopens. The room script calls window.interviewVoice.
// Frames are numbered and kept until the server acknowledges them (a saved answer, or
// settled silence); after a reconnect the kept frames are sent again and the server,
// knowing which are already in saved answers, takes each once (interviews/speech/resume.py).
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
  // "said": the sentences the server spoke; "released": the microphone let go at the end.
  const stats = { bargeIns: [], said: [], released: false };
  let finishing = false, releaseTimer = 0;
  // Numbered frames not yet acknowledged: 4-byte little-endian number + PCM16.
  const KEEP_FRAMES = 6000; // two minutes of 20 ms frames
  const micStream = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  let seq = 0, kept = [], overflowed = false, warn = () => {}, notify = () => {};

  function frame(pcm) {
    const out = new Uint8Array(4 + pcm.byteLength);
    new DataView(out.buffer).setUint32(0, seq++, true);
    out.set(new Uint8Array(pcm), 4);
    kept.push(out);
    if (kept.length > KEEP_FRAMES) { kept.shift(); overflowed = true; }
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(out);
  }

  const frameSeq = (f) => new DataView(f.buffer).getUint32(0, true);
  function settled(upTo) { while (kept.length && frameSeq(kept[0]) <= upTo) kept.shift(); }

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
    node.port.onmessage = (e) => { if (on) frame(e.data); };
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
    kept = [];
  }

  // The interview is over: the microphone goes at once (nothing more is sent), the
  // question being read stops; the goodbye still plays, then the audio goes too.
  function finish() {
    if (!on || finishing) return;
    finishing = true;
    stopPlayback();
    stream?.getTracks().forEach((tr) => tr.stop());
    micCtx?.close();
    micCtx = node = null;
    stats.released = true;
    toggle.disabled = true;
    releaseTimer = setTimeout(release, 4000); // no goodbye is coming
  }

  function release() {
    clearTimeout(releaseTimer);
    stop();
    on = false;
    state.hidden = true;
  }

  const voiceOn = () => JSON.stringify({ type: "voice", on: true, seq: true, stream: micStream });

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
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(on ? voiceOn() : JSON.stringify({ type: "voice", on }));
  }

  window.interviewVoice = {
    attach(socket, notice, info) {
      ws = socket;
      ws.binaryType = "arraybuffer";
      warn = notice;
      notify = info || notice;
      toggle.onchange = () => setVoice(toggle.checked, notice);
      // After a reconnect, voice mode continues where it was; the stale partial goes.
      if (on) {
        partial.hidden = true;
        ws.addEventListener("open", () => ws.send(voiceOn()), { once: true });
      }
    },
    // Frames said while the connection was down, not yet in a saved answer.
    get unsent() { return on ? kept.length : 0; },
    audio(buffer) { if (on) play(buffer); },
    // Returns true when the event was a voice event.
    event(msg) {
      switch (msg.type) {
        case "speaking":
          if (finishing) { clearTimeout(releaseTimer); releaseTimer = setTimeout(release, 60000); }
          rate = msg.sample_rate;
          openGate();
          setState("speaking");
          return true;
        case "listening":
          // After the goodbye: the server says so once it has been played.
          if (finishing) { clearTimeout(releaseTimer); releaseTimer = setTimeout(release, 300); return true; }
          setState("listening");
          return true;
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
        case "say": stats.said.push(msg.text); return true;
        case "end": finish(); return false; // the room shows the end too
        case "ack": settled(msg.seq); return true;
        case "voice_state": {
          // The server says which frames are already in saved answers; the rest go again.
          settled(msg.committed_seq);
          const again = kept.length;
          kept.forEach((f) => ws.send(f));
          if (overflowed) { warn(t.voice_overflow); overflowed = false; }
          else if (again > 50) notify(t.voice_resent);
          return true;
        }
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
