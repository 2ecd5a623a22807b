import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  colour: string;
  /** Bars instead of a line. */
  bars?: boolean;
}

/**
 * A time-series chart (uPlot: canvas, about 20 KB gzip, fast with thousands of points). The canvas is a picture for
 * screen readers, described by `summary`; the numbers are in a table beside it.
 */
export function Chart({
  title,
  summary,
  times,
  series,
  height = 220,
  formatTime,
  step,
}: {
  title: string;
  summary: string;
  /** Unix seconds. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  formatTime: (unixSeconds: number) => string;
  /** Seconds between two points (3600 by hour, 86400 by day): ticks fall on whole periods. */
  step: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) {
      return;
    }
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 280),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { values: (_u, splits) => splits.map((s) => formatTime(s)), space: 90, incrs: [1, 2, 3, 6, 12, 24, 48].map((n) => n * step) },
        { size: 50 },
      ],
      series: [
        { label: step >= 86400 ? "Day" : "Hour", value: (_u, v) => (v == null ? "—" : formatTime(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          fill: s.bars ? s.colour + "55" : undefined,
          width: 2,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
          points: { show: times.length < 40 },
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
  }, [times, series, height, formatTime, step]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={summary} />
    </figure>
  );
}
