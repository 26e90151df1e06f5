// Choice and YesNo (rollbook/ui/choice.py): one answer out of a few, as a fieldset of
// radio buttons. Each answer's label has the class <kind>-<value> (rb-choice-left,
// rb-yesno-yes), so pages and tests can find it.
function render({ model, el }) {
  const name = "rb-ch-" + Math.random().toString(36).slice(2);
  const box = document.createElement("fieldset");
  const kind = model.get("kind");
  box.className = kind === "rb-yesno" ? "rb-yesno" : "rb-yesno " + kind;
  const legend = document.createElement("legend");
  const row = document.createElement("div");
  row.className = "rb-yesno-options";
  box.append(legend, row);
  el.append(box);
  let inputs = [];
  function build() {
    row.replaceChildren();
    inputs = [];
    for (const [value, text] of model.get("options")) {
      const label = document.createElement("label");
      label.className = kind + "-" + value;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = value;
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", value); model.save_changes(); }
      });
      label.append(input, document.createTextNode(" " + text));
      row.append(label);
      inputs.push(input);
    }
  }
  function sync() {
    legend.textContent = model.get("question");
    for (const input of inputs) input.checked = model.get("value") === input.value;
  }
  const rebuild = () => { build(); sync(); };
  model.on("change:options", rebuild);
  model.on("change", sync);
  rebuild();
  return () => { model.off("change:options", rebuild); model.off("change", sync); };
}
export default { render };
