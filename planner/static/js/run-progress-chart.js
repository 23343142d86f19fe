// A run's page: the objective and the bound of each solver stage over elapsed seconds, from the JSON block
// #progress-chart-data inside the progress section. htmx swaps that section every two seconds while the run
// goes on, so the chart is drawn again after each swap.
(function () {
  if (typeof echarts === "undefined") {
    return;
  }
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
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
    var data = JSON.parse(block.textContent);
    var words = JSON.parse(document.getElementById("progress-chart-labels").textContent);
    var stages = Object.keys(data.stages);
    // Each stage has an objective of its own scale, so each gets its own value axis.
    var yAxis = stages.map(function (stage, i) {
      return {type: "value", scale: true, name: words[stage] || stage, position: i % 2 === 0 ? "left" : "right",
              offset: Math.floor(i / 2) * 70, axisLine: {show: true}};
    });
    var series = [];
    stages.forEach(function (stage, i) {
      var label = words[stage] || stage;
      series.push({type: "line", yAxisIndex: i, name: label + " · " + words.objective, data: data.stages[stage].objective, symbolSize: 6});
      series.push({type: "line", yAxisIndex: i, name: label + " · " + words.bound, data: data.stages[stage].bound, symbolSize: 6, lineStyle: {type: "dashed"}});
    });
    chart = echarts.init(element, null, {locale: locale});
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis"}, legend: {top: 0, type: "scroll"},
      grid: {left: 80 + 70 * Math.floor((stages.length - 1) / 2), right: 80 + 70 * Math.floor((stages.length - 2) / 2), top: 40, bottom: 30},
      xAxis: {type: "value", name: words.seconds, min: 0},
      yAxis: yAxis, series: series
    });
  }

  draw();
  document.body.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () { if (chart) { chart.resize(); } });
})();
