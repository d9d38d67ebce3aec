// One chart of the day in 15-minute bins, drawn by uPlot (bundled from npm; it draws on a canvas
// and sizes its elements through the style properties, which the strict CSP allows). The x axis
// is China time whatever the browser's time zone.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  values: Array<number | null>;
  bars?: boolean;
}

const HEIGHT = 180;
const HOUR_MINUTE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
const bars = uPlot.paths.bars?.({ size: [0.7, 40] });

function options(title: string, series: ChartSeries[], width: number, percent: boolean): uPlot.Options {
  return {
    title,
    width,
    height: HEIGHT,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
    scales: { x: { time: true }, y: percent ? { range: [0, 100] } : { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        fill: s.bars ? `${s.color}99` : undefined,
        width: 2,
        spanGaps: false,
        // bars for counts; shares with their points (a lone bin between empty ones is a point)
        ...(s.bars && bars ? { paths: bars, points: { show: false } } : percent ? { points: { show: true, size: 5 } } : {}),
      })),
    ],
    // hours of the China day, 24-hour clock ("08:00"), whatever the browser's language
    axes: [{ values: (_u, splits) => splits.map((ts) => HOUR_MINUTE.format(ts * 1000)) }, { size: 44 }],
    legend: { live: false },
  };
}

/** `x`: the bins' starts in seconds since the epoch; each series one value per bin. */
export function DayChart({ title, x, series, percent = false, testId }: { title: string; x: number[]; series: ChartSeries[]; percent?: boolean; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const plot = new uPlot(options(title, series, Math.max(320, el.clientWidth), percent), [x, ...series.map((s) => s.values)], el);
    chart.current = plot;
    return () => {
      plot.destroy();
      chart.current = null;
    };
    // a new chart only for new words (the language); data changes go through setData below
  }, [title, labels, percent]);

  useEffect(() => {
    chart.current?.setData([x, ...series.map((s) => s.values)]);
  }, [x, series]);

  // the first series' sum, for a glance in tests and tools (the canvas has no text)
  const total = series[0]?.values.reduce<number>((sum, v) => sum + (v ?? 0), 0) ?? 0;
  return <div class="day-chart" data-testid={testId} data-total={percent ? undefined : total} ref={box} />;
}
