import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

/** Registers only the Chart.js parts the dashboard draws (keeps the admin chunk small). */
Chart.register(CategoryScale, LinearScale, BarElement, ArcElement, LineElement, PointElement, Tooltip, Legend);

export const CHART_COLORS = {
  primary: '#a50e1a',
  secondary: '#1a56db',
  good: '#1b7f3b',
  bad: '#b42318',
  warn: '#c07a00',
  muted: '#9aa1ad',
} as const;

/** Percent axis 0–100 for rate charts. */
export const percentScale = { min: 0, max: 100, ticks: { callback: (v: string | number) => `${v} %` } };

export const pct = (rate: number | null): number => (rate === null ? 0 : Math.round(rate * 1000) / 10);
