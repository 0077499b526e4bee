// The report page's small behaviours (moved out of the template for the CSP).

// Plotly cannot size a chart inside a closed <details>; redraw it when opened.
document.querySelectorAll("details[data-chart-details]").forEach((details) => {
  details.addEventListener("toggle", () => {
    details.querySelectorAll(".js-plotly-plot").forEach((plot) => window.Plotly && window.Plotly.Plots.resize(plot));
  });
});

const printButton = document.querySelector("[data-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}
