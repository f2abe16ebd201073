// The progress view's time slider: one step a day from the plan's approval (2025-01-20) to
// today, the chosen date written out beside it (and as the slider's aria-valuetext, so a
// screen reader says the date, not a day number). `onDate(iso)` is called once the slider
// rests (debounced): dragging across a year asks the service once, not 365 times.

import { lang } from './i18n.js';

/** The day the plan was approved: the first day of the slider. */
export const PLAN_START = '2025-01-20';
const DAY_MS = 86_400_000;
const MONTH_DAYS = 30;

const utc = (iso) => Date.parse(`${iso}T00:00:00Z`);

/** Today's date, YYYY-MM-DD (UTC, as the service counts days). */
export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

/** Days from the plan's approval to `iso`. */
export function dayOf(iso) {
  return Math.round((utc(iso) - utc(PLAN_START)) / DAY_MS);
}

/** The date `n` days after the plan's approval. */
export function isoOf(n) {
  return new Date(utc(PLAN_START) + n * DAY_MS).toISOString().slice(0, 10);
}

/** A date written out in the page language: "2026. gada 1. jūnijs" / "1 June 2026". */
export function formatDate(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'lv-LV', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(utc(iso)));
}

/**
 * Wires `input` (an `<input type=range>`) and `label` (where the date is written) to
 * `onDate(iso)`, called `delayMs` after the last move. Page Up / Page Down move a month.
 */
export function createDateSlider({ input, label, onDate, delayMs = 250 }) {
  let timer = null;
  const max = Math.max(0, dayOf(todayIso()));
  input.min = '0';
  input.max = String(max);
  input.step = '1';
  input.value = String(max);

  const value = () => isoOf(Number(input.value));

  function show() {
    const iso = value();
    const text = formatDate(iso);
    label.textContent = text;
    label.dataset.date = iso;
    input.setAttribute('aria-valuetext', text);
  }

  function settle() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onDate(value());
    }, delayMs);
  }

  input.addEventListener('input', () => {
    show();
    settle();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key !== 'PageUp' && ev.key !== 'PageDown') return;
    ev.preventDefault();
    const n = Number(input.value) + (ev.key === 'PageUp' ? MONTH_DAYS : -MONTH_DAYS);
    input.value = String(Math.min(max, Math.max(0, n)));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  show();

  return {
    /** The date the slider shows. */
    value,
    /** Writes the date out again (after a language switch). */
    relabel: show,
  };
}
