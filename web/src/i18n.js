// Latvian and English: the one catalogue of every string the page shows, including the values
// that come from the data (kinds, directions, statuses, funding pools, precisions) and every
// aria label. Latvian is the default: the plan and its municipalities are Latvian.
//
// Text that exists only in one language in the source data (indicators, provenance, notes)
// is shown as it is and marked with its own `lang` attribute; see `dataText` in util.js.

const KINDS = {
  apartment_energy_efficiency: ['Daudzdzīvokļu māju energoefektivitāte', 'Apartment building energy efficiency'],
  broadband: ['Platjosla (pēdējā jūdze)', 'Broadband (last mile)'],
  business_energy_efficiency: ['Uzņēmumu energoefektivitāte', 'Business energy efficiency'],
  business_loans: ['Aizdevumi uzņēmējiem', 'Business loans'],
  business_support: ['Uzņēmējdarbības atbalsts, darba vietas', 'Business support, jobs'],
  countermobility_parks: ['Pretmobilitātes materiālu parki', 'Countermobility material parks'],
  digital_learning: ['Datortehnika un datu pārraide skolēniem', 'Computers and data for pupils'],
  disaster_management_centres: ['Katastrofas pārvaldīšanas centri', 'Disaster management centres'],
  disaster_management_centres_candidates: ['Katastrofas pārvaldīšanas centru kandidātpilsētas', 'Candidate towns for disaster management centres'],
  dual_use_production: ['Divējāda lietojuma ražošana', 'Dual-use production'],
  education_business_synergy: ['Uzņēmēji un augstākā izglītība', 'Business and higher education'],
  eu_funding_advocacy: ['ES finansējums pierobežai pēc 2027', 'EU funding for the border area after 2027'],
  farms: ['Lauku saimniecības', 'Farms'],
  higher_education: ['Augstākā izglītība', 'Higher education'],
  hospitals: ['Slimnīcas', 'Hospitals'],
  industrial_parks: ['Industriālie parki', 'Industrial parks'],
  information_and_crisis_management: ['Informatīvā telpa, krīzes vadība, NVO', 'Information space, crisis management, NGOs'],
  innovation_clusters: ['Inovāciju klasteri', 'Innovation clusters'],
  military_bases: ['Militārās bāzes', 'Military bases'],
  military_basic_course: ['Militārais pamatkurss', 'Basic military course'],
  mobility: ['Mobilitāte un robežšķērsošana', 'Mobility and border crossing'],
  municipal_energy_efficiency: ['Pašvaldību ēku energoefektivitāte', 'Municipal building energy efficiency'],
  official_visits: ['Amatpersonu vizītes', 'Official visits'],
  public_outdoor_space: ['Publiskā ārtelpa', 'Public outdoor space'],
  remigration: ['Remigrācija', 'Remigration'],
  rental_housing: ['Īres mājokļi (PPP)', 'Rental housing (PPP)'],
  roads: ['Autoceļi', 'Roads'],
  rural_business: ['Nelauksaimnieciskā uzņēmējdarbība', 'Non-agricultural rural business'],
  schools: ['Pieejamības skolas', 'Accessible schools'],
  smart_municipalities: ['Viedās pašvaldības', 'Smart municipalities'],
  social_housing: ['Sociālie mājokļi', 'Social housing'],
  zero_emission_vehicles: ['Bezemisiju transportlīdzekļi', 'Zero-emission vehicles'],
};

// Base collections by id.
const COLLECTIONS = {
  municipalities_2021: ['Pašvaldības 2021–2025 (43)', 'Municipalities 2021–2025 (43)'],
  municipalities_current: ['Pašvaldības kopš 2025-07-01 (42)', 'Municipalities since 2025-07-01 (42)'],
  plan_territory: ['Rīcības plāna teritorija', 'Action plan territory'],
  border: ['Valsts robeža', 'State border'],
  settlements: ['Apdzīvotās vietas', 'Settlements'],
  border_crossings: ['Robežšķērsošanas vietas', 'Border crossings'],
  border_crossings_areas: ['Robežšķērsošanas vietas (zināma tikai pašvaldība)', 'Border crossings (municipality only)'],
};

const BOTH = {
  title: ['Austrumu pierobežas rīcības plāns 2025–2027', 'Eastern border area action plan 2025–2027'],
  skipMap: ['Pāriet uz karti', 'Skip to the map'],
  skipResults: ['Pāriet uz rezultātiem', 'Skip to the results'],
  skipSearch: ['Pāriet uz pašvaldību meklēšanu', 'Skip to the municipality search'],
  langGroup: ['Valoda', 'Language'],
  mapLabel: ['Karte. Bultiņas pārvieto karti, + un − tuvina un attālina, Enter vaicā kartes centru.', 'Map. Arrow keys pan, + and − zoom, Enter queries the centre of the map.'],
  zoomIn: ['Tuvināt', 'Zoom in'],
  zoomOut: ['Attālināt', 'Zoom out'],
  sidebarLabel: ['Kartes iestatījumi', 'Map settings'],
  resultsLabel: ['Rezultāti', 'Results'],
  choropleth: ['Karte pēc rādītāja', 'Map by figure'],
  figure: ['Rādītājs', 'Figure'],
  facilityLayer: ['Objektu slānis (sasniedzamība un tuvākie)', 'Facility layer (reach and nearest)'],
  reachZone: ['{radius} km zona ap objektiem', 'Zone within {radius} km of a facility'],
  reachZoneToggle: ['Rādīt sasniedzamības zonu', 'Show the reach zone'],
  reachZoneAreas: ['(teritorijas objektiem: pašas teritorijas izceltas, bez bufera)', '(area facilities: the areas themselves highlighted, not buffered)'],
  layers: ['Slāņi', 'Layers'],
  basemap: ['Tiešsaistes pamatkarte (OpenStreetMap)', 'Online basemap (OpenStreetMap)'],
  basemapUnreachable: ['Tiešsaistes pamatkarte nav pieejama; karte darbojas bez tās.', 'The online basemap cannot be reached; the map works without it.'],
  downloads: ['Lejupielādes', 'Downloads'],
  downloadsOnScreen: ['Tas, kas redzams kartē', 'What the map shows'],
  downloadsAll: ['Visi slāņi (GeoJSON)', 'All layers (GeoJSON)'],
  clickedPlace: ['Izvēlētā vieta', 'Selected place'],
  nearest: ['Tuvākie objekti', 'Nearest facilities'],
  clickHint: ['Noklikšķiniet kartē vai meklējiet pašvaldību, lai uzzinātu, ko tā saņem, attālumu līdz robežai un tuvākos objektus.', 'Click on the map or search for a municipality to see what it gets, its distance to the border and the nearest facilities.'],
  groupBase: ['Pamatslāņi', 'Base layers'],
  groupMeasures: ['Plāna pasākumi', 'Plan measures'],
  groupPoints: ['Pasākumi vietās', 'Measures at places'],
  groupUnits: ['Pasākumi pašvaldībās', 'Measures in municipalities'],
  groupPlanWide: ['Visā plāna teritorijā', 'Across the whole plan territory'],
  planWideEntry: ['Pasākumi visā plāna teritorijā ({n})', 'Measures across the plan territory ({n})'],
  planWideNote: ['Viena kontūra: katrs no šiem pasākumiem attiecas uz visu plāna teritoriju; saraksts ir pašvaldības panelī.', 'One outline: each of these measures applies to the whole plan territory; the list is in the municipality panel.'],
  figPopulationShare: ['Iedzīvotāju daļa {radius} km no objekta ({layer})', 'Share of population within {radius} km of a facility ({layer})'],
  figFundingPerInhabitant: ['Finansējums uz iedzīvotāju, EUR', 'Funding per inhabitant, EUR'],
  figMeasuresTotal: ['Pašvaldībai piesaistīto pasākumu skaits', 'Measures tied to the municipality'],
  figLocationsTotal: ['Vietu skaits pašvaldībā', 'Locations in the municipality'],
  noData: ['nav zināms', 'not known'],
  notApplicable: ['neattiecas (ārpus plāna teritorijas)', 'not applicable (outside the plan territory)'],
  outsideLatvia: ['Ārpus Latvijas', 'Outside Latvia'],
  outsideLatviaNote: ['Šī vieta ir ārpus Latvijas; parādīts tikai attālums līdz robežai.', 'This place is outside Latvia; only the distance to the border is shown.'],
  inPlanTerritory: ['Rīcības plāna teritorijā', 'In the action plan territory'],
  notInPlanTerritory: ['Ārpus rīcības plāna teritorijas', 'Outside the action plan territory'],
  distanceTo: ['Attālums līdz robežai ar {n}', 'Distance to the border with {n}'],
  currentUnit: ['pašreizējā pašvaldība: {name}', 'current municipality: {name}'],
  loading: ['Ielādē…', 'Loading…'],
  loaded: ['Slāņi ielādēti: {n}.', 'Layers loaded: {n}.'],
  loadFailed: ['Neizdevās ielādēt: {what}', 'Could not load: {what}'],
  queryFailed: ['Vaicājums neizdevās: {what}', 'Query failed: {what}'],
  queryDone: ['{name}: rezultāti atjaunināti.', '{name}: results updated.'],
  planTerritoryLegend: ['rīcības plāna teritorija', 'action plan territory'],
  borderLegend: ['robeža ar Krieviju un Baltkrieviju', 'border with Russia and Belarus'],
  neighboursLegend: ['kaimiņvalstis', 'neighbouring countries'],
  seaLegend: ['jūra', 'sea'],
  downloadLayer: ['{title} (GeoJSON)', '{title} (GeoJSON)'],
  downloadCoverageCsv: ['Rādītāju tabula pa pašvaldībām (CSV, kā kartē)', 'Figures per municipality (CSV, as on the map)'],
  downloadTotalsCsv: ['Kopsummas: Latvija, plāna teritorija, pārējā Latvija (CSV)', 'Totals: Latvia, plan territory, rest of Latvia (CSV)'],
  downloadVisible: ['Redzamie slāņi (GeoJSON)', 'Visible layers (GeoJSON)'],
  downloadGpkg: ['Visi slāņi (GeoPackage)', 'All layers (GeoPackage)'],
  gpkgUnavailable: ['GeoPackage šajā serverī nav pieejams (tas būvēts bez GDAL); izmantojiet GeoJSON vai CSV.', 'GeoPackage is not available on this server (built without GDAL); use GeoJSON or CSV.'],
  csvNote: ['CSV ir UTF-8 ar BOM (atveras izklājlapās); kopsummas ir atsevišķā failā.', 'The CSV is UTF-8 with a BOM (opens in spreadsheets); totals are in a separate file.'],
  unitsInArea: ['šajā vienībā: {n}', 'in this unit: {n}'],
  beyond: ['Apdzīvotās vietas tālāk par {radius} km', 'Settlements beyond {radius} km'],
  byKind: ['Pasākumi pēc veida', 'Measures by kind'],
  precisionExact: ['precīza vieta', 'exact site'],
  precisionSettlement: ['apdzīvotās vietas centrs', 'settlement centre'],
  precisionUnit: ['pašvaldība vai reģions', 'municipality or region'],
  RU: ['Krieviju', 'Russia'],
  BY: ['Baltkrieviju', 'Belarus'],
  LT: ['Lietuvu', 'Lithuania'],
  EE: ['Igauniju', 'Estonia'],
  yes: ['jā', 'yes'],
  no: ['nē', 'no'],
  // Search and the unit list
  unitSearch: ['Meklēt pašvaldību (nosaukums vai kods)', 'Find a municipality (name or code)'],
  unitSearchPlaceholder: ['piem., Ludza, LV-058', 'e.g. Ludza, LV-058'],
  unitSearchNone: ['Nekas netika atrasts.', 'Nothing found.'],
  unitSearchCount: ['Atrastas pašvaldības: {n}', 'Municipalities found: {n}'],
  unitList: ['Pašvaldības', 'Municipalities'],
  colName: ['Nosaukums', 'Name'],
  colCode: ['Kods', 'Code'],
  colFigure: ['Rādītājs', 'Figure'],
  sortBy: ['Kārtot pēc: {col}', 'Sort by: {col}'],
  vintage2021: ['2021–2025', '2021–2025'],
  vintageCurrent: ['kopš 2025', 'since 2025'],
  // Unit panel
  unitSummary: ['Ko saņem pašvaldība', 'What the municipality gets'],
  unitMeasures: ['Pasākumi ar vietu šajā pašvaldībā ({n})', 'Measures placed in this municipality ({n})'],
  unitMeasuresNone: ['Neviens pasākums nav piesaistīts tieši šai pašvaldībai.', 'No measure is tied to this municipality itself.'],
  planWideMeasures: ['Visā plāna teritorijā, tātad arī šeit ({n})', 'Across the whole plan territory, so here too ({n})'],
  planWideNotHere: ['Pašvaldība nav plāna teritorijā: plāna pasākumi uz to neattiecas.', 'The municipality is outside the plan territory: the plan\'s measures do not apply to it.'],
  funding: ['Finansējums', 'Funding'],
  fundingKnown: ['Pašvaldībai piesaistīts: {eur}', 'Attributed to the municipality: {eur}'],
  fundingUnknown: ['Pašvaldības daļa nav zināma.', 'The municipality\'s share is not known.'],
  fundingReasonPools: ['Plāns norāda summas pa finansējuma avotiem, nevis pa pasākumiem vai pašvaldībām.', 'The plan gives amounts per funding pool, not per measure or municipality.'],
  fundingReasonServer: ['Iemesls (no datiem):', 'Reason (from the data):'],
  fundingPlanTotal: ['Viss plāns: {total}, no tā vietai nepiesaistīti {unattributed} (finansēti {funded}, nefinansēti {unfunded}).', 'The whole plan: {total}, of which not tied to a place {unattributed} (funded {funded}, unfunded {unfunded}).'],
  reach: ['Sasniedzamība: {radius} km no objekta ({layer})', 'Reach: within {radius} km of a facility ({layer})'],
  reachPopulation: ['Iedzīvotāji zonā', 'Population within reach'],
  reachModelNote: ['Iedzīvotāju modelis: apdzīvotās vietas un lauku iedzīvotāji režģī (100 % pašvaldības).', 'Population model: settlements plus the rural remainder on a grid (100 % of the unit).'],
  reachSettlementNote: ['Tikai apdzīvotās vietas ar 500+ iedzīvotājiem.', 'Settlements of 500+ inhabitants only.'],
  featureHere: ['Objekts šajā vietā', 'Feature at this place'],
  close: ['Aizvērt', 'Close'],
  measureCount: ['{n} vietas', '{n} places'],
  // Coverage table rows
  c_population: ['Iedzīvotāji', 'Population'],
  c_area_km2: ['Platība, km²', 'Area, km²'],
  c_eastern_border_area: ['Austrumu pierobeža', 'Eastern border area'],
  c_measures_total: ['Pasākumi, piesaistīti pašvaldībai', 'Measures tied to the unit'],
  c_measures_security: ['Drošība', 'Security'],
  c_measures_economy: ['Ekonomika', 'Economy'],
  c_measures_human_resources: ['Cilvēkresursi', 'Human resources'],
  c_locations_total: ['Vietas', 'Locations'],
  c_funding_attributed_eur: ['Piesaistītais finansējums, EUR', 'Funding attributed, EUR'],
  c_funding_per_inhabitant_eur: ['Finansējums uz iedzīvotāju, EUR', 'Funding per inhabitant, EUR'],
  c_area_share: ['Platības daļa {radius} km zonā', 'Area share within {radius} km'],
  c_population_share: ['Iedzīvotāju daļa {radius} km zonā', 'Population share within {radius} km'],
  c_population_total: ['Modelētie iedzīvotāji', 'Modelled population'],
  c_population_covered: ['… no tiem {radius} km zonā', '… of which within {radius} km'],
  c_rural_population: ['Lauku iedzīvotāji (ārpus apdzīvotām vietām)', 'Rural population (outside settlements)'],
  c_rural_population_covered: ['… no tiem {radius} km zonā', '… of which within {radius} km'],
  c_settlement_population: ['Apdzīvoto vietu iedzīvotāji', 'Population of settlements'],
  c_settlement_population_covered: ['… no tiem {radius} km zonā', '… of which within {radius} km'],
  c_settlements_beyond: ['Apdzīvotās vietas ārpus zonas', 'Settlements beyond the radius'],
  // Feature fields
  f_measure_id: ['Pasākums', 'Measure'],
  f_location_id: ['Vietas identifikators', 'Location id'],
  f_kind: ['Veids', 'Kind'],
  f_direction: ['Virziens', 'Direction'],
  f_institution: ['Atbildīgā iestāde', 'Institution'],
  f_status: ['Statuss', 'Status'],
  f_funding_pool: ['Finansējums', 'Funding'],
  f_funding_kind: ['Finansējuma veids', 'Kind of funding'],
  f_amount_eur: ['Summa, EUR', 'Amount, EUR'],
  f_indicators: ['Rādītāji', 'Indicators'],
  f_place_name: ['Vieta', 'Place'],
  f_precision: ['Precizitāte', 'Precision'],
  f_provenance: ['Izcelsme', 'Provenance'],
  f_municipalities: ['Pašvaldības', 'Municipalities'],
  f_sites_not_public: ['Vietas nav publiskas', 'Sites not public'],
  f_source: ['Avots', 'Source'],
  f_note: ['Piezīme', 'Note'],
  f_distance_m: ['Attālums', 'Distance'],
  f_name: ['Nosaukums', 'Name'],
  f_population: ['Iedzīvotāji', 'Population'],
  f_neighbour: ['Kaimiņvalsts', 'Neighbour'],
  f_code: ['Kods', 'Code'],
  f_geonames_id: ['GeoNames id', 'GeoNames id'],
  f_municipality: ['Pašvaldība', 'Municipality'],
  f_feature_class: ['Klase', 'Class'],
  f_kind_of_crossing: ['Šķērsošanas veids', 'Kind of crossing'],
  f_geonameid: ['GeoNames id', 'GeoNames id'],
  f_municipality_2021: ['Pašvaldība (2021)', 'Municipality (2021)'],
  f_municipality_current: ['Pašvaldība (kopš 2025)', 'Municipality (since 2025)'],
  f_assigned_by: ['Piesaistīts pēc', 'Assigned by'],
  f_length_m: ['Garums', 'Length'],
  f_counterpart: ['Otrā puse', 'Counterpart'],
  f_country: ['Valsts', 'Country'],
  f_mode: ['Veids', 'Mode'],
  f_status_detail: ['Statusa detaļas', 'Status detail'],
  f_status_date: ['Statusa datums', 'Status date'],
  f_point_basis: ['Punkta pamatojums', 'Basis of the point'],
  f_notes: ['Piezīmes', 'Notes'],
  f_area_km2: ['Platība, km²', 'Area, km²'],
  assigned_point_in_polygon: ['atrašanās pašvaldības robežās', 'point in polygon'],
  mode_road: ['autoceļš', 'road'],
  mode_rail: ['dzelzceļš', 'rail'],
  mode_pedestrian: ['gājēji', 'pedestrians'],
  mode_river: ['upe', 'river'],
  cstatus_open: ['atvērta', 'open'],
  cstatus_closed: ['slēgta', 'closed'],
  cstatus_suspended: ['darbība apturēta', 'suspended'],
  country_RU: ['Krievija', 'Russia'],
  country_BY: ['Baltkrievija', 'Belarus'],
  country_LT: ['Lietuva', 'Lithuania'],
  country_EE: ['Igaunija', 'Estonia'],
  // Data values
  dir_security: ['Drošība', 'Security'],
  dir_economy: ['Ekonomika', 'Economy'],
  dir_human_resources: ['Cilvēkresursi', 'Human resources'],
  status_approved: ['apstiprināts', 'approved'],
  status_candidate: ['kandidāts', 'candidate'],
  status_planned: ['plānots', 'planned'],
  status_proposed: ['ierosināts', 'proposed'],
  status_in_progress: ['tiek īstenots', 'in progress'],
  status_completed: ['pabeigts', 'completed'],
  status_unfunded: ['bez finansējuma', 'unfunded'],
  pool_funded: ['finansēts', 'funded'],
  pool_unfunded: ['nefinansēts (priekšlikums)', 'unfunded (proposal)'],
  fkind_state_budget: ['valsts budžets', 'state budget'],
  fkind_eu_funds: ['ES fondi', 'EU funds'],
  fkind_mixed: ['jaukts (valsts un ES vai citi)', 'mixed (state and EU or other)'],
  fkind_private: ['privāts', 'private'],
  fkind_unfunded_proposal: ['priekšlikums bez finansējuma', 'proposal without funding'],
  precision_exact: ['precīza vieta', 'exact site'],
  precision_settlement: ['apdzīvotās vietas centrs', 'settlement centre'],
  precision_municipality: ['pašvaldība', 'municipality'],
  precision_region: ['plāna teritorija vai reģions', 'plan territory or region'],
  neighbour_RU: ['Krievija', 'Russia'],
  neighbour_BY: ['Baltkrievija', 'Belarus'],
  neighbour_LT: ['Lietuva', 'Lithuania'],
  neighbour_EE: ['Igaunija', 'Estonia'],
  layerSuffix_points: ['punkti', 'points'],
  layerSuffix_lines: ['līnijas', 'lines'],
  layerSuffix_areas: ['teritorijas', 'areas'],
  attribution: [
    'pierobeza · robežas: Natural Earth, kontūra un kaimiņvalstis © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> līdzautori (ODbL) · apdzīvotās vietas: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · plāns: MK rīk. Nr. 32 (2025)',
    'pierobeza · boundaries: Natural Earth, outline and neighbours © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL) · settlements: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · plan: Cabinet order No. 32 (2025)',
  ],
};

// The log-in control and the editing panel (login.js, edit.js).
const EDIT = {
  editing: ['Rediģēšana', 'Editing'],
  tokenLabel: ['Redaktora piekļuves atslēga', 'Editor token'],
  tokenNote: ['Atslēga paliek tikai šajā cilnē un tiek aizmirsta, to aizverot vai atslēdzoties.', 'The token stays in this tab only and is forgotten when the tab closes or you log out.'],
  logIn: ['Pieslēgties', 'Log in'],
  logOut: ['Atslēgties', 'Log out'],
  loggingIn: ['Pārbauda atslēgu…', 'Checking the token…'],
  loggedInAs: ['Pieslēdzies ({role}):', 'Logged in ({role}):'],
  loggedOut: ['Atslēdzies; atslēga aizmirsta.', 'Logged out; the token is forgotten.'],
  tokenRefused: ['Serveris šo atslēgu nepazīst vai tā ir atsaukta.', 'The server does not know this token, or it was revoked.'],
  loginFailed: ['Pieslēgties neizdevās (HTTP {status}).', 'Logging in failed (HTTP {status}).'],
  readOnlyRole: ['Šī loma var skatīt slēptās vietas, bet ne labot.', 'This role may see restricted sites but not edit.'],
  role_analyst: ['analītiķis', 'analyst'],
  role_editor: ['redaktors', 'editor'],
  role_admin: ['administrators', 'administrator'],
  editHeading: ['Labot kartē', 'Edit on the map'],
  editDrawGroup: ['Zīmēt jaunu', 'Draw new'],
  drawPoint: ['Jauns punkts', 'New point'],
  drawLine: ['Jauna līnija (ceļa posms)', 'New line (road section)'],
  drawArea: ['Jauna teritorija', 'New area'],
  drawFinish: ['Pabeigt zīmēšanu', 'Finish drawing'],
  editHint: ['Noklikšķiniet uz pasākuma vietas kartē, lai to labotu, vai zīmējiet jaunu.', 'Click a measure location on the map to edit it, or draw a new one.'],
  editPicked: ['Izvēlēta: {name} ({layer})', 'Chosen: {name} ({layer})'],
  editStart: ['Labot šo vietu', 'Edit this location'],
  editMeasure: ['Pasākums', 'Measure'],
  editChooseMeasure: ['— izvēlieties pasākumu —', '— choose a measure —'],
  editCandidate: ['kandidātvieta (vēl nav izvēlēta)', 'candidate place (not chosen yet)'],
  editLayer: ['Slānis: {layer}', 'Layer: {layer}'],
  editCoords: ['Koordinātas (WGS 84, grādi)', 'Coordinates (WGS 84, degrees)'],
  editLon: ['Garums', 'Longitude'],
  editLat: ['Platums', 'Latitude'],
  editProvenance: ['Avots (precīzai vietai — saite)', 'Source (for an exact site, a link)'],
  editPlace: ['Vietas nosaukums', 'Place name'],
  editNote: ['Piezīme', 'Note'],
  editSave: ['Saglabāt', 'Save'],
  editCancel: ['Atcelt', 'Cancel'],
  editDelete: ['Dzēst', 'Delete'],
  editConfirmDelete: ['Dzēst vietu “{name}”? Tās vēsture paliek.', 'Delete the location “{name}”? Its history stays.'],
  editEditing: ['Labo: {name}', 'Editing: {name}'],
  editNew_points: ['Jauns punkts', 'New point'],
  editNew_lines: ['Jauna līnija', 'New line'],
  editNew_areas: ['Jauna teritorija', 'New area'],
  editDragMarker: ['Velciet, lai pārvietotu', 'Drag to move'],
  editHandle: ['Formas punkts: velciet, lai pārvietotu', 'Point of the shape: drag to move'],
  editHandleMiddle: ['Velciet, lai pievienotu punktu', 'Drag to add a point'],
  editDrawHint_points: ['Noklikšķiniet kartē, kur atrodas vieta.', 'Click on the map where the site is.'],
  editDrawHint_lines: ['Noklikšķiniet kartē līnijas punktus; pabeidziet, noklikšķinot uz pēdējā vēlreiz vai ar pogu.', 'Click the points of the line on the map; finish by clicking the last one again, or with the button.'],
  editDrawHint_areas: ['Noklikšķiniet kartē teritorijas stūrus; pabeidziet, noklikšķinot uz pirmā.', 'Click the corners of the area on the map; finish by clicking the first one.'],
  editFillIn: ['Izvēlieties pasākumu, precizitāti un avotu, tad saglabājiet.', 'Choose the measure, precision and source, then save.'],
  editReading: ['Nolasa vietu…', 'Reading the location…'],
  editMoveHint_points: ['Velciet marķieri vai ierakstiet koordinātas, tad saglabājiet.', 'Drag the marker or type the coordinates, then save.'],
  editMoveHint_lines: ['Velciet līnijas punktus, tad saglabājiet.', 'Drag the points of the line, then save.'],
  editMoveHint_areas: ['Velciet teritorijas stūrus, tad saglabājiet.', 'Drag the corners of the area, then save.'],
  editAreaHint: ['Šī vieta ir pašvaldība vai reģions: maināmas tikai tās ziņas.', 'This location is a municipality or the region: only its details can change.'],
  editSaving: ['Saglabā…', 'Saving…'],
  editReloading: ['Saglabāts; atjauno slāņus un rādītājus…', 'Saved; reloading the layers and figures…'],
  editSaved: ['Saglabāts. Slāņi un rādītāji atjaunoti.', 'Saved. Layers and figures reloaded.'],
  editDeleted: ['Dzēsts. Slāņi un rādītāji atjaunoti.', 'Deleted. Layers and figures reloaded.'],
  editCancelled: ['Atcelts; nekas nav mainīts.', 'Cancelled; nothing changed.'],
  editInvalid: ['Serveris to nepieņēma (lauks {field}):', 'The server refused it (field {field}):'],
  editUnauthorized: ['Atslēga vairs nedarbojas; pieslēdzieties vēlreiz:', 'The token no longer works; log in again:'],
  editForbidden: ['Šai atslēgai nav tiesību labot:', 'This token may not edit:'],
  editGone: ['Vietas vairs nav:', 'The location is gone:'],
  editConflict: ['Konflikts ar saglabāto:', 'Conflicts with what is stored:'],
  editStale: ['Kāds to ir mainījis kopš atvēršanas; atceliet un atveriet vēlreiz:', 'Someone changed it since you opened it; cancel and open it again:'],
  editFailed: ['Saglabāt neizdevās (HTTP {status}):', 'Saving failed (HTTP {status}):'],
  tipPlaceMarker: ['Noklikšķiniet, lai novietotu punktu', 'Click to place the point'],
  tipFirstVertex: ['Noklikšķiniet pirmo punktu', 'Click the first point'],
  tipContinueLine: ['Noklikšķiniet nākamo punktu', 'Click the next point'],
  tipFinishLine: ['Noklikšķiniet uz pēdējā punkta, lai pabeigtu', 'Click the last point to finish'],
  tipFinishPoly: ['Noklikšķiniet uz pirmā punkta, lai pabeigtu', 'Click the first point to finish'],
  c_line_km: ['Līnijas (piem., ceļu posmi), km', 'Lines (e.g. road sections), km'],
};

// The progress view (progress.js, dateslider.js, indicator-chart.js).
const PROGRESS = {
  progress: ['Plāna izpilde', 'Plan progress'],
  progressShow: ['Rādīt izpildi kartē', 'Show progress on the map'],
  progressIntro: ['Pasākumu vietas krāsotas pēc pasākuma stadijas izvēlētajā datumā, pašvaldības — pēc izvēlētā rādītāja tajā pašā datumā.', 'Measure locations are coloured by their measure\'s stage on the chosen date, municipalities by the chosen figure on that date.'],
  progressDate: ['Stāvoklis datumā', 'As of the date'],
  progressDateHint: ['No plāna apstiprināšanas ({start}) līdz šodienai. Bultiņas: diena; Page Up / Page Down: mēnesis; Home / End: sākums / šodiena.', 'From the plan\'s approval ({start}) to today. Arrow keys: a day; Page Up / Page Down: a month; Home / End: the start / today.'],
  progressUnitsBy: ['Pašvaldības krāsot pēc', 'Colour municipalities by'],
  progFigAllocation: ['Piešķirtais finansējums uz iedzīvotāju, EUR', 'Money allocated per inhabitant, EUR'],
  progFigOnTrack: ['Rādītāju daļa, kas atbilst plānam', 'Share of indicators on track'],
  progressStageLegend: ['Pasākuma stadija (vietas kartē)', 'Stage of the measure (locations on the map)'],
  progressKindNote: ['Šajā skatā pasākumu vietas krāsotas pēc stadijas, nevis pēc veida.', 'In this view measure locations are coloured by stage, not by kind.'],
  progressLoading: ['Ielādē stāvokli datumā {date}…', 'Loading the state on {date}…'],
  progressRedrawn: ['Karte pārzīmēta: stāvoklis {date}.', 'Map redrawn: the state on {date}.'],
  progressFailed: ['Stāvokli neizdevās ielādēt:', 'Could not load the state:'],
  progressAsOf: ['Stāvoklis: {date}', 'As of {date}'],
  progressStageCounts: ['Pasākumi pēc stadijas', 'Measures by stage'],
  progressMeasures: ['Visi pasākumi un to stadijas ({n})', 'Every measure and its stage ({n})'],
  progressSince: ['kopš {date}', 'since {date}'],
  progressIndicator: ['Rādītājs (mērķis pret sasniegto)', 'Indicator (target against achieved)'],
  progressNoTargetOption: ['bez skaitliska mērķa', 'no numeric target'],
  progressTarget: ['Mērķis: {target} līdz {date}', 'Target: {target} by {date}'],
  progressLatest: ['Pēdējā vērtība: {value} ({date})', 'Latest value: {value} ({date})'],
  progressExpected: ['pēc mērķa ceļa tajā datumā: {value}', 'the target path on that date: {value}'],
  progressNotReported: ['Līdz {date} nav ziņota neviena vērtība.', 'No value reported by {date}.'],
  progressChartLabel: ['Grafiks: mērķa ceļš un sasniegtās vērtības', 'Chart: the target path and the achieved values'],
  progressChartData: ['Grafika dati tabulā', 'The chart\'s data as a table'],
  chartPath: ['Mērķa ceļš (no 0 apstiprināšanas dienā līdz mērķim)', 'Target path (from 0 at approval to the target)'],
  chartAchieved: ['Sasniegts', 'Achieved'],
  chartDate: ['Izvēlētais datums', 'Chosen date'],
  colDate: ['Datums', 'Date'],
  colPath: ['Mērķa ceļš', 'Target path'],
  colAchieved: ['Sasniegts', 'Achieved'],
  colSource: ['Avots', 'Source'],
  progressDownloads: ['Šī datuma tabulas (CSV)', 'Tables of this date (CSV)'],
  progressCsv_units: ['Pašvaldības', 'Municipalities'],
  progressCsv_measures: ['Pasākumi', 'Measures'],
  progressCsv_indicators: ['Rādītāji', 'Indicators'],
  progressAllocated: ['Piešķirts: {total}, uz iedzīvotāju {per}', 'Allocated: {total}, per inhabitant {per}'],
  progressAllocatedUnknown: ['Piešķirtais finansējums: nav zināms', 'Money allocated: not known'],
  progressOnTrack: ['Rādītāji atbilst plānam: {on} no {n} (atpaliek {late}, nav ziņoti {none})', 'Indicators on track: {on} of {n} (late {late}, not reported {none})'],
  progressNoIndicators: ['Šīs pašvaldības pasākumiem nav rādītāju ar mērķi.', 'The measures here have no indicator with a target.'],
  progressMeasuresHere: ['Pasākumi šeit pēc stadijas: {list}', 'Measures here by stage: {list}'],
  reason_no_allocation: ['līdz šim datumam šajā pašvaldībā nav reģistrēts neviens piešķīrums kādam pasākumam', 'no allocation to a measure in this unit is recorded by this date'],
  reasonNoPopulation: ['nav zināms iedzīvotāju skaits', 'the population is not known'],
  stage_approved: ['apstiprināts', 'approved'],
  stage_preparation: ['sagatavošanā', 'in preparation'],
  stage_procurement: ['iepirkumā', 'in procurement'],
  stage_under_way: ['tiek īstenots', 'under way'],
  stage_completed: ['pabeigts', 'completed'],
  stage_suspended: ['apturēts', 'suspended'],
  verdict_on_track: ['atbilst plānam', 'on track'],
  verdict_late: ['atpaliek no plāna', 'behind the path'],
  verdict_not_reported: ['nav ziņots', 'not reported'],
  verdict_no_target: ['nav skaitliska mērķa', 'no numeric target'],
};

function catalogue() {
  const lv = {};
  const en = {};
  for (const [k, [a, b]] of Object.entries({ ...BOTH, ...EDIT, ...PROGRESS })) { lv[k] = a; en[k] = b; }
  for (const [k, [a, b]] of Object.entries(KINDS)) { lv[`kind_${k}`] = a; en[`kind_${k}`] = b; }
  for (const [k, [a, b]] of Object.entries(COLLECTIONS)) { lv[`coll_${k}`] = a; en[`coll_${k}`] = b; }
  return { lv, en };
}

/** Every string by language: `{lv: {key: text}, en: {...}}` (the tests read it too). */
export const STRINGS = catalogue();

let current = 'lv';
const listeners = [];

/** The language in force, `lv` or `en`. */
export function lang() {
  return current;
}

/** Calls `fn` after every language switch. */
export function onLang(fn) {
  listeners.push(fn);
}

/** Switches the language and relabels every element marked with data-i18n(-attr). */
export function setLang(l) {
  current = STRINGS[l] ? l : 'lv';
  document.documentElement.lang = current;
  document.body.dataset.lang = current;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // data-i18n-attr="aria-label:key;placeholder:key2"
  for (const el of document.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  document.title = `Pierobeža — ${t('title')}`;
  for (const fn of listeners) fn(current);
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

/**
 * A value from the data in the page language: `tv('kind', 'broadband')`. Returns
 * `{text, known}`; an unknown value comes back as itself with known=false, and callers mark it
 * so the tests can see an untranslated value.
 */
export function tv(prefix, value) {
  const key = `${prefix}_${value}`;
  if (has(key)) return { text: t(key), known: true };
  return { text: String(value ?? ''), known: false };
}

/** The title of a collection in the page language, from the catalogue. */
export function collectionLabel(c) {
  if (!c) return '';
  if (has(`coll_${c.id}`)) return t(`coll_${c.id}`);
  const m = c.id.match(/^(.*)_(points|lines|areas)$/);
  if (m && has(`kind_${m[1]}`)) return `${t(`kind_${m[1]}`)} (${t(`layerSuffix_${m[2]}`)})`;
  return (current === 'lv' ? c.title_lv : c.title_en) ?? c.title ?? c.id;
}

/** Numbers in the language's convention (decimal comma in Latvian); never "-0". */
export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  let x = Number(n);
  if (Object.is(x, -0) || Math.abs(x) < 0.5 * 10 ** -digits) x = 0;
  return new Intl.NumberFormat(current === 'lv' ? 'lv-LV' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(x);
}

/** Euros: "632,8 milj. EUR" / "€632.8 M" for large amounts. */
export function eur(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (Math.abs(n) >= 1e6) return current === 'lv' ? `${fmt(n / 1e6, 1)} milj. EUR` : `€${fmt(n / 1e6, 1)} M`;
  return current === 'lv' ? `${fmt(n)} EUR` : `€${fmt(n)}`;
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
