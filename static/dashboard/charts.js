/* Draw the dashboard's charts from the specifications the server prints beside them.
 *
 * Each <div class="chart-canvas" data-chart="ID"> names a <script type="application/json">
 * holding categories, series and points; a point's "url" is the list of the records behind
 * it, so a click on a bar, slice or line leads there. The table under each chart carries
 * the same figures for screen readers and for print.
 */
(function () {
  "use strict";

  var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
  var palette = ["#1f5f99", "#d9822b", "#4c9a6a", "#a23b72", "#6c757d"];
  var fontFamily =
    'system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

  function pointLabel(params) {
    return (params.data && params.data.label) || "";
  }

  // ECharts inserts a formatter's return value as HTML, and names come from user input.
  function escape(text) {
    return echarts.format.encodeHTML(text == null ? "" : String(text));
  }

  function tooltip(params) {
    var label = pointLabel(params);
    return escape(params.seriesName) + "<br>" + escape(params.name) + (label ? ": " + escape(label) : "");
  }

  function base(spec) {
    return {
      color: palette,
      textStyle: { fontFamily: fontFamily },
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: "item", formatter: tooltip, confine: true },
    };
  }

  function horizontalBars(spec, element) {
    element.style.height = Math.max(260, spec.categories.length * 30 * spec.series.length + 90) + "px";
    return Object.assign(base(spec), {
      legend: { top: 0 },
      grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.categories,
        axisLabel: { width: element.clientWidth < 500 ? 110 : 240, overflow: "break" },
      },
      series: spec.series.map(function (series) {
        return {
          type: "bar",
          name: series.name,
          data: series.data,
          label: { show: true, position: "right", formatter: pointLabel },
        };
      }),
    });
  }

  function barsAndLine(spec) {
    return Object.assign(base(spec), {
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories },
      yAxis: spec.series.map(function (series, index) {
        return { type: "value", minInterval: 1, splitLine: { show: index === 0 } };
      }),
      series: spec.series.map(function (series, index) {
        return {
          type: index === 0 ? "bar" : "line",
          name: series.name,
          yAxisIndex: index,
          data: series.data,
          label: { show: index === 0, position: "top", formatter: pointLabel },
        };
      }),
    });
  }

  function pie(spec) {
    var series = spec.series[0];
    return Object.assign(base(spec), {
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          name: series.name,
          radius: ["35%", "62%"],
          center: ["50%", "45%"],
          data: series.data.map(function (point, index) {
            return { name: spec.categories[index], value: point.value, label: point.label, url: point.url };
          }),
          label: {
            formatter: function (params) {
              return params.name + "\n" + params.data.label;
            },
          },
        },
      ],
    });
  }

  function day(text) {
    return text ? new Date(text + "T00:00:00").getTime() : Date.now();
  }

  function timeline(spec, element) {
    element.style.height = Math.max(200, spec.categories.length * 44 + 80) + "px";
    var points = spec.series[0].data;
    var starts = points.map(function (point) { return day(point.start); });
    var ends = points.map(function (point) { return day(point.end); });
    var first = new Date(Math.min.apply(null, starts));
    var last = new Date(Math.max.apply(null, ends));
    return Object.assign(base(spec), {
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: "time",
        min: new Date(first.getFullYear(), first.getMonth(), 1).getTime(),
        max: new Date(last.getFullYear(), last.getMonth() + 1, 1).getTime(),
        splitNumber: 4,
        axisLabel: { hideOverlap: true },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: spec.categories,
        axisLabel: { width: element.clientWidth < 500 ? 120 : 260, overflow: "break" },
      },
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: function (params) {
          var point = points[params.seriesIndex];
          return (
            escape(point.who) + " → " + escape(point.host) + "<br>" +
            escape(point.start_label) + " – " + escape(point.end_label)
          );
        },
      },
      series: points.map(function (point, index) {
        return {
          type: "line",
          name: spec.categories[index],
          symbolSize: 10,
          lineStyle: { width: 10 },
          color: palette[0],
          data: [
            { value: [day(point.start), index], url: point.url },
            { value: [day(point.end), index], url: point.url },
          ],
        };
      }),
    });
  }

  var builders = { hbar: horizontalBars, "bar-line": barsAndLine, pie: pie, timeline: timeline };

  function draw(element) {
    var spec = JSON.parse(document.getElementById(element.getAttribute("data-chart")).textContent);
    var build = builders[spec.kind];
    if (!build) {
      return;
    }
    var option = build(spec, element);
    var chart = echarts.init(element, null, { renderer: "svg", locale: chinese ? "ZH" : "EN" });
    chart.setOption(option);
    chart.on("click", function (params) {
      if (params.data && params.data.url) {
        window.location.assign(params.data.url);
      }
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  function start() {
    if (typeof echarts === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".chart-canvas[data-chart]"), draw);
  }

  // Print the tables, open, in place of pictures that a printer cannot click.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.chart-data"), function (details) {
      details.open = true;
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
