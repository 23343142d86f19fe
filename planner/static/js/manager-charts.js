// A CM's page: the competency radar and the performance line, from the JSON blocks beside them.
// Tooltips are drawn in the canvas ("richText"): HTML tooltips carry style attributes, which the CSP refuses.
(function () {
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var radarEl = document.getElementById("competency-radar");
  if (radarEl) {
    var radar = JSON.parse(document.getElementById("radar-data").textContent);
    echarts.init(radarEl, null, {locale: locale}).setOption({
      tooltip: {renderMode: "richText"},
      radar: {indicator: radar.indicators},
      // Dimensions never assessed are drawn at 0; the table beside the chart shows them as "—".
      series: [{type: "radar", data: [{name: radar.label, value: radar.scores.map(function (s) { return s === null ? 0 : s; })}]}]
    });
  }
  var lineEl = document.getElementById("performance-line");
  if (lineEl) {
    var perf = JSON.parse(document.getElementById("performance-data").textContent);
    echarts.init(lineEl, null, {locale: locale}).setOption({
      tooltip: {trigger: "axis", renderMode: "richText"},
      xAxis: {type: "category", data: perf.periods},
      yAxis: {type: "value", min: 0, max: 100},
      series: [{type: "line", name: perf.label, data: perf.scores}]
    });
  }
})();
