// Drag-and-drop for the intake upload widget: dropped files go into the form's file input,
// and the form is submitted through HTMX (or normally without it).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-intake-drop]").forEach((form) => {
    const input = form.querySelector("[data-intake-input]");
    const chosen = form.querySelector("[data-intake-chosen]");
    const show = () => { chosen.textContent = Array.from(input.files).map((f) => f.name).join(", "); };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach((t) => form.addEventListener(t, (e) => { e.preventDefault(); form.classList.add("is-dragover"); }));
    ["dragleave", "drop"].forEach((t) => form.addEventListener(t, (e) => { e.preventDefault(); form.classList.remove("is-dragover"); }));
    form.addEventListener("drop", (e) => {
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      show();
      form.requestSubmit();
    });
  });
});
