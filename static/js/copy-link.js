// «Copy» buttons next to a link field (the invitation result page).
for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const input = button.parentElement.querySelector("input");
    input.select();
    try { await navigator.clipboard.writeText(input.value); } catch { document.execCommand("copy"); }
    button.textContent = "✓";
  });
}
