// Draws the analytics charts from the JSON the server rendered; tables carry the same numbers.
(function () {
  "use strict";
  var node = document.getElementById("analytics-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  var t = data.i18n;
  var palette = ["#18181b", "#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function bar(labels, datasets, opts) {
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: datasets.length > 1 } } }, opts || {}),
    };
  }
  var configs = {
    funnel: function (d) {
      return bar(d.labels, [{ label: t.reached, data: d.values, backgroundColor: palette[1] }]);
    },
    stage_time: function (d) {
      return bar(d.labels, [
        { label: t.median, data: d.median, backgroundColor: palette[1] },
        { label: t.p90, data: d.p90, backgroundColor: palette[3] },
      ], { scales: { y: { beginAtZero: true } } });
    },
    sources: function (d) {
      return bar(d.labels, [
        { label: t.applications, data: d.applications, backgroundColor: palette[0] },
        { label: t.interviewed, data: d.interviewed, backgroundColor: palette[1] },
        { label: t.accepted, data: d.accepted, backgroundColor: palette[2] },
      ]);
    },
    drop_off: function (d) {
      return bar(d.labels, [{ label: t.abandoned, data: d.values, backgroundColor: palette[4] }], {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      });
    },
    agreement: function (d) {
      return {
        type: "doughnut",
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: [palette[2], palette[4], "#a1a1aa"] }] },
        options: { plugins: { legend: { position: "right" } } },
      };
    },
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.dataset.chart;
    if (configs[name] && data[name]) new Chart(canvas, configs[name](data[name]));
  });
})();
