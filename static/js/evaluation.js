// Evaluation quotes link to #turn-<index>: scroll to that transcript turn and highlight it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-turn]");
  if (!link) return;
  const turn = document.getElementById("turn-" + link.dataset.turn);
  if (!turn) return;  // the transcript is not on this page: follow the link as usual
  event.preventDefault();
  const folded = turn.closest("details");
  if (folded) folded.open = true;  // the transcript may be collapsed
  document.querySelectorAll(".turn-highlight").forEach((el) => el.classList.remove("turn-highlight"));
  turn.classList.add("turn-highlight");
  turn.scrollIntoView({ behavior: "smooth", block: "center" });
  history.replaceState(null, "", "#turn-" + link.dataset.turn);
});
