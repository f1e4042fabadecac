// Candidates page: auto-submitting filters and the Kanban board (SortableJS, vendored).
// The server is the authority on moves; the client checks the table first only to
// answer quickly, and puts the card back whenever the server refuses.
(() => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    form.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") form.requestSubmit(); });
  }

  const board = document.getElementById("board");
  if (!board || !window.Sortable) return;
  const moves = JSON.parse(document.getElementById("board-moves").textContent);
  const text = document.getElementById("board-text").dataset;
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  const dialog = document.getElementById("reject-dialog");

  function flash(message, kind) {
    let box = document.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      document.querySelector("main").prepend(box);
    }
    const alert = document.createElement("div");
    alert.className = `alert alert-${kind}`;
    alert.setAttribute("role", kind === "error" ? "alert" : "status");
    alert.textContent = message;
    box.replaceChildren(alert);
    setTimeout(() => alert.remove(), 6000);
  }

  function askReason() {
    return new Promise((resolve) => {
      const area = dialog.querySelector("textarea");
      area.value = "";
      dialog.addEventListener("close", () => {
        resolve(dialog.returnValue === "ok" && area.value.trim() ? area.value.trim() : null);
      }, { once: true });
      dialog.showModal();
      area.focus();
    });
  }

  function putBack(evt) {
    const ref = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, ref);
  }

  function shift(stage, delta) {
    const counter = board.querySelector(`.board-col[data-stage="${stage}"] [data-count]`);
    counter.textContent = String(Number(counter.textContent) + delta);
  }

  async function onEnd(evt) {
    const from = evt.from.dataset.stage;
    const to = evt.to.dataset.stage;
    if (from === to) return;
    const item = evt.item;
    if (!(moves[from] || []).includes(to)) {
      putBack(evt);
      flash(text.forbidden, "error");
      return;
    }
    let comment = "", confirmed = "";
    if (to === "accepted") {
      // Accepting is asked once more; the server refuses it unconfirmed.
      if (!window.confirm(text.confirmAccept)) { putBack(evt); return; }
      confirmed = "on";
    }
    if (to === "rejected") {
      comment = await askReason();
      if (comment === null) { putBack(evt); return; }
    }
    const body = new URLSearchParams({ to_stage: to, comment, confirm: confirmed });
    const url = board.dataset.moveUrl.replace("/0/", `/${item.dataset.id}/`);
    let reply;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        body,
        credentials: "same-origin",
      });
      reply = await response.json();
    } catch (error) {
      reply = { ok: false, message: text.failed };
    }
    if (!reply.ok) {
      putBack(evt);
      flash(reply.message || text.failed, "error");
      return;
    }
    item.dataset.stage = to;
    shift(from, -1);
    shift(to, +1);
    flash(text.moved, "success");
  }

  for (const list of board.querySelectorAll(".board-cards")) {
    window.Sortable.create(list, {
      group: "board",
      animation: 150,
      draggable: ".kcard",
      filter: ".board-more",
      ghostClass: "kcard-ghost",
      // On touch screens a short hold starts a drag, so a swipe still scrolls the board.
      delay: 150,
      delayOnTouchOnly: true,
      onEnd,
    });
  }
})();
