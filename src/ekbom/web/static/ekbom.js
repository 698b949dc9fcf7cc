// Small enhancements only; every page works without JavaScript.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

// Questions that only some people need show once they apply. Hidden, their fields are left out
// of the form (disabled): a pregnancy ticked before choosing "male" is not sent.
function ekbomShowWhen(target, shown) {
  if (!target) { return; }
  target.hidden = !shown;
  target.querySelectorAll("input, select").forEach(function (field) { field.disabled = !shown; });
}

(function () {
  var sex = document.getElementById("sex");
  var pregnant = document.getElementById("pregnant");
  var trimester = document.getElementById("pregnancy_trimester");
  function update() {
    if (sex) { ekbomShowWhen(document.getElementById("if-woman"), sex.value === "female"); }
    if (pregnant && trimester && !pregnant.disabled) {
      var field = trimester.closest(".field");
      ekbomShowWhen(field, pregnant.checked || trimester.value !== "" || field.classList.contains("invalid"));
    }
  }
  if (sex) { sex.addEventListener("change", update); }
  if (pregnant) { pregnant.addEventListener("change", update); }
  update();
})();

// A supplement row asks its amount, unit and how often once its nutrient is chosen; htmx's new
// rows too.
function ekbomSupplementRows(root) {
  var rows = Array.prototype.slice.call(root.querySelectorAll(".supplement.row"));
  if (root.matches && root.matches(".supplement.row")) { rows.push(root); }
  rows.forEach(function (row) {
    var nutrient = row.querySelector("select[id$='_nutrient']");
    var rest = Array.prototype.slice.call(row.querySelectorAll(".field")).slice(1);
    function update() {
      var typed = row.querySelector("input[id$='_amount']").value !== "";
      rest.forEach(function (field) { field.hidden = nutrient.value === "" && !typed; });
    }
    if (!row.dataset.progressive) { nutrient.addEventListener("change", update); }
    row.dataset.progressive = "yes";
    update();
  });
}
ekbomSupplementRows(document);
document.addEventListener("htmx:load", function (event) { ekbomSupplementRows(event.target); });

// Phones: the questionnaire one section at a time, with Next and Back. Not when the page shows
// problems (every section stays open so each message is beside its field).
(function () {
  var form = document.querySelector("form.questionnaire");
  if (!form || document.getElementById("error-summary")) { return; }
  if (!window.matchMedia("(max-width: 40rem)").matches) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
  var send = form.querySelector("button.send");
  var current = 0;
  function button(text, secondary, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    if (secondary) { b.className = "secondary"; }
    b.textContent = text;
    b.addEventListener("click", onclick);
    return b;
  }
  // The new section's first question takes the focus (read with its section's name).
  function go(index) {
    current = index;
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    var first = Array.prototype.find.call(
      steps[index].querySelectorAll("input, select, textarea, button, summary"),
      function (field) { return !field.disabled && field.offsetParent !== null; });
    (first || steps[index]).focus();
  }
  steps.forEach(function (step, i) {
    var nav = document.createElement("div");
    nav.className = "stepper";
    var where = document.createElement("p");
    where.className = "where";
    where.textContent = form.dataset.step.replace("{n}", i + 1).replace("{total}", steps.length);
    nav.appendChild(where);
    if (i < steps.length - 1) { nav.appendChild(button(form.dataset.next, false, function () { go(i + 1); })); }
    else if (send) { nav.appendChild(send); }
    if (i > 0) { nav.appendChild(button(form.dataset.back, true, function () { go(i - 1); })); }
    step.appendChild(nav);
    step.tabIndex = -1;
  });
  // Enter in a field moves to the next section; only the last one sends the form.
  form.addEventListener("submit", function (event) {
    if (current < steps.length - 1) { event.preventDefault(); go(current + 1); }
  });
  steps.forEach(function (step, i) { step.hidden = i !== 0; });
})();
