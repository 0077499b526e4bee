// Draws the Plotly charts the server put in [data-plotly] divs (app/plot_html.py): the
// Content-Security-Policy allows no inline script, so the figures travel as data.
document.querySelectorAll("[data-plotly]").forEach((div) => {
  const figure = JSON.parse(div.dataset.plotly);
  const config = JSON.parse(div.dataset.plotlyConfig || "{}");
  window.Plotly.newPlot(div, figure.data || [], figure.layout || {}, config);
});
