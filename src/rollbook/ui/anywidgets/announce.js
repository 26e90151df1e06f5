// Announcer (rollbook/ui/announce.py): an off-screen live region for screen readers.
function render({ model, el }) {
  // One live region that stays in the page, so screen readers hear each change.
  const region = document.createElement("div");
  region.className = "rb-announce";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  el.append(region);
  const sync = () => { region.textContent = model.get("text"); };
  model.on("change:text", sync);
  sync();
  return () => model.off("change:text", sync);
}
export default { render };
