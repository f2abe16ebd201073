// One indicator's chart in the progress view, drawn by Chart.js (from npm; only the line
// chart's parts are registered, so the rest of the library stays out of the bundle): the
// straight target path from 0 at the plan's approval to the target at its date, the values
// reported up to the chosen date as points joined by a line, and a marker at that date.

import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } from 'chart.js';
import { t, fmt, lang } from './i18n.js';
import { formatDate } from './dateslider.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
Chart.defaults.font.size = 11;
Chart.defaults.color = '#333';

const PATH = '#595959';
const ACHIEVED = '#0072b2';
const MARKER = '#7a1e2c';

const ms = (iso) => Date.parse(`${iso}T00:00:00Z`);
const iso = (v) => new Date(v).toISOString().slice(0, 10);

/** Ticks on the first day of January and July, so the axis reads as half-years. */
function halfYears(min, max) {
  const out = [];
  const from = new Date(min);
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth() < 6 ? 0 : 6; ; m += 6) {
    if (m >= 12) { y += 1; m -= 12; }
    const v = Date.UTC(y, m, 1);
    if (v > max) break;
    if (v >= min) out.push({ value: v });
  }
  return out;
}

function monthYear(v) {
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'lv-LV', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(v));
}

// A dashed vertical line at the chosen date, with its name: a plugin of this chart only.
const dateMarker = {
  id: 'pzDateMarker',
  afterDatasetsDraw(chart, _args, opts) {
    if (!Number.isFinite(opts?.x)) return;
    const { ctx, chartArea: a, scales } = chart;
    const px = scales.x.getPixelForValue(opts.x);
    if (px < a.left - 0.5 || px > a.right + 0.5) return;
    const right = px > (a.left + a.right) / 2;
    ctx.save();
    ctx.strokeStyle = MARKER;
    ctx.fillStyle = MARKER;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(px, a.top);
    ctx.lineTo(px, a.bottom);
    ctx.stroke();
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText(opts.label, px + (right ? -4 : 4), a.top + 11);
    ctx.restore();
  },
};

/**
 * The datasets of `ind` (a row of /analysis/progress's `indicators`) as of `date`: the target
 * path when the indicator has a numeric target, and the achieved values (the service gives
 * those reported on or before the date).
 */
export function datasetsOf(ind, start) {
  const sets = [];
  if (typeof ind.target === 'number') {
    sets.push({
      pzId: 'path',
      label: t('chartPath'),
      data: [{ x: ms(start), y: 0 }, { x: ms(ind.target_date), y: ind.target }],
      borderColor: PATH,
      backgroundColor: PATH,
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: [0, 4],
      pointStyle: 'rectRot',
    });
  }
  sets.push({
    pzId: 'achieved',
    label: t('chartAchieved'),
    data: (ind.values ?? []).map((v) => ({ x: ms(v.date), y: v.value })),
    borderColor: ACHIEVED,
    backgroundColor: ACHIEVED,
    borderWidth: 2.5,
    pointRadius: 5,
    pointHoverRadius: 7,
  });
  return sets;
}

/** A chart on `canvas`; `render(ind, date, start)` draws indicator `ind` as of `date`. */
export function createIndicatorChart(canvas) {
  let chart = null;
  let unit = '';

  function options(ind, date, start) {
    const min = ms(start);
    const max = Math.max(ms(ind.target_date ?? date), ms(date));
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: lang() === 'en' ? 'en-GB' : 'lv-LV',
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          afterBuildTicks: (scale) => { scale.ticks = halfYears(min, max); },
          ticks: { callback: (v) => monthYear(v), maxRotation: 0, autoSkip: true },
          grid: { color: '#e4e4e4' },
        },
        y: {
          beginAtZero: true,
          suggestedMax: typeof ind.target === 'number' ? ind.target * 1.05 : undefined,
          ticks: { callback: (v) => fmt(v, Math.abs(v) < 10 && v % 1 ? 2 : 0) },
          title: { display: Boolean(ind.unit), text: ind.unit ?? '' },
          grid: { color: '#e4e4e4' },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? formatDate(iso(items[0].parsed.x)) : ''),
            label: (item) => `${item.dataset.label}: ${fmt(item.parsed.y, 2)} ${unit}`,
          },
        },
        pzDateMarker: { x: ms(date), label: t('chartDate') },
      },
    };
  }

  return {
    render(ind, date, start) {
      unit = ind.unit ?? '';
      const datasets = datasetsOf(ind, start);
      if (!chart) {
        chart = new Chart(canvas, { type: 'line', data: { datasets }, options: options(ind, date, start), plugins: [dateMarker] });
      } else {
        chart.data.datasets = datasets;
        chart.options = options(ind, date, start);
        chart.update('none');
      }
      return chart;
    },
    /** The Chart.js instance (null before the first render). */
    chart: () => chart,
    destroy() {
      chart?.destroy();
      chart = null;
    },
  };
}

/** The chart bound to `canvas`, as Chart.js keeps it (for the tests' hook). */
export function chartOn(canvas) {
  return Chart.getChart(canvas) ?? null;
}
