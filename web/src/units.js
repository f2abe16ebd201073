// Finding a unit: a search box (name or code, 2021 and current units, diacritics-insensitive)
// and a sortable list of every 2021 unit with the mapped figure. Both are plain buttons, so
// they work from the keyboard and with a screen reader.

import { t, fmt } from './i18n.js';
import { escapeText, fold, unitName } from './util.js';

const $ = (sel) => document.querySelector(sel);

/**
 * `units()` → [{code, name_lv, name_en, vintage:'2021'|'current'}], `figure()` → {label(),
 * value(code) → number|null, format(v), applies(code)}, `onPick(code)`.
 */
export function createUnitFinder({ units, figure, onPick }) {
  let sort = { key: 'name', dir: 1 };
  let selected = null;

  function matches(q) {
    const fq = fold(q);
    if (!fq) return [];
    const hits = units().filter((u) => [u.code, u.name_lv, u.name_en].some((s) => fold(s).includes(fq)));
    // One entry per code and vintage; names starting with the query first.
    const starts = (u) => (fold(u.name_lv).startsWith(fq) || fold(u.code).startsWith(fq) ? 0 : 1);
    return hits.sort((a, b) => starts(a) - starts(b) || a.name_lv.localeCompare(b.name_lv, 'lv')).slice(0, 12);
  }

  function renderResults() {
    const q = $('#unit-search').value;
    const list = $('#unit-search-results');
    const hits = matches(q);
    list.hidden = !q.trim();
    $('#unit-search-count').textContent = q.trim() ? (hits.length ? t('unitSearchCount', { n: hits.length }) : t('unitSearchNone')) : '';
    list.innerHTML = hits.length
      ? hits.map((u) => `<li><button type="button" class="unit-hit" data-code="${escapeText(u.code)}" data-vintage="${u.vintage}"><span translate="no">${escapeText(unitName(u))}</span> <span class="vintage">${escapeText(u.code)} · ${escapeText(t(u.vintage === '2021' ? 'vintage2021' : 'vintageCurrent'))}</span></button></li>`).join('')
      : (q.trim() ? `<li class="muted">${escapeText(t('unitSearchNone'))}</li>` : '');
  }

  function renderList() {
    const fig = figure();
    const cols = [['name', t('colName')], ['code', t('colCode')], ['value', fig ? fig.label() : t('colFigure')]];
    $('#unit-list thead').innerHTML = `<tr>${cols.map(([k, label]) => {
      const aria = sort.key === k ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
      return `<th scope="col" aria-sort="${aria}"><button type="button" data-sort="${k}" aria-label="${escapeText(t('sortBy', { col: label }))}">${escapeText(k === 'value' ? t('colFigure') : label)}${sort.key === k ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}</button></th>`;
    }).join('')}</tr>`;
    const rows = units().filter((u) => u.vintage === '2021').map((u) => ({ ...u, value: fig?.value(u.code) ?? null, applies: fig ? fig.applies(u.code) : true }));
    const val = (r) => (r.applies && typeof r.value === 'number' ? r.value : -Infinity);
    rows.sort((a, b) => {
      if (sort.key === 'value') return (val(a) - val(b)) * sort.dir || a.name_lv.localeCompare(b.name_lv, 'lv');
      if (sort.key === 'code') return a.code.localeCompare(b.code) * sort.dir;
      return a.name_lv.localeCompare(b.name_lv, 'lv') * sort.dir;
    });
    $('#unit-list tbody').innerHTML = rows.map((r) => {
      const shown = !r.applies ? t('notApplicable').split(' (')[0] : (typeof r.value === 'number' ? fig.format(r.value) : t('noData'));
      return `<tr data-code="${escapeText(r.code)}"${r.code === selected ? ' aria-current="true"' : ''}><td><button type="button" class="unit-pick" data-code="${escapeText(r.code)}" translate="no">${escapeText(r.name_lv)}</button></td><td translate="no">${escapeText(r.code)}</td><td class="num" data-value="${r.applies && typeof r.value === 'number' ? r.value : ''}">${escapeText(shown)}</td></tr>`;
    }).join('');
  }

  $('#unit-search').addEventListener('input', renderResults);
  $('#unit-search').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      const first = $('#unit-search-results button');
      if (first) {
        ev.preventDefault();
        first.click();
      }
    } else if (ev.key === 'ArrowDown') {
      const first = $('#unit-search-results button');
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  });
  $('#unit-search-results').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-code]');
    if (b) onPick(b.dataset.code);
  });
  $('#unit-list').addEventListener('click', (ev) => {
    const s = ev.target.closest('button[data-sort]');
    if (s) {
      sort = { key: s.dataset.sort, dir: sort.key === s.dataset.sort ? -sort.dir : (s.dataset.sort === 'value' ? -1 : 1) };
      renderList();
      $(`#unit-list button[data-sort="${s.dataset.sort}"]`)?.focus();
      return;
    }
    const b = ev.target.closest('button.unit-pick');
    if (b) onPick(b.dataset.code);
  });

  return {
    render() {
      renderResults();
      renderList();
    },
    setSelected(code) {
      selected = code;
      for (const tr of document.querySelectorAll('#unit-list tbody tr')) {
        if (tr.dataset.code === code) tr.setAttribute('aria-current', 'true');
        else tr.removeAttribute('aria-current');
      }
    },
    fmt,
  };
}
