// The candidates table's bulk bar: counts the ticked rows, ticks the whole page, and
// shows only the fields the chosen action needs. Without JS every field shows and the
// server checks what it needs.
(() => {
  const form = document.querySelector("[data-bulk]");
  if (!form) return;
  const rows = () => [...document.querySelectorAll("[data-bulk-row]")];
  const count = form.querySelector("[data-bulk-count] strong");
  const action = form.querySelector("[data-bulk-action]");
  const update = () => { count.textContent = rows().filter((r) => r.checked).length; };
  const showFields = () => {
    for (const el of form.querySelectorAll("[data-bulk-for]")) {
      el.hidden = !el.dataset.bulkFor.split(" ").includes(action.value);
    }
  };
  document.addEventListener("change", (e) => {
    if (e.target.matches("[data-bulk-all]")) rows().forEach((r) => { r.checked = e.target.checked; });
    if (e.target.matches("[data-bulk-all], [data-bulk-row]")) update();
  });
  action.addEventListener("change", showFields);
  showFields();
  update();
})();
