// The device check before the interview: camera preview, a microphone level meter and
// a practice question spoken by the interviewer's voice, whose answer is recognised by
// the server and shown back. Voice and video is the main way in; the chat is the
// fallback. The choice is kept for this tab, so a reload of a started interview goes
// straight back to the room in the same mode. The room script waits for "room-start"
// (detail: {mode: "voice" | "chat", stream}).
(() => {
  const check = document.getElementById("check");
  const room = document.getElementById("room");
  if (!check || !room) return;
  const t = JSON.parse(document.getElementById("room-i18n").textContent);
  const modeKey = "interview-mode-" + room.dataset.key;
  const PRACTICE_MS = 5000;
  let stream = null, meterStop = false, practicing = false, started = false;
  let mediaSettled = Promise.resolve();

  const fmt = (s, args) => s.replace(/%\((\w+)\)s/g, (_, k) => args[k]);
  const $ = (id) => document.getElementById(id);

  async function start(mode) {
    if (started) return;
    started = true;
    // Camera and microphone still being opened (a quick click): wait a little for them,
    // so the room gets this stream rather than asking again.
    await Promise.race([mediaSettled, new Promise((r) => setTimeout(r, 5000))]);
    meterStop = true;
    sessionStorage.setItem(modeKey, mode);
    check.hidden = true;
    room.classList.remove("waiting");
    // The room takes over the same stream: no second permission prompt, no second camera.
    // Kept on window too: the room's script may not be listening yet.
    window.interviewRoomStart = { mode, stream };
    document.dispatchEvent(new CustomEvent("room-start", { detail: window.interviewRoomStart }));
  }

  function step(id, state, text) {
    const li = $(id);
    li.dataset.state = state;
    const status = li.querySelector(".check-status");
    if (status && text !== undefined) status.textContent = text;
  }

  async function getMedia() {
    try {
      return await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (err) {
      // No camera (or it is busy): the microphone alone still makes a voice interview.
      return navigator.mediaDevices.getUserMedia({ audio: true });
    }
  }

  function meter(source) {
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(source).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    const bar = $("check-level");
    let heardAt = 0;
    (function loop() {
      if (meterStop) { ctx.close(); return; }
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      const db = 10 * Math.log10(sum / data.length + 1e-10);
      // −60 dBFS (a quiet room) … −10 dBFS (loud speech) fills the bar.
      const pct = Math.max(0, Math.min(100, ((db + 60) / 50) * 100));
      bar.style.width = pct + "%";
      bar.parentElement.setAttribute("aria-valuenow", String(Math.round(pct)));
      if (db > -45) heardAt = performance.now();
      const ok = heardAt && performance.now() - heardAt < 3000;
      step("check-mic", ok || $("check-mic").dataset.state === "ok" ? "ok" : "wait", ok ? t.check_mic_ok : undefined);
      requestAnimationFrame(loop);
    })();
    step("check-mic", "wait", t.check_mic_quiet);
  }

  async function practice() {
    if (practicing || !stream) return;
    practicing = true;
    const button = $("practice-start");
    const state = $("practice-state");
    const heard = $("practice-heard");
    button.disabled = true;
    heard.hidden = true;
    try {
      state.textContent = t.practice_listen;
      const audio = $("practice-audio");
      await new Promise((resolve) => {
        audio.onended = resolve;
        audio.onerror = resolve; // no voice: the candidate still reads the question
        audio.currentTime = 0;
        audio.play().catch(resolve);
      });
      const tracks = stream.getAudioTracks();
      const recorder = new MediaRecorder(new MediaStream(tracks));
      const parts = [];
      recorder.ondataavailable = (e) => { if (e.data.size) parts.push(e.data); };
      const done = new Promise((resolve) => { recorder.onstop = resolve; });
      recorder.start();
      const began = performance.now();
      const timer = setInterval(() => {
        const left = Math.max(0, Math.ceil((PRACTICE_MS - (performance.now() - began)) / 1000));
        state.textContent = fmt(t.practice_speak, { s: left });
      }, 200);
      await new Promise((r) => setTimeout(r, PRACTICE_MS));
      clearInterval(timer);
      recorder.stop();
      await done;
      state.textContent = t.practice_wait;
      const res = await fetch(check.dataset.practiceUrl, {
        method: "POST",
        body: new Blob(parts, { type: recorder.mimeType }),
        headers: { "Content-Type": recorder.mimeType || "application/octet-stream" },
      });
      const reply = await res.json();
      state.textContent = "";
      heard.hidden = false;
      if (!res.ok) {
        heard.textContent = fmt(t.practice_failed, { message: reply.message || res.status });
        step("check-practice", "bad");
      } else if (reply.text) {
        heard.textContent = fmt(t.practice_heard, { text: reply.text });
        step("check-practice", "ok");
      } else {
        heard.textContent = reply.level_dbfs < -50 ? t.practice_nothing : t.practice_unclear;
        step("check-practice", "bad");
      }
    } catch (err) {
      state.textContent = "";
      heard.hidden = false;
      heard.textContent = fmt(t.practice_failed, { message: String(err && err.message || err) });
      step("check-practice", "bad");
    } finally {
      practicing = false;
      button.disabled = false;
    }
  }

  async function open() {
    check.hidden = false;
    room.classList.add("waiting");
    $("check-voice").addEventListener("click", () => start("voice"));
    $("check-chat").addEventListener("click", () => start("chat"));
    $("practice-start").addEventListener("click", practice);
    if (!navigator.mediaDevices?.getUserMedia) {
      $("check-error").hidden = false;
      $("check-error").textContent = t.check_denied;
      $("check-voice").disabled = true;
      return;
    }
    try {
      const opening = getMedia();
      mediaSettled = opening.catch(() => null);
      const opened = await opening;
      if (window.interviewRoomStart && window.interviewRoomStart.stream !== opened) {
        opened.getTracks().forEach((tr) => tr.stop()); // too late: the room opened its own
        return;
      }
      stream = opened;
      if (started) return; // the room is starting with this stream
    } catch (err) {
      step("check-camera", "bad", t.check_camera_off);
      step("check-mic", "bad", t.no_mic);
      $("check-error").hidden = false;
      $("check-error").textContent = t.check_denied;
      $("check-voice").disabled = true;
      $("practice-start").disabled = true;
      $("check-chat").classList.add("btn-primary");
      return;
    }
    if (stream.getVideoTracks().length) {
      $("check-video").srcObject = stream;
      $("check-video-box").classList.add("live");
      step("check-camera", "ok", t.check_camera_ok);
    } else step("check-camera", "bad", t.check_camera_off);
    meter(stream);
  }

  const chosen = sessionStorage.getItem(modeKey);
  if (chosen) {
    // A reload of an interview already begun in this tab: back in, same mode.
    room.classList.remove("waiting");
    (navigator.mediaDevices?.getUserMedia ? getMedia() : Promise.reject(new Error("no media")))
      .then((s) => { stream = s; }, () => { stream = null; })
      .then(() => start(chosen));
  } else open();
})();
