// Small progressive enhancements shared by every page. htmx handles partial updates.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.querySelector(".messages") || (() => {
    const div = document.createElement("div");
    div.className = "messages";
    document.querySelector("main").prepend(div);
    return div;
  })();
  const alert = document.createElement("div");
  alert.className = "alert alert-error";
  alert.textContent = document.documentElement.lang === "en"
    ? `The request failed (${status}). Reload the page and try again.`
    : `Запрос не выполнен (${status}). Обновите страницу и попробуйте ещё раз.`;
  box.append(alert);
});

// The admin menu in the header closes on a click elsewhere, like any menu.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.admin-menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});

// Accepting a candidate is asked once more (the server refuses it unconfirmed): a form
// marked data-confirm-accept sets its hidden "confirm" field only after the person agrees.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirmAccept) return;
  const submitter = event.submitter;
  const accepting = (submitter && submitter.name === "outcome" && submitter.value === "accept")
    || (form.elements.to_stage && form.elements.to_stage.value === "accepted");
  if (!accepting) return;
  if (window.confirm(form.dataset.confirmAccept)) form.elements.confirm.value = "on";
  else event.preventDefault();
});

// A form marked data-confirm (stopping a live interview) is sent only after the person
// agrees to the question it holds.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) event.preventDefault();
});
