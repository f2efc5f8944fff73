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
      // One line per unit, so that every name is written (Chart.js skips labels when crowded).
      units.parentNode.style.height = Math.max(160, data.units.length * 22 + 40) + "px";
      new Chart(units, {
        type: "bar",
        data: {
          labels: data.units.map(function (u) { return u.name; }),
          datasets: [{ data: data.units.map(function (u) { return u.percent; }), backgroundColor: "#8b1a1a" }]
        },
        options: {
          indexAxis: "y", animation: false, maintainAspectRatio: false, plugins: { legend: { display: false },
            tooltip: { callbacks: { label: function (c) { return pct(c.raw); } } } },
          scales: {
            x: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } },
            y: { ticks: { autoSkip: false, font: { size: 11 } } }
          }
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
