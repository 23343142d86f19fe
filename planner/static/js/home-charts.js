// The overview page's charts: the grade pyramid and the segment ring, from the JSON block #overview-charts.
// Tooltips are drawn in the canvas ("richText"): HTML tooltips carry style attributes, which the CSP refuses.
(function () {
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var charts = JSON.parse(document.getElementById("overview-charts").textContent);
  var pyramid = echarts.init(document.getElementById("chart-grades"), null, {locale: locale});
  pyramid.setOption({
    tooltip: {renderMode: "richText"}, grid: {left: 70, right: 20, top: 10, bottom: 30},
    xAxis: {type: "value"}, yAxis: {type: "category", data: charts.grades},
    series: [{type: "bar", data: charts.grade_counts, itemStyle: {color: "#1f6feb"}}]
  });
  var pie = echarts.init(document.getElementById("chart-segments"), null, {locale: locale});
  pie.setOption({
    tooltip: {trigger: "item", renderMode: "richText"},
    series: [{type: "pie", radius: ["35%", "65%"],
      data: charts.segments.map(function (name, i) { return {name: name, value: charts.segment_counts[i]}; })}]
  });
  window.addEventListener("resize", function () { pyramid.resize(); pie.resize(); });
})();
