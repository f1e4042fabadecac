// Candidates page: the «Загрузить резюме» button shows or hides the intake drop zone.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-upload-toggle]").forEach((button) => {
    const panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    button.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) panel.scrollIntoView({ block: "nearest" });
    });
  });
});
