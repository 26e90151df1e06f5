// YesNo (rollbook/ui/choice.py): a yes/no question as a fieldset of two radio buttons.
function render({ model, el }) {
  const name = "rb-yn-" + Math.random().toString(36).slice(2);
  const box = document.createElement("fieldset");
  box.className = "rb-yesno";
  const legend = document.createElement("legend");
  const row = document.createElement("div");
  row.className = "rb-yesno-options";
  const inputs = [];
  for (const [value, text] of [["no", "No"], ["yes", "Yes"]]) {
    const label = document.createElement("label");
    label.className = "rb-yesno-" + value;
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
  box.append(legend, row);
  el.append(box);
  function sync() {
    legend.textContent = model.get("question");
    for (const input of inputs) input.checked = model.get("value") === input.value;
  }
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
