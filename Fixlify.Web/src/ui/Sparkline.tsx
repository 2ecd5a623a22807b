import { useEffect, useRef } from "react";
import uPlot from "uplot";

/** A small bar chart of a few days' counts (uPlot, no axes); `label` says the same in words. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element || values.length === 0) {
      return;
    }
    const times = values.map((_, i) => i);
    const chart = new uPlot(
      {
        width: 96,
        height: 28,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false }, y: { range: [0, Math.max(1, ...values)] } },
        series: [{}, { stroke: "#2563eb", fill: "#2563eb55", width: 1, paths: uPlot.paths.bars?.({ size: [0.7, 12] }), points: { show: false } }],
      },
      [times, values],
      element,
    );
    return () => chart.destroy();
  }, [values]);
  return <div ref={container} className="sparkline" role="img" aria-label={label} />;
}
