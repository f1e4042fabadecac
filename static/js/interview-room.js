// The interview room (text mode): a WebSocket to the interview consumer, the chat,
// progress, the candidate's own camera, and safe reconnects. Unacknowledged answers
// are kept in sessionStorage with their ids and re-sent after a reconnect; the server
// recognises the ids, so nothing is lost or duplicated.
(() => {
  const root = document.getElementById("room");
  if (!root) return;
  const t = JSON.parse(document.getElementById("room-i18n").textContent);
  const chat = document.getElementById("chat");
  const form = document.getElementById("answer-form");
  const input = document.getElementById("answer");
  const send = document.getElementById("send");
  const notice = document.getElementById("notice");
  const conn = document.getElementById("conn");
  const storageKey = "interview-pending-" + root.dataset.key;
  // Chat: a long wait before "are you there?" (typing takes time). Voice: a check-in after
  // about 8 s of silence once the interviewer has finished speaking, then the question is
  // repeated, then the interview moves on (the server's silence steps).
  const SILENCE_MS = 120000;
  const VOICE_SILENCE_MS = 8000;
  let recorder = null;
  let ws = null, retries = 0, ended = false, seen = new Set(), silenceTimer = null, deadline = null;
  let pending = JSON.parse(sessionStorage.getItem(storageKey) || "{}");

  const savePending = () => sessionStorage.setItem(storageKey, JSON.stringify(pending));
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

  function showNotice(text, kind = "warning") {
    notice.hidden = !text;
    notice.className = "alert alert-" + kind + " room-notice";
    notice.textContent = text || "";
  }

  function setConn(ok, text) {
    conn.textContent = text;
    conn.className = "badge " + (ok ? "conn-ok" : "conn-bad");
  }

  function bubble(speaker, text, extra = "") {
    const li = document.createElement("li");
    li.className = speaker + (extra ? " " + extra : "");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = speaker === "interviewer" ? t.interviewer : t.you;
    li.append(who, document.createTextNode(text));
    chat.append(li);
    chat.scrollTop = chat.scrollHeight;
    return li;
  }

  function renderTurn(turn) {
    if (seen.has(turn.index)) return;
    seen.add(turn.index);
    if (turn.client_msg_id && pending[turn.client_msg_id]) {
      delete pending[turn.client_msg_id];
      savePending();
      const local = chat.querySelector(`[data-id="${CSS.escape(turn.client_msg_id)}"]`);
      if (local) { local.classList.remove("pending"); return; }
    }
    bubble(turn.speaker, turn.text);
    if (turn.speaker === "interviewer") armSilence();
  }

  function armSilence() {
    clearTimeout(silenceTimer);
    if (ended) return;
    const voice = window.interviewVoice?.on;
    silenceTimer = setTimeout(() => send_({ type: "silence" }), voice ? VOICE_SILENCE_MS : SILENCE_MS);
  }

  document.addEventListener("voice-state", (e) => {
    if (e.detail === "listening") armSilence();
    else clearTimeout(silenceTimer);  // the interviewer speaks, or the candidate does
  });

  function send_(event) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(event)); return true; }
    return false;
  }

  function updateProgress(p) {
    document.getElementById("topics").textContent = `${p.topics_done} / ${p.topics_total}`;
    const pct = p.topics_total ? Math.round((100 * p.topics_done) / p.topics_total) : 0;
    document.getElementById("progress-bar").style.width = pct + "%";
    deadline = Date.now() + p.seconds_left * 1000;
    tick();
  }

  function tick() {
    if (!deadline) return;
    const s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    document.getElementById("time-left").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }
  setInterval(tick, 1000);

  function end(message) {
    ended = true;
    if (recorder && recorder.state !== "inactive") recorder.stop();
    // The camera and its microphone are released at once (the recorder has its data).
    document.getElementById("self-video")?.srcObject?.getTracks().forEach((tr) => tr.stop());
    clearTimeout(silenceTimer);
    input.disabled = send.disabled = true;
    document.getElementById("finish").disabled = true;
    showNotice(message, "success");
    document.getElementById("my-data-link")?.removeAttribute("hidden");
    sessionStorage.removeItem(storageKey);
  }

  function onMessage(msg) {
    if (window.interviewVoice?.event(msg)) return;
    switch (msg.type) {
      case "history":
        chat.innerHTML = ""; seen = new Set();
        msg.turns.forEach(renderTurn);
        // Anything still pending was never saved: show it and send it again.
        Object.entries(pending).forEach(([id, text]) => {
          bubble("candidate", text, "pending").dataset.id = id;
          send_({ type: "answer", id, text });
        });
        updateProgress(msg.progress);
        break;
      case "turn": renderTurn(msg.turn); break;
      case "progress": updateProgress(msg); if (msg.finished) clearTimeout(silenceTimer); break;
      case "end": end(msg.message); break;
      // Part of a spoken answer (or all of it) was not understood: said, and shown.
      case "unclear": showNotice(msg.message, "warning"); break;
      case "error":
        if (msg.code === "taken_over") { ended = true; input.disabled = send.disabled = true; }
        showNotice(msg.message, "error");
        break;
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + location.host + root.dataset.wsUrl);
    window.interviewVoice?.attach(ws, (text) => showNotice(text, "error"), (text) => showNotice(text, "info"));
    ws.onopen = () => {
      retries = 0;
      setConn(true, t.online);
      showNotice("");
      if (!ended) { input.disabled = send.disabled = false; input.focus(); }
      const toggle = document.getElementById("voice-toggle");
      if (wantVoice && !ended && toggle && !toggle.checked) {
        wantVoice = false; // once: a reconnect keeps voice mode by itself
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") { window.interviewVoice?.audio(e.data); return; }
      onMessage(JSON.parse(e.data));
    };
    ws.onclose = (e) => {
      input.disabled = send.disabled = true;
      if (e.code === 4403) { setConn(false, t.offline); showNotice(t.bad_link, "error"); return; }
      // 4409: another tab took over; 4410: stopped (link revoked, consent withdrawn, over).
      if (e.code === 4409 || e.code === 4410 || ended) { setConn(false, t.offline); return; }
      setConn(false, t.reconnecting);
      showNotice(t.lost);
      const delay = Math.min(10000, 500 * 2 ** retries++);
      setTimeout(connect, delay);
    };
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || ended) return;
    const id = newId();
    pending[id] = text; savePending();
    bubble("candidate", text, "pending").dataset.id = id;
    input.value = "";
    clearTimeout(silenceTimer);
    send_({ type: "answer", id, text });
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    else armSilence();
  });
  document.getElementById("finish").addEventListener("click", () => {
    if (!ended && confirm(t.confirm_finish)) send_({ type: "finish" });
  });

  // The candidate's own camera and a microphone level meter; the interview works in
  // text mode without them. ``given``: the stream the device check opened.
  async function startMedia(given) {
    if (!given && !navigator.mediaDevices?.getUserMedia) return;
    try {
      const stream = given || await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const video = document.getElementById("self-video");
      video.srcObject = stream;
      video.parentElement.classList.add("live");
      recorder = window.interviewRecorder?.start(stream, root.dataset.recordingUrl, (text) => showNotice(text, "warning"));
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const level = document.getElementById("mic-level");
      (function loop() {
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
        level.style.width = Math.min(100, peak * 1.6) + "%";
        requestAnimationFrame(loop);
      })();
    } catch (err) {
      showNotice(t.no_media);
    }
  }

  // Voice first: after the device check the interview opens in voice mode (the room's
  // switch turns it on once the socket is open); the chat is the choice or the fallback.
  let wantVoice = false;
  function begin(detail) {
    wantVoice = detail.mode === "voice";
    startMedia(detail.stream); // the check's stream, or asked for here
    connect();
  }
  if (window.interviewRoomStart) begin(window.interviewRoomStart);
  else if (!document.getElementById("check")) begin({ mode: "chat" });
  else document.addEventListener("room-start", (e) => begin(e.detail), { once: true });
})();
