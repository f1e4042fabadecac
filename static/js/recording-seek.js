// Staff candidate page: a time in the transcript or in the recording's chapters plays
// the interview's recording from there (the server answers byte ranges, so the player
// seeks without loading the whole file first).
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-seek]");
    if (!button) return;
    const video = document.getElementById(button.dataset.video);
    if (!video) return;
    const at = Number(button.dataset.seek) || 0;
    const go = () => { video.currentTime = at; video.play().catch(() => {}); };
    if (video.readyState >= 1) go();
    else {
      video.preload = "metadata";
      video.addEventListener("loadedmetadata", go, { once: true });
      video.load();
    }
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
})();
