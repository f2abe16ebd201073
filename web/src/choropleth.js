// The municipality choropleth: one coverage figure per unit, classed and coloured. Units the
// figure does not concern (outside the plan territory) get a not-applicable pattern, units
// whose value is unknown another; neither is painted as if it were a low value.

import { t, fmt, pct, collectionLabel } from './i18n.js';
import { escapeText } from './util.js';

// Patterns, defined once in the page (see ensurePatterns) and used as SVG fills.
export const NOT_APPLICABLE = 'url(#pz-na)';
export const NO_DATA = 'url(#pz-unknown)';

let patternsDone = false;

/** Puts the not-applicable and unknown patterns into the document (once). */
export function ensurePatterns() {
  if (patternsDone) return;
  patternsDone = true;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '0');
  svg.setAttribute('height', '0');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'pz-defs');
  svg.style.position = 'absolute';
  const defs = document.createElementNS(ns, 'defs');
  const pattern = (id, bg, stroke, width, angle, size = 6) => {
    const p = document.createElementNS(ns, 'pattern');
    p.setAttribute('id', id);
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('width', String(size));
    p.setAttribute('height', String(size));
    p.setAttribute('patternTransform', `rotate(${angle})`);
    if (bg) {
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('width', String(size));
      r.setAttribute('height', String(size));
      r.setAttribute('fill', bg);
      p.appendChild(r);
    }
    const l = document.createElementNS(ns, 'line');
    l.setAttribute('x1', '0');
    l.setAttribute('y1', '0');
    l.setAttribute('x2', '0');
    l.setAttribute('y2', String(size));
    l.setAttribute('stroke', stroke);
    l.setAttribute('stroke-width', String(width));
    p.appendChild(l);
    defs.appendChild(p);
  };
  pattern('pz-na', '#ffffff', '#8a8a8a', 1, 45);
  pattern('pz-unknown', '#d4d4d4', '#444444', 2, -45);
  // The reach zone: lines only, in user space, so overlapping circles draw one even hatch.
  pattern('pz-reach', null, '#b35900', 1.6, -45, 7);
  svg.appendChild(defs);
  document.body.appendChild(svg);
}

// Every class colour has at least 3:1 contrast against the panel (#fafafa); see the tests.
export const RAMPS = {
  share: ['#c8553d', '#4f95cf', '#2a62a3', '#1b4a87', '#0e3063'],
  funding: ['#5e9e3a', '#3f8a34', '#2a712c', '#1a5a25', '#0b3d17'],
  measures: ['#d0701a', '#bf5b0e', '#9c430a', '#7a3108', '#552306'],
  locations: ['#8a7fc0', '#7363ad', '#5e4b9c', '#4a3589', '#35206f'],
};

const inPlan = (p) => p?.eastern_border_area !== false;

/**
 * The figures a reader can choose. `facility` is the facility collection the coverage was
 * asked for (null when the service has no point layer, in which case the share figure is left
 * out). Each figure says which units it concerns (`applies`).
 */
export function figures(facility, radiusM) {
  const list = [];
  if (facility) {
    list.push({
      id: 'population_share',
      prop: 'population_share',
      label: () => t('figPopulationShare', { radius: radiusM / 1000, layer: collectionLabel(facility).replace(/\s*\([^)]*\)$/, '') }),
      thresholds: [0.2, 0.4, 0.6, 0.8],
      ramp: RAMPS.share,
      format: pct,
      applies: inPlan,
      csvName: `population_share_within_${radiusM / 1000}km_of_${facility.id}`,
    });
  }
  list.push(
    {
      id: 'funding_per_inhabitant_eur',
      prop: 'funding_per_inhabitant_eur',
      label: () => t('figFundingPerInhabitant'),
      ramp: RAMPS.funding,
      format: (v) => fmt(v, 0),
      applies: inPlan,
      csvName: 'funding_per_inhabitant_eur',
    },
    {
      id: 'measures_total',
      prop: 'measures_total',
      label: () => t('figMeasuresTotal'),
      ramp: RAMPS.measures,
      format: (v) => fmt(v, 0),
      applies: inPlan,
      csvName: 'measures_total',
    },
    {
      id: 'locations_total',
      prop: 'locations_total',
      label: () => t('figLocationsTotal'),
      ramp: RAMPS.locations,
      format: (v) => fmt(v, 0),
      applies: inPlan,
      csvName: 'locations_total',
    },
  );
  return list;
}

/**
 * Classes for `values` of figure `fig` (values of the units it applies to):
 * `{thresholds, colour(v, props), classes:[{from,to,colour}]}`. Quantile thresholds unless the
 * figure fixes them; ties collapse so a class is never empty.
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
  const colour = (v, props) => {
    if (props && fig.applies && !fig.applies(props)) return NOT_APPLICABLE;
    if (typeof v !== 'number' || !Number.isFinite(v)) return NO_DATA;
    let i = 0;
    while (i < k && v >= thresholds[i]) i += 1;
    return fig.ramp[rampIndex(i)];
  };
  const classes = [];
  if (vals.length || fig.thresholds) {
    const lo = fig.thresholds ? 0 : vals[0];
    const hi = fig.thresholds ? 1 : vals[vals.length - 1];
    const bounds = [lo, ...thresholds, hi];
    for (let i = 0; i <= k; i += 1) classes.push({ from: bounds[i], to: bounds[i + 1], colour: fig.ramp[rampIndex(i)] });
  }
  return { thresholds, colour, classes };
}

/**
 * The legend rows (`<li>`) of figure `fig` classed as `cls`: one per class, then the unknown
 * and not-applicable patterns when some unit has them. Shared with the progress view.
 */
export function classRows(fig, cls, { hasMissing, hasNa }) {
  const rows = cls.classes.map((c, i) => {
    const last = i === cls.classes.length - 1;
    const range = c.from === c.to || c.to === undefined
      ? fig.format(c.from)
      : `${fig.format(c.from)} – ${last ? '' : '< '}${fig.format(c.to)}`;
    return `<li data-class="${i}"><span class="sw sw-area" data-colour="${c.colour}" style="background:${c.colour}"></span>${escapeText(range)}</li>`;
  });
  if (hasMissing) rows.push(`<li data-class="unknown"><span class="sw sw-area sw-unknown" data-pattern="#444444"></span>${escapeText(t('noData'))}</li>`);
  if (hasNa) rows.push(`<li data-class="na"><span class="sw sw-area sw-na" data-pattern="#8a8a8a"></span>${escapeText(t('notApplicable'))}</li>`);
  return rows;
}

/** Writes the legend of the current figure into `el`. */
export function renderLegend(el, fig, cls, { hasMissing, hasNa, reach }) {
  const rows = classRows(fig, cls, { hasMissing, hasNa });
  if (reach) rows.push(`<li class="legend-line" data-class="reach"><span class="sw sw-area sw-reach" data-pattern="#b35900"></span>${escapeText(reach)}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-area" style="background:transparent;border:3px solid #111"></span>${escapeText(t('planTerritoryLegend'))}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-line" style="border-color:#c00000"></span>${escapeText(t('borderLegend'))}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-area sw-neighbour"></span>${escapeText(t('neighboursLegend'))}</li>`);
  rows.push(`<li class="legend-line"><span class="sw sw-area sw-sea"></span>${escapeText(t('seaLegend'))}</li>`);
  el.innerHTML = `<p class="legend-title" id="choropleth-legend-title">${escapeText(fig.label())}</p><ul>${rows.join('')}</ul>`;
}
