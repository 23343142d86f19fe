// A run's plan page: headcount and CM share against the targets, intake, exits and promotions, cost against
// the budget. The figures come from the JSON block #plan-chart-data (computed by planner/runs/charts.py),
// the words from #plan-chart-labels; nothing is computed here but the drawing.
(function () {
  var dataBlock = document.getElementById("plan-chart-data");
  if (!dataBlock || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(dataBlock.textContent);
  var words = JSON.parse(document.getElementById("plan-chart-labels").textContent);
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var charts = [];
  var name = function (key) { return words.names[key] || key; };
  var percent = function (values) {
    return values.map(function (v) { return v === null ? null : Math.round(v * 10000) / 100; });
  };
  var years = data.years.map(function (y, i) { return i === 0 ? y + " (" + words.base + ")" : String(y); });

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return;
    }
    var chart = echarts.init(element, null, {locale: locale});
    chart.setOption(option);
    charts.push(chart);
  }

  function stacked(series, kind) {
    return Object.keys(series).map(function (key) {
      return {type: kind || "bar", stack: "total", name: name(key), data: series[key]};
    });
  }

  var legend = {top: 0, type: "scroll"};
  var grid = {left: 60, right: 20, top: 40, bottom: 30};
  draw("chart-headcount", {
    tooltip: {trigger: "axis"}, legend: legend, grid: grid,
    xAxis: {type: "category", data: years, axisLabel: {interval: 0}}, yAxis: {type: "value"},
    series: [
      {type: "bar", name: words.headcount, data: data.headcount},
      {type: "line", name: words.target, data: data.target, connectNulls: false, symbolSize: 8}
    ]
  });
  draw("chart-share", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; }},
    legend: legend, grid: grid,
    xAxis: {type: "category", data: years.slice(1)},
    yAxis: {type: "value", axisLabel: {formatter: "{value}%"}},
    series: [
      {type: "bar", name: words.share, data: percent(data.share.slice(1))},
      {type: "line", name: words.share_target, data: percent(data.share_target.slice(1)), symbolSize: 8}
    ]
  });
  draw("chart-intake", {
    tooltip: {trigger: "axis"}, legend: legend, grid: grid,
    xAxis: {type: "category", data: data.plan_years.map(String)}, yAxis: {type: "value"},
    series: stacked(data.intake)
  });
  var exits = stacked(data.exits);
  exits.push({type: "line", name: words.promotions, data: data.promotions, symbolSize: 8});
  draw("chart-exits", {
    tooltip: {trigger: "axis"}, legend: legend, grid: grid,
    xAxis: {type: "category", data: data.plan_years.map(String)}, yAxis: {type: "value"},
    series: exits
  });
  var cost = stacked(data.cost);
  if (data.budget.some(function (v) { return v !== null; })) {
    cost.push({type: "line", name: words.budget, data: data.budget, symbolSize: 8});
  }
  draw("chart-cost", {
    tooltip: {trigger: "axis"}, legend: legend, grid: {left: 90, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: data.plan_years.map(String)}, yAxis: {type: "value"},
    series: cost
  });
  // The team's structure before and after (bank-wide): the plan's line from the base year, the named
  // decisions' value in the first plan year as a point, the scenario's goal as a dashed line.
  var structureBlock = document.getElementById("structure-chart-data");
  if (structureBlock) {
    var structure = JSON.parse(structureBlock.textContent);
    var sw = words.structure;
    var structureYears = structure.years.map(function (y, i) { return i === 0 ? y + " (" + words.base + ")" : String(y); });
    var structureSeries = function (keys) {
      var series = [];
      keys.forEach(function (key) {
        var m = structure.metrics[key];
        if (!m) {
          return;
        }
        var scale = function (values) {
          return values.map(function (v) { return v === null ? null : (m.percent ? Math.round(v * 100) / 100 : v); });
        };
        var line = {type: "line", name: sw[key] + " · " + sw.plan, data: scale(m.plan), connectNulls: true, symbolSize: 8};
        if (m.goal !== null) {
          line.markLine = {symbol: "none", lineStyle: {type: "dashed"}, label: {formatter: sw.goal + " {c}"}, data: [{yAxis: m.goal}]};
        }
        series.push(line);
        if (m.named.some(function (v) { return v !== null; })) {
          series.push({type: "scatter", name: sw[key] + " · " + sw.named, data: scale(m.named), symbolSize: 12});
        }
      });
      return series;
    };
    draw("chart-structure-age", {
      tooltip: {trigger: "axis"}, legend: legend, grid: grid,
      xAxis: {type: "category", data: structureYears}, yAxis: {type: "value", scale: true},
      series: structureSeries(["age"])
    });
    draw("chart-structure-shares", {
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; }},
      legend: legend, grid: {left: 60, right: 20, top: 60, bottom: 30},
      xAxis: {type: "category", data: structureYears}, yAxis: {type: "value", axisLabel: {formatter: "{value}%"}},
      series: structureSeries(["bachelor", "mid_title", "new_blood"])
    });
  }
  // Choosing a unit shows its charts without pressing the button.
  var select = document.querySelector("select[data-submit-on-change]");
  if (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
