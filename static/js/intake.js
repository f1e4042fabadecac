// Drag-and-drop for the intake upload widget: dropped files go into the form's file input,
// and the form is submitted through HTMX (or normally without it). Bound on every piece of
// content HTMX loads too, since CRM pages swap in blocks that contain the widget.
function bindIntakeDrops(root) {
  root.querySelectorAll("[data-intake-drop]").forEach((form) => {
    if (form.dataset.intakeBound) return;
    form.dataset.intakeBound = "1";
    const input = form.querySelector("[data-intake-input]");
    const chosen = form.querySelector("[data-intake-chosen]");
    const show = () => { chosen.textContent = Array.from(input.files).map((f) => f.name).join(", "); };
    input.addEventListener("change", show);
    // A sent batch empties the form (no inline hx-on: the Content-Security-Policy
    // allows no evaluated script).
    form.addEventListener("htmx:afterRequest", (e) => {
      if (e.detail.elt === form && e.detail.successful) { form.reset(); chosen.textContent = ""; }
    });
    ["dragenter", "dragover"].forEach((t) => form.addEventListener(t, (e) => { e.preventDefault(); form.classList.add("is-dragover"); }));
    ["dragleave", "drop"].forEach((t) => form.addEventListener(t, (e) => { e.preventDefault(); form.classList.remove("is-dragover"); }));
    form.addEventListener("drop", (e) => {
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      show();
      form.requestSubmit();
    });
  });
}
document.addEventListener("DOMContentLoaded", () => bindIntakeDrops(document));
document.addEventListener("htmx:load", (e) => bindIntakeDrops(e.target));
