// A run's assignment map: territories on their coordinates (size: need; red: short) and the CMs' moves as
// lines, from the JSON block #map-data (computed by planner/runs/assignment_map.py).
(function () {
  var block = document.getElementById("map-data");
  if (!block || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(block.textContent);
  var moves = data.moves.map(function (m) { return {coords: [[m[0], m[1]], [m[2], m[3]]], cm: m[4], why: m[5]}; });
  var words = JSON.parse(document.getElementById("map-labels").textContent);
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var covered = data.territories.filter(function (t) { return t[4] === 0; });
  var short = data.territories.filter(function (t) { return t[4] > 0; });
  var size = function (value) { return 4 + Math.sqrt(value[2]) * 3; };
  var describe = function (params) {
    var t = params.value;
    if (params.seriesType === "lines") {
      return params.data.cm + " · " + params.data.why;
    }
    return t[5] + "<br>" + words.need + " " + t[2] + " · " + words.assigned + " " + t[3] + " · " + words.short + " " + t[4];
  };
  var chart = echarts.init(document.getElementById("chart-map"), null, {locale: locale});
  chart.setOption({
    animation: false,
    tooltip: {trigger: "item", formatter: describe},
    legend: {top: 0},
    grid: {left: 60, right: 20, top: 40, bottom: 40},
    xAxis: {type: "value", scale: true, name: words.longitude},
    yAxis: {type: "value", scale: true, name: words.latitude},
    dataZoom: [{type: "inside", xAxisIndex: 0}, {type: "inside", yAxisIndex: 0}],
    series: [
      {type: "scatter", name: words.territories, data: covered, symbolSize: size, itemStyle: {color: "#1f6feb", opacity: 0.6}},
      {type: "scatter", name: words.short, data: short, symbolSize: size, itemStyle: {color: "#d1242f"}},
      {type: "lines", name: words.moves, coordinateSystem: "cartesian2d", data: moves, polyline: false,
       lineStyle: {color: "#bf8700", width: 1, opacity: 0.5}, large: moves.length > 500,
       symbol: ["none", "arrow"], symbolSize: 6}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
