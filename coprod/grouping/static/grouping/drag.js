// Drag a proposal onto a group: fills in and submits the proposal's own "move" form, the same
// form the keyboard uses, so both ways go through one code path.
document.addEventListener("dragstart", (event) => {
  const item = event.target.closest && event.target.closest("[data-proposal]");
  if (item) event.dataTransfer.setData("text/plain", item.id);
});
document.addEventListener("dragover", (event) => {
  if (event.target.closest && event.target.closest("[data-drop]")) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  const zone = event.target.closest && event.target.closest("[data-drop]");
  if (!zone) return;
  event.preventDefault();
  const item = document.getElementById(event.dataTransfer.getData("text/plain"));
  const form = item && item.querySelector("form.move");
  if (!form || item.closest("[data-drop]") === zone) return;
  form.elements.to.value = zone.dataset.drop;
  form.submit();
});
