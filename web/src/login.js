// The log-in control: a token field (a password field, not remembered by the browser) and a
// log-in / log-out button. The token goes to auth.js, which checks it with the server; the
// field is emptied at once either way, so the token is never left in the page.

import * as auth from './auth.js';
import { t } from './i18n.js';
import { escapeText } from './util.js';

const $ = (sel) => document.querySelector(sel);

/** Wires the control; `onChange(holder|null)` runs after every log-in and log-out. */
export function createLogin({ onChange }) {
  function say(text, state) {
    $('#auth-message').textContent = text;
    $('#auth-message').dataset.state = state;
  }

  function render() {
    const h = auth.who();
    $('#login-form').hidden = Boolean(h);
    $('#session').hidden = !h;
    document.body.dataset.auth = h ? h.role : 'none';
    $('#session-who').innerHTML = h
      ? `${escapeText(t('loggedInAs', { role: t(`role_${h.role}`) }))} <strong translate="no">${escapeText(h.name)}</strong>`
      : '';
    $('#session-note').textContent = h && !h.can_write ? t('readOnlyRole') : '';
  }

  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const field = $('#token-input');
    const secret = field.value;
    field.value = '';
    say(t('loggingIn'), 'busy');
    try {
      await auth.logIn(secret);
      say('', 'in');
      render();
      await onChange(auth.who());
    } catch (err) {
      auth.logOut();
      render();
      say(err?.status === 401 ? t('tokenRefused') : t('loginFailed', { status: err?.status ?? '?' }), 'error');
      field.focus();
    }
  });

  $('#logout-button').addEventListener('click', async () => {
    auth.logOut();
    $('#token-input').value = '';
    render();
    say(t('loggedOut'), 'out');
    await onChange(null);
  });

  return {
    /** Logs in again with the token this tab kept, if it still works. */
    async restore() {
      const h = await auth.restore();
      render();
      // Still logged in after a reload: the tools stay at hand.
      if (h) $('#edit-panel').open = true;
      return h;
    },
    relabel: render,
  };
}
