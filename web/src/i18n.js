// Latvian and English labels. Latvian is the default: the plan and its municipalities are Latvian.

const STRINGS = {
  lv: {
    title: 'Austrumu pierobežas rīcības plāns 2025–2027',
    choropleth: 'Karte pēc rādītāja',
    figure: 'Rādītājs',
    facilityLayer: 'Objektu slānis (pārklājums un tuvākie)',
    layers: 'Slāņi',
    basemap: 'Tiešsaistes pamatkarte (OpenStreetMap)',
    basemapUnreachable: 'Tiešsaistes pamatkarte nav pieejama; karte darbojas bez tās.',
    downloads: 'Lejupielādes',
    clickedPlace: 'Izvēlētā vieta',
    nearest: 'Tuvākie objekti',
    clickHint: 'Noklikšķiniet kartē, lai uzzinātu pašvaldību, attālumu līdz robežai un tuvākos objektus.',
    groupBase: 'Pamatslāņi',
    groupMeasures: 'Plāna pasākumi',
    figPopulationShare: 'Iedzīvotāju daļa {radius} km no objekta ({layer})',
    figFundingPerInhabitant: 'Finansējums uz iedzīvotāju, EUR',
    figMeasuresTotal: 'Pasākumu skaits pašvaldībā',
    figLocationsTotal: 'Vietu skaits pašvaldībā',
    noData: 'nav datu',
    outsideLatvia: 'Ārpus Latvijas',
    inPlanTerritory: 'Rīcības plāna teritorijā',
    notInPlanTerritory: 'Ārpus rīcības plāna teritorijas',
    distanceTo: 'Attālums līdz robežai ar {n}',
    currentUnit: 'pašreizējā pašvaldība: {name}',
    loading: 'Ielādē…',
    loaded: 'Ielādēti {n} slāņi.',
    loadFailed: 'Neizdevās ielādēt: {what}',
    queryFailed: 'Vaicājums neizdevās: {what}',
    planTerritoryLegend: 'rīcības plāna teritorija',
    borderLegend: 'robeža ar Krieviju un Baltkrieviju',
    downloadLayer: '{title} (GeoJSON)',
    downloadCoverageCsv: 'Pārklājuma tabula (CSV)',
    downloadGpkg: 'Visi slāņi (GeoPackage)',
    downloadCollections: 'Slāņu katalogs (JSON)',
    unitsInArea: 'šajā vienībā: {n}',
    featuresCount: '{n} obj.',
    beyond: 'Apdzīvotās vietas tālāk par {radius} km',
    byKind: 'Pasākumi pēc veida',
    precisionExact: 'precīza vieta',
    precisionSettlement: 'apdzīvotās vietas centrs',
    precisionUnit: 'pašvaldība vai reģions',
    RU: 'Krieviju',
    BY: 'Baltkrieviju',
    LT: 'Lietuvu',
    EE: 'Igauniju',
    precision_exact: 'precīza vieta',
    precision_settlement: 'apdzīvotā vieta',
    precision_municipality: 'pašvaldība',
    precision_region: 'reģions',
    f_measure_id: 'Pasākums',
    f_kind: 'Veids',
    f_direction: 'Virziens',
    f_institution: 'Atbildīgā iestāde',
    f_status: 'Statuss',
    f_funding_pool: 'Finansējums',
    f_indicators: 'Rādītāji',
    f_place_name: 'Vieta',
    f_precision: 'Precizitāte',
    f_provenance: 'Izcelsme',
    f_municipalities: 'Pašvaldības',
    f_sites_not_public: 'Vietas nav publiskas',
    f_source: 'Avots',
    f_note: 'Piezīme',
    f_distance_m: 'Attālums',
    c_population: 'Iedzīvotāji',
    c_area_km2: 'Platība, km²',
    c_eastern_border_area: 'Austrumu pierobeža',
    c_measures_total: 'Pasākumi kopā',
    c_measures_security: 'Drošība',
    c_measures_economy: 'Ekonomika',
    c_measures_human_resources: 'Cilvēkresursi',
    c_locations_total: 'Vietas',
    c_funding_attributed_eur: 'Piesaistītais finansējums, EUR',
    c_funding_per_inhabitant_eur: 'Finansējums uz iedzīvotāju, EUR',
    c_area_share: 'Platības daļa {radius} km zonā',
    c_population_share: 'Iedzīvotāju daļa {radius} km zonā',
    c_settlement_population: 'Apdzīvoto vietu iedzīvotāji',
    c_settlement_population_covered: '… no tiem {radius} km zonā',
    c_settlements_beyond: 'Apdzīvotās vietas ārpus zonas',
    yes: 'jā',
    no: 'nē',
  },
  en: {
    title: 'Eastern border area action plan 2025–2027',
    choropleth: 'Map by figure',
    figure: 'Figure',
    facilityLayer: 'Facility layer (coverage and nearest)',
    layers: 'Layers',
    basemap: 'Online basemap (OpenStreetMap)',
    basemapUnreachable: 'The online basemap cannot be reached; the map works without it.',
    downloads: 'Downloads',
    clickedPlace: 'Selected place',
    nearest: 'Nearest facilities',
    clickHint: 'Click on the map to see the municipality, its distance to the border and the nearest facilities.',
    groupBase: 'Base layers',
    groupMeasures: 'Plan measures',
    figPopulationShare: 'Share of population within {radius} km of a facility ({layer})',
    figFundingPerInhabitant: 'Funding per inhabitant, EUR',
    figMeasuresTotal: 'Measures per municipality',
    figLocationsTotal: 'Locations per municipality',
    noData: 'no data',
    outsideLatvia: 'Outside Latvia',
    inPlanTerritory: 'In the action plan territory',
    notInPlanTerritory: 'Outside the action plan territory',
    distanceTo: 'Distance to the border with {n}',
    currentUnit: 'current municipality: {name}',
    loading: 'Loading…',
    loaded: '{n} layers loaded.',
    loadFailed: 'Could not load: {what}',
    queryFailed: 'Query failed: {what}',
    planTerritoryLegend: 'action plan territory',
    borderLegend: 'border with Russia and Belarus',
    downloadLayer: '{title} (GeoJSON)',
    downloadCoverageCsv: 'Coverage table (CSV)',
    downloadGpkg: 'All layers (GeoPackage)',
    downloadCollections: 'Layer catalogue (JSON)',
    unitsInArea: 'in this unit: {n}',
    featuresCount: '{n} feat.',
    beyond: 'Settlements beyond {radius} km',
    byKind: 'Measures by kind',
    precisionExact: 'exact site',
    precisionSettlement: 'settlement centre',
    precisionUnit: 'municipality or region',
    RU: 'Russia',
    BY: 'Belarus',
    LT: 'Lithuania',
    EE: 'Estonia',
    precision_exact: 'exact site',
    precision_settlement: 'settlement',
    precision_municipality: 'municipality',
    precision_region: 'region',
    f_measure_id: 'Measure',
    f_kind: 'Kind',
    f_direction: 'Direction',
    f_institution: 'Institution',
    f_status: 'Status',
    f_funding_pool: 'Funding',
    f_indicators: 'Indicators',
    f_place_name: 'Place',
    f_precision: 'Precision',
    f_provenance: 'Provenance',
    f_municipalities: 'Municipalities',
    f_sites_not_public: 'Sites not public',
    f_source: 'Source',
    f_note: 'Note',
    f_distance_m: 'Distance',
    c_population: 'Population',
    c_area_km2: 'Area, km²',
    c_eastern_border_area: 'Eastern border area',
    c_measures_total: 'Measures, total',
    c_measures_security: 'Security',
    c_measures_economy: 'Economy',
    c_measures_human_resources: 'Human resources',
    c_locations_total: 'Locations',
    c_funding_attributed_eur: 'Funding attributed, EUR',
    c_funding_per_inhabitant_eur: 'Funding per inhabitant, EUR',
    c_area_share: 'Area share within {radius} km',
    c_population_share: 'Population share within {radius} km',
    c_settlement_population: 'Population of settlements',
    c_settlement_population_covered: '… of which within {radius} km',
    c_settlements_beyond: 'Settlements beyond the radius',
    yes: 'yes',
    no: 'no',
  },
};

let current = 'lv';

/** The language in force, `lv` or `en`. */
export function lang() {
  return current;
}

/** Switches the language; callers re-render what they drew. */
export function setLang(l) {
  current = STRINGS[l] ? l : 'lv';
  document.documentElement.lang = current;
  document.body.dataset.lang = current;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  document.title = `Pierobeža — ${t('title')}`;
}

/** The label for `key` with `{name}` placeholders filled from `vars`; the key itself if unknown. */
export function t(key, vars = {}) {
  const s = STRINGS[current][key] ?? STRINGS.lv[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? `{${k}}`));
}

/** Whether a label exists for `key` (so callers can fall back to the raw value). */
export function has(key) {
  return key in STRINGS[current];
}

/** Numbers in the language's convention (decimal comma in Latvian). */
export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return new Intl.NumberFormat(current === 'lv' ? 'lv-LV' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(n);
}

/** A share 0..1 as a percentage. */
export function pct(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return `${fmt(x * 100, 1)} %`;
}

/** Metres as "12,3 km" or "850 m". */
export function dist(m) {
  if (m === null || m === undefined || Number.isNaN(m)) return '–';
  return m >= 1000 ? `${fmt(m / 1000, 1)} km` : `${fmt(m, 0)} m`;
}
