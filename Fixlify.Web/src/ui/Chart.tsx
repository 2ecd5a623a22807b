import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { axisCeiling, labelledPeriods } from "./chartScale";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  colour: string;
  /** Bars instead of a line. */
  bars?: boolean;
  /** What the legend shows beside the label: the period's total or average, in words ("12", "1.2 s"). */
  legend: string;
}

/**
 * A time-series chart (uPlot: canvas, about 20 KB gzip, fast with thousands of points). Every period of the range has
 * its point and the time axis a label at any period size (one day of data included); the value axis is named and
 * reaches past the highest point, so every point sits inside it. The legend is the page's own (each series with its
 * value for the whole range), not uPlot's hover legend. The canvas is a picture for screen readers, described by
 * `summary`; the numbers are in a table beside it.
 */
export function Chart({
  title,
  summary,
  times,
  series,
  height = 220,
  formatTime,
  formatValue = (v) => v.toLocaleString("en-US"),
  valueAxis,
  step,
}: {
  title: string;
  summary: string;
  /** Unix seconds, one per period of the range, in order. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  formatTime: (unixSeconds: number) => string;
  /** How the value axis writes a value ("3", "1.2 s"). */
  formatValue?: (value: number) => string;
  /** The value axis's name ("Executions", "Time"). */
  valueAxis: string;
  /** Seconds between two points (3600 by hour, 86400 by day): ticks fall on whole periods. */
  step: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element || times.length === 0) {
      return;
    }
    const highest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v != null)));
    const first = times[0]!;
    const last = times[times.length - 1]!;
    const top = axisCeiling(highest);
    element.dataset.valueAxis = `${valueAxis}, 0 to ${formatValue(top)}; highest ${formatValue(highest)}`;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 280),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // Half a period either side: the first and last bars are whole, and a single period still has a span.
        x: { time: false, range: () => [first - step / 2, last + step / 2] },
        y: { range: () => [0, top] },
      },
      axes: [
        {
          // A label for every period that has room (about 48 px each: "Dec 17", "14:00"), evenly spaced, at any number of periods.
          splits: (u) => labelledPeriods(times, Math.floor(u.bbox.width / devicePixelRatio / 48)),
          values: (_u, splits) => {
            const labels = splits.map((s) => formatTime(s));
            // What the time axis shows, readable on the element (the canvas is not).
            element.dataset.timeLabels = labels.join(" | ");
            return labels;
          },
        },
        { label: valueAxis, values: (_u, splits) => splits.map((s) => formatValue(s)), size: 60 },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          fill: s.bars ? s.colour + "55" : undefined,
          width: 2,
          // Bars of one period side by side (the first series left of the period's mark, the next right), never hiding one another.
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.35, 24], gap: 1, align: barSide(series, s) }) : undefined,
          points: { show: !s.bars && times.length < 40, size: 7 },
        })),
      ],
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)], element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 280), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, height, formatTime, formatValue, valueAxis, step]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={summary} />
      <ul className="chart-legend" aria-label={`${title}: legend`}>
        {series.map((s) => (
          <li key={s.label}>
            <span className="chart-swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.label}: <strong>{s.legend}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Where a bar series sits in its period: alone, centred; else the first to the left and the others to the right. */
function barSide(series: ChartSeries[], s: ChartSeries): -1 | 0 | 1 {
  const bars = series.filter((x) => x.bars);
  return bars.length < 2 ? 0 : bars[0] === s ? -1 : 1;
}
