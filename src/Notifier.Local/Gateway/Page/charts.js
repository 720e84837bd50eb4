// The charts: the last 15 minutes of the gateway's per-second metrics, drawn as plain SVG.
import { byId, count } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const WINDOW_SECONDS = 900;
const WIDTH = 300;
const HEIGHT = 80;

/** Each chart: its figure's id, its title, and the series it stacks (bottom first). */
const CHARTS = [
  { id: "chart-connections", title: "Open connections", series: [{ name: "connections", label: "open" }], level: true },
  { id: "chart-published", title: "Published / s", series: [{ name: "published", label: "published" }] },
  { id: "chart-delivered", title: "Deliveries / s", series: [{ name: "delivered", label: "delivered" }] },
  {
    id: "chart-failures", title: "Failures / s",
    series: [{ name: "gone", label: "gone" }, { name: "throttled", label: "throttled" }, { name: "failed", label: "failed" }],
  },
];

export class Charts {
  /** @param {(point) => void} onLatest called with the newest point (the header's live counts) */
  constructor(onLatest) {
    this.onLatest = onLatest;
    this.points = new Map(); // epoch ms of the second -> point
    this.charts = CHARTS.map((chart) => build(chart));
    this.scheduled = false;
    this.draw();
  }

  /** Replaces everything with GET /_local/metrics's points. */
  load(points) {
    this.points.clear();
    for (const point of points) this.points.set(point.time, point);
    this.changed();
  }

  /** One point from the live stream; a second already known is replaced. */
  add(point) {
    this.points.set(point.time, point);
    this.changed();
  }

  changed() {
    const times = [...this.points.keys()];
    const end = Math.max(...times);
    for (const time of times) if (time <= end - WINDOW_SECONDS * 1000) this.points.delete(time);
    const latest = this.points.get(end);
    if (latest) this.onLatest(latest);
    // One redraw per frame, however many points arrived; a hidden tab redraws when it is shown again.
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => { this.scheduled = false; this.draw(); });
    }
  }

  draw() {
    const times = [...this.points.keys()];
    const end = times.length ? Math.max(...times) : Math.floor(Date.now() / 1000) * 1000;
    const start = end - (WINDOW_SECONDS - 1) * 1000;
    for (const chart of this.charts) drawChart(chart, this.points, start);
  }
}

function build(chart) {
  const figure = byId(chart.id);
  const value = document.createElement("strong");
  const caption = document.createElement("figcaption");
  const title = document.createElement("span");
  title.textContent = chart.title;
  caption.append(title, value);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${chart.title}, last 15 minutes`);
  const grid = document.createElementNS(SVG, "path");
  grid.setAttribute("class", "grid-line");
  grid.setAttribute("d", `M0 ${HEIGHT / 2} H${WIDTH} M0 0.5 H${WIDTH}`);
  svg.append(grid);
  const paths = chart.series.map((series, index) => {
    const area = document.createElementNS(SVG, "path");
    area.setAttribute("class", `area series-${index}`);
    area.dataset.series = series.name;
    svg.append(area);
    return area;
  });
  const line = document.createElementNS(SVG, "path");
  line.setAttribute("class", "line");
  svg.append(line);
  const axis = document.createElement("div");
  axis.className = "axis";
  const max = document.createElement("span");
  const left = document.createElement("span");
  left.textContent = "−15 min";
  const right = document.createElement("span");
  right.textContent = "now";
  axis.append(left, max, right);
  figure.replaceChildren(caption, svg, axis);
  if (chart.series.length > 1) {
    const legend = document.createElement("div");
    legend.className = "legend";
    chart.series.forEach((series, index) => {
      const key = document.createElement("span");
      key.className = `key series-${index}`;
      key.textContent = series.label;
      legend.append(key);
    });
    figure.append(legend);
  }
  figure.dataset.sum = "0";
  figure.dataset.last = "0";
  return { ...chart, figure, value, max, paths, line };
}

/** Draws one chart from the points in [start, start + 15 min); missing seconds are 0 (an open count keeps its last value). */
function drawChart(chart, points, start) {
  const columns = [];
  let carried = 0;
  for (let i = 0; i < WINDOW_SECONDS; i++) {
    const point = points.get(start + i * 1000);
    const values = chart.series.map((series) => {
      if (point) return Number(point[series.name]) || 0;
      return chart.level ? carried : 0;
    });
    if (point && chart.level) carried = values[0];
    columns.push(values);
  }
  const totals = columns.map((values) => values.reduce((a, b) => a + b, 0));
  const top = niceCeiling(Math.max(1, ...totals));
  const x = (i) => ((i / (WINDOW_SECONDS - 1)) * WIDTH).toFixed(1);
  const y = (v) => (HEIGHT - (v / top) * (HEIGHT - 2)).toFixed(1);

  // Stacked areas: each series from the running sum below it to the sum including it.
  const below = new Array(WINDOW_SECONDS).fill(0);
  chart.series.forEach((_, s) => {
    const upper = columns.map((values, i) => below[i] + values[s]);
    let d = `M${x(0)} ${y(upper[0])}`;
    for (let i = 1; i < WINDOW_SECONDS; i++) d += `L${x(i)} ${y(upper[i])}`;
    for (let i = WINDOW_SECONDS - 1; i >= 0; i--) d += `L${x(i)} ${y(below[i])}`;
    chart.paths[s].setAttribute("d", `${d}Z`);
    upper.forEach((v, i) => { below[i] = v; });
  });
  let line = `M${x(0)} ${y(totals[0])}`;
  for (let i = 1; i < WINDOW_SECONDS; i++) line += `L${x(i)} ${y(totals[i])}`;
  chart.line.setAttribute("d", line);

  const last = totals[WINDOW_SECONDS - 1];
  const sum = totals.reduce((a, b) => a + b, 0);
  chart.value.textContent = count(last);
  chart.max.textContent = `max ${count(top)}`;
  chart.figure.dataset.last = String(last);
  chart.figure.dataset.sum = String(sum);
  chart.figure.dataset.peak = String(Math.max(...totals));
}

/** 1, 2, 5, 10, 20, 50... at or above `value`. */
function niceCeiling(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
