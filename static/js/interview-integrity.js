// Integrity measurements in the interview room, for a person to review (never a verdict):
// how long the page was left (tab hidden or window unfocused), text pasted into the
// answer box (size, and how long after the question), and keystroke speed per answer.
// Raw numbers go to the server over the room's socket ("integrity" events); the server
// (interviews/integrity.py) decides what is worth showing. Loaded only when the company
// keeps the setting on (the room's data-integrity attribute).
(() => {
  const root = document.getElementById("room");
  if (!root || root.dataset.integrity !== "on") return;
  const chat = document.getElementById("chat");
  const form = document.getElementById("answer-form");
  const input = document.getElementById("answer");
  const room = () => window.interviewRoom;

  // Reports wait here while the socket is down (a phone locked during a tab switch).
  const queue = [];
  function flush() {
    while (queue.length && room()?.send({ type: "integrity", ...queue[0] })) queue.shift();
  }
  function report(event) {
    if (room()?.ended()) return;
    queue.push(event);
    flush();
  }
  setInterval(flush, 2000);

  // The interview counts from the first question: the browser's camera prompt before it
  // takes the focus too, and is not the candidate leaving.
  let questionAt = null;
  new MutationObserver(() => {
    const last = chat.lastElementChild;
    if (last && last.classList.contains("interviewer")) questionAt = performance.now();
  }).observe(chat, { childList: true });

  // Away: from the moment the tab is hidden or the window loses focus, until both are back.
  let awaySince = null, awayHidden = false;
  function leave() {
    if (questionAt === null || room()?.ended()) return;
    if (document.hidden) awayHidden = true;
    if (awaySince === null) awaySince = performance.now();
  }
  function back() {
    if (awaySince === null || document.hidden || !document.hasFocus()) return;
    const ms = Math.round(performance.now() - awaySince);
    const hidden = awayHidden;
    awaySince = null; awayHidden = false;
    report({ kind: "away", ms, hidden });
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? leave() : back()));
  window.addEventListener("blur", leave);
  window.addEventListener("focus", back);

  // Paste: its size, and the time since the question appeared.
  input.addEventListener("paste", (e) => {
    const chars = (e.clipboardData?.getData("text") || "").length;
    if (!chars) return;
    const ms = questionAt === null ? 0 : Math.round(performance.now() - questionAt);
    report({ kind: "paste", chars, ms });
  });

  // Keystrokes: input events adding one or two characters (a phone keyboard's whole
  // words, dictation and pastes add more at once and are not keystrokes).
  let prevLength = input.value.length, keyChars = 0, firstKey = null, lastKey = null;
  input.addEventListener("input", (e) => {
    const added = input.value.length - prevLength;
    prevLength = input.value.length;
    if (e.inputType === "insertText" && added >= 1 && added <= 2) {
      const now = performance.now();
      if (firstKey === null) firstKey = now;
      lastKey = now;
      keyChars += added;
    }
  });
  form.addEventListener("submit", () => {
    if (keyChars) report({ kind: "typing", chars: keyChars, ms: Math.round(lastKey - firstKey) });
    keyChars = 0; firstKey = lastKey = null; prevLength = 0;
  });
})();
