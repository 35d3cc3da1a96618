// A uPlot chart sized to its container. The canvas says nothing to a screen reader: every chart
// sits in a <figure> with a caption and a data table (chart-report.ts), and the chart itself is
// labelled with the caption's summary.
import { html } from "htm/preact";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

const HEIGHT = 260;

export function Chart({ options, data, summary }: { options: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData; summary: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current!;
    const plot = new uPlot({ ...options, width: element.clientWidth, height: HEIGHT }, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return html`<div class="chart" role="img" aria-label=${summary} ref=${container}></div>`;
}

/** A report's date ("2026-11-20") as uPlot's x value: seconds at that date's UTC midnight, shown in UTC. */
export const dayValue = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
export const utcDates = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), "UTC");

/** Bars for a categorical x axis (0, 1, 2 …). */
export const barPaths = uPlot.paths.bars!({ size: [0.6, 80] });
