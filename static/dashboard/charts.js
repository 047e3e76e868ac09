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

  var measuringContext = document.createElement("canvas").getContext("2d");

  // Measure a text as ECharts draws it, to size margins and legends before drawing.
  function textWidth(text, fontSize) {
    measuringContext.font = fontSize + "px " + fontFamily;
    return measuringContext.measureText(text).width;
  }

  function isNarrow(element) {
    return element.clientWidth < 500;
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
        axisLabel: { width: isNarrow(element) ? 110 : 240, overflow: "break" },
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

  function largest(series) {
    return series.data.reduce(function (most, point) {
      return Math.max(most, point.value || 0);
    }, 0);
  }

  // The widest tick label a value axis can show for data up to ``most``: ECharts rounds the
  // axis up to a "nice" maximum, at most half as large again, written with thousands commas.
  function tickLabelWidth(most) {
    return textWidth(echarts.format.addCommas(Math.max(10, Math.ceil(most * 1.5))), 12);
  }

  // Counts as bars below, the other measures as lines in bands of their own above: a line
  // drawn across the bars hid their value labels under its markers. The bands share the
  // months and the left margin, so a month's bar and its points stand one above the other.
  // Each band is headed by its legend entry, then room for value labels, then the plot.
  function barsAndLine(spec, element) {
    var bars = spec.series[0];
    var lines = spec.series.slice(1);
    var left = Math.ceil(16 + Math.max.apply(null, spec.series.map(largest).map(tickLabelWidth)));
    var lineBand = 112;
    element.style.height = lines.length * lineBand + 226 + "px";
    var option = Object.assign(base(spec), { legend: [], grid: [], xAxis: [], yAxis: [], series: [] });
    function band(series, top, headroom, height, kind) {
      var index = option.grid.length;
      var color = palette[spec.series.indexOf(series) % palette.length];
      option.legend.push({ data: [series.name], left: 8, top: top });
      option.grid.push({ left: left, right: 16, top: top + headroom, height: height });
      option.xAxis.push({
        type: "category",
        gridIndex: index,
        data: spec.categories,
        axisLabel: { show: kind === "bar", hideOverlap: true },
      });
      option.yAxis.push({ type: "value", gridIndex: index, minInterval: 1, splitNumber: kind === "bar" ? 4 : 2 });
      option.series.push({
        type: kind,
        name: series.name,
        xAxisIndex: index,
        yAxisIndex: index,
        data: series.data,
        color: color,
      });
      return option.series[index];
    }
    lines.forEach(function (line, index) {
      band(line, index * lineBand, 32, 66, "line");
    });
    var barSeries = band(bars, lines.length * lineBand, 44, 146, "bar");
    barSeries.label = { show: true, position: "top", formatter: pointLabel };
    barSeries.labelLayout = { hideOverlap: true };
    return option;
  }

  // A phone has no room beside the ring for names: they were cut to "E" or "Teachi...", or
  // dropped. There the values go inside the slices and the names, with their values, into
  // a legend below, one slice a line and wrapped when long, so every name shows in full.
  function pie(spec, element) {
    var series = spec.series[0];
    var data = series.data.map(function (point, index) {
      return { name: spec.categories[index], value: point.value, label: point.label, url: point.url };
    });
    var ring = {
      type: "pie",
      name: series.name,
      radius: ["35%", "62%"],
      center: ["50%", "45%"],
      data: data,
      label: {
        // Wrap a long name beside the ring rather than cut it to "A very long kind...".
        overflow: "break",
        formatter: function (params) {
          return params.name + "\n" + params.data.label;
        },
      },
    };
    if (!isNarrow(element)) {
      element.style.height = "";
      return Object.assign(base(spec), { legend: { bottom: 0, type: "scroll" }, series: [ring] });
    }
    var labels = {};
    data.forEach(function (point) {
      labels[point.name] = point.label;
    });
    var total = data.reduce(function (sum, point) {
      return sum + (point.value || 0);
    }, 0);
    var textRoom = Math.max(120, element.clientWidth - 56);
    var legendHeight = data.reduce(function (sum, point) {
      var lines = Math.ceil(textWidth(point.name + "  " + point.label, 12) / textRoom) || 1;
      return sum + lines * 16 + 10;
    }, 0);
    var ringHeight = 230;
    element.style.height = ringHeight + legendHeight + "px";
    ring.radius = [52, 100];
    ring.center = ["50%", ringHeight / 2];
    ring.label = {
      position: "inside",
      color: "#fff",
      fontWeight: "bold",
      formatter: function (params) {
        // A slice too thin for its value leaves it to the legend.
        return total && params.value / total < 0.05 ? "" : params.data.label;
      },
    };
    return Object.assign(base(spec), {
      legend: {
        orient: "vertical",
        left: 8,
        top: ringHeight,
        itemGap: 10,
        textStyle: { width: textRoom, overflow: "break", lineHeight: 16 },
        formatter: function (name) {
          return name + "  " + (labels[name] || "");
        },
      },
      series: [ring],
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
        axisLabel: { width: isNarrow(element) ? 120 : 260, overflow: "break" },
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
    // Lay the chart out again when its width crosses into another layout, e.g. on turning
    // a phone, rather than stretching the narrow layout.
    var narrow = isNarrow(element);
    window.addEventListener("resize", function () {
      if (isNarrow(element) !== narrow) {
        narrow = isNarrow(element);
        chart.setOption(build(spec, element), true);
      }
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
