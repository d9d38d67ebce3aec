// The day's charts in 15-minute bins (GET /api/floor/day): calls offered and answered, the share
// answered within 15 s, and abandons; read again after calls end and every minute.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import type { Translate } from '../../i18n';
import type { FloorDay } from '../floor/floor-types';
import { DayChart, type ChartSeries } from './day-chart';
import type { SupervisorMessageKey } from './supervisor-messages';

const EVERY_MS = 60_000;
const AFTER_END_MS = 2_000;

export function DayCharts({ endedCalls, t }: { endedCalls: number; t: Translate<SupervisorMessageKey> }) {
  const [day, setDay] = useState<FloorDay | null>(null);

  useEffect(() => {
    const load = () => void apiGet<FloorDay>('/api/floor/day').then((a) => a.body && setDay(a.body));
    const soon = setTimeout(load, endedCalls === 0 ? 0 : AFTER_END_MS);
    const timer = setInterval(load, EVERY_MS);
    return () => {
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [endedCalls]);

  const data = useMemo(() => {
    if (!day) return null;
    const x = day.bins.map((b) => Date.parse(b.start) / 1000);
    const calls: ChartSeries[] = [
      { label: t('seriesOffered'), color: '#1f6feb', values: day.bins.map((b) => b.offered), bars: true },
      { label: t('seriesAnswered'), color: '#2da44e', values: day.bins.map((b) => b.answered) },
    ];
    const level: ChartSeries[] = [
      { label: t('seriesServiceLevel'), color: '#8250df', values: day.bins.map((b) => (b.serviceLevel === null ? null : Math.round(b.serviceLevel * 100))) },
    ];
    const abandons: ChartSeries[] = [{ label: t('seriesAbandoned'), color: '#c8102e', values: day.bins.map((b) => b.abandoned), bars: true }];
    return { x, calls, level, abandons };
  }, [day, t]);

  return (
    <section class="panel" data-testid="charts">
      <h3>{t('charts')}</h3>
      {data ? (
        <div class="charts">
          <DayChart testId="chart-calls" title={t('chartCalls')} x={data.x} series={data.calls} />
          <DayChart testId="chart-service-level" title={t('chartServiceLevel')} x={data.x} series={data.level} percent />
          <DayChart testId="chart-abandons" title={t('chartAbandons')} x={data.x} series={data.abandons} />
        </div>
      ) : null}
    </section>
  );
}
