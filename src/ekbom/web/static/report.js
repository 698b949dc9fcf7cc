// The report pages: "Print / Save as PDF" opens the print dialog (without JavaScript it is a
// link to the PDF), and every collapsed part opens before printing so the paper has it all.
document.querySelectorAll("[data-print-link]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
document.querySelectorAll("[data-needs-js]").forEach(function (button) { button.hidden = false; });
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".report details").forEach(function (d) { d.open = true; });
});
