// A run's page: the objective and the bound of each solver stage over elapsed seconds, one panel per stage
// (their objectives differ in scale), from the JSON block #progress-chart-data inside the progress section.
// htmx swaps that section every two seconds while the run goes on, so the chart is drawn again each time.
(function () {
  if (typeof echarts === "undefined") {
    return;
  }
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var PANEL = 130;
  var chart = null;

  function draw() {
    var element = document.getElementById("chart-progress");
    var block = document.getElementById("progress-chart-data");
    if (chart) {
      chart.dispose();
      chart = null;
    }
    if (!element || !block) {
      return;
    }
    var stages = JSON.parse(block.textContent).stages;
    var words = JSON.parse(document.getElementById("progress-chart-labels").textContent);
    var end = 0;
    stages.forEach(function (s) { s.objective.forEach(function (p) { end = Math.max(end, p[0]); }); });
    var grid = [], xAxis = [], yAxis = [], series = [];
    stages.forEach(function (s, i) {
      var label = words[s.stage] || s.stage;
      grid.push({left: 110, right: 30, top: 40 + i * PANEL, height: PANEL - 45});
      xAxis.push({type: "value", gridIndex: i, min: 0, max: Math.max(end, 1),
                  name: i === stages.length - 1 ? words.seconds : "", axisLabel: {show: i === stages.length - 1}});
      yAxis.push({type: "value", gridIndex: i, scale: true, name: label, nameLocation: "middle", nameGap: 90});
      series.push({type: "line", xAxisIndex: i, yAxisIndex: i, name: words.objective, data: s.objective, symbolSize: 6, itemStyle: {color: "#1f6feb"}});
      series.push({type: "line", xAxisIndex: i, yAxisIndex: i, name: words.bound, data: s.bound, symbolSize: 6, itemStyle: {color: "#bf8700"}, lineStyle: {type: "dashed"}});
    });
    // Style set through the DOM (not a style attribute), which the Content-Security-Policy allows.
    element.style.height = (50 + stages.length * PANEL) + "px";
    chart = echarts.init(element, null, {locale: locale});
    chart.setOption({
      animation: false, tooltip: {trigger: "axis"}, legend: {top: 0, data: [words.objective, words.bound]},
      grid: grid, xAxis: xAxis, yAxis: yAxis, series: series
    });
  }

  draw();
  document.body.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () { if (chart) { chart.resize(); } });
})();
