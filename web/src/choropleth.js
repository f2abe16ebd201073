// The municipality choropleth: one coverage figure per unit, classed and coloured.

import { t, fmt, pct } from './i18n.js';
import { escapeText } from './util.js';

export const NO_DATA = '#d9d9d9';

/**
 * The figures a reader can choose. `facility` is the facility layer the coverage was asked for
 * (null when the service has no point layer, in which case the share figure is left out).
 */
export function figures(facility, radiusM) {
  const list = [];
  if (facility) {
    list.push({
      id: 'population_share',
      prop: 'population_share',
      label: () => t('figPopulationShare', { radius: radiusM / 1000, layer: (facility.title ?? facility.id).replace(/\s*\((points|lines|areas)\)$/, '') }),
      // Fixed classes so the map reads the same whatever the spread; red = left out.
      thresholds: [0.2, 0.4, 0.6, 0.8],
      ramp: ['#b2182b', '#ef8a62', '#fddbc7', '#92c5de', '#2166ac'],
      format: pct,
    });
  }
  list.push(
    {
      id: 'funding_per_inhabitant_eur',
      prop: 'funding_per_inhabitant_eur',
      label: () => t('figFundingPerInhabitant'),
      ramp: ['#ffffcc', '#c2e699', '#78c679', '#31a354', '#006837'],
      format: (v) => fmt(v, 0),
    },
    {
      id: 'measures_total',
      prop: 'measures_total',
      label: () => t('figMeasuresTotal'),
      ramp: ['#ffffd4', '#fed98e', '#fe9929', '#d95f0e', '#993404'],
      format: (v) => fmt(v, 0),
    },
    {
      id: 'locations_total',
      prop: 'locations_total',
      label: () => t('figLocationsTotal'),
      ramp: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
      format: (v) => fmt(v, 0),
    },
  );
  return list;
}

/**
 * Classes for `values` of figure `fig`: `{thresholds, colour(v), classes:[{from,to,colour}]}`.
 * Quantile thresholds unless the figure fixes them; ties collapse so a class is never empty.
 */
export function classify(fig, values) {
  const vals = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  let thresholds;
  if (fig.thresholds) {
    thresholds = fig.thresholds;
  } else if (vals.length) {
    const q = [0.2, 0.4, 0.6, 0.8].map((x) => vals[Math.min(vals.length - 1, Math.floor(x * vals.length))]);
    thresholds = [...new Set(q)].filter((v) => v > vals[0]);
  } else {
    thresholds = [];
  }
  const k = thresholds.length;
  const rampIndex = (i) => (k === 0 ? fig.ramp.length - 1 : Math.round((i * (fig.ramp.length - 1)) / k));
  const colour = (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return NO_DATA;
    let i = 0;
    while (i < k && v >= thresholds[i]) i += 1;
    return fig.ramp[rampIndex(i)];
  };
  const lo = fig.thresholds ? 0 : vals[0];
  const hi = fig.thresholds ? 1 : vals[vals.length - 1];
  const bounds = [lo, ...thresholds, hi];
  const classes = [];
  for (let i = 0; i <= k; i += 1) classes.push({ from: bounds[i], to: bounds[i + 1], colour: fig.ramp[rampIndex(i)] });
  return { thresholds, colour, classes };
}

/** Writes the legend of the current figure into `el`. */
export function renderLegend(el, fig, cls, hasMissing) {
  const rows = cls.classes.map((c, i) => {
    const last = i === cls.classes.length - 1;
    const range = c.from === c.to || c.to === undefined
      ? fig.format(c.from)
      : `${fig.format(c.from)} – ${last ? '' : '< '}${fig.format(c.to)}`;
    return `<li data-class="${i}"><span class="sw sw-area" style="background:${c.colour}"></span>${escapeText(range)}</li>`;
  });
  if (hasMissing) rows.push(`<li data-class="none"><span class="sw sw-area" style="background:${NO_DATA}"></span>${escapeText(t('noData'))}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-area" style="background:transparent;border:3px solid #111"></span>${escapeText(t('planTerritoryLegend'))}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-line" style="border-color:#c00000"></span>${escapeText(t('borderLegend'))}</li>`);
  el.innerHTML = `<p class="legend-title" id="choropleth-legend-title">${escapeText(fig.label())}</p><ul>${rows.join('')}</ul>`;
}
