// Draw the dashboard's charts from the figures the page embeds (Chart.js, served locally).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "vi";
    var fmt = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var pct = function (v) { return v === null ? "–" : fmt.format(v) + " %"; };
    var units = document.getElementById("units-chart");
    if (units) {
      new Chart(units, {
        type: "bar",
        data: {
          labels: data.units.map(function (u) { return u.name; }),
          datasets: [{ data: data.units.map(function (u) { return u.percent; }), backgroundColor: "#8b1a1a" }]
        },
        options: {
          indexAxis: "y", animation: false, plugins: { legend: { display: false },
            tooltip: { callbacks: { label: function (c) { return pct(c.raw); } } } },
          scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } }
        }
      });
    }
    var trend = document.getElementById("trend-chart");
    if (trend) {
      new Chart(trend, {
        type: "line",
        data: {
          labels: data.trend.map(function (p) { return p.date; }),
          datasets: [{ data: data.trend.map(function (p) { return p.percent; }), borderColor: "#8b1a1a", tension: 0.2 }]
        },
        options: {
          animation: false, plugins: { legend: { display: false },
            tooltip: { callbacks: { label: function (c) { return pct(c.raw); } } } },
          scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } }
        }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
