// Folio's keyboard layer: table shortcuts, focus after every htmx swap, announcements, fading toasts.
// Plain JavaScript, no framework, no eval (the CSP forbids it). Everything here has a visible link or
// button behind it, so the pages work the same without this file.
(() => {
  'use strict';

  document.documentElement.classList.add('js');

  const ROWS = '#customer-rows';
  const DISPLAY_ROW = 'tr.customer-row:not([data-editing])';
  const EDIT_ROW = 'tr[data-editing]';
  const CONTROLS = 'a[href], button, input, select, textarea';
  const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /** Keys of one character (letters, /, ?) can be turned off in Account settings (WCAG 2.1.4). */
  const singleKeysOff = () => document.body?.getAttribute('data-single-key-shortcuts') === 'off';
  const isTyping = (element) =>
    element instanceof Element &&
    element.matches(TYPING) &&
    !element.matches('[type=hidden], input.select-row, input.select-page');
  const visibleRows = () => $$(`${ROWS} > ${DISPLAY_ROW}`).filter((row) => !row.hidden);
  const rowName = (row) =>
    ($('.customer-name bdi', row) || $('.row-editor-title bdi', row))?.textContent?.trim() ?? '';

  // --- announcements ----------------------------------------------------------------------------

  /** Says something to screen readers through the table's own live region (toasts speak for themselves). */
  function announce(text) {
    const region = document.getElementById('customer-announcer');
    if (!region) return;
    region.textContent = '';
    // A fresh text node after a tick, so the same words twice are still read twice.
    setTimeout(() => {
      region.textContent = text;
    }, 50);
  }

  // --- rows: a roving tab stop ------------------------------------------------------------------
  // Tab enters the table once, at the active row, then walks that row's links and buttons and leaves;
  // the arrows (or j/k) move between rows. Other rows' controls are out of the Tab order, not hidden.

  function setRowControls(row, tabbable) {
    for (const control of $$(CONTROLS, row)) {
      // A row's box is ticked from the row itself (Space, x): Tab goes on to its links and buttons.
      if (tabbable && !control.matches('input.select-row')) control.removeAttribute('tabindex');
      else control.setAttribute('tabindex', '-1');
    }
  }

  function activeRow() {
    return $(`${ROWS} > ${DISPLAY_ROW}[tabindex="0"]`);
  }

  function activate(row) {
    const previous = activeRow();
    if (previous === row) return;
    if (previous) {
      previous.tabIndex = -1;
      setRowControls(previous, false);
    }
    row.tabIndex = 0;
    setRowControls(row, true);
  }

  /** Brings rows that arrived in a swap (or with the page) into the roving scheme. */
  function initRows() {
    const rows = visibleRows();
    if (rows.length === 0) return;
    const active = activeRow();
    for (const row of rows) {
      if (row === active) continue;
      row.tabIndex = -1;
      setRowControls(row, false);
    }
    if (!active || active.hidden) activate(rows[0]);
  }

  function focusRow(row) {
    if (!row) return;
    activate(row);
    row.focus();
  }

  function moveFrom(row, step) {
    const rows = visibleRows();
    if (rows.length === 0) return;
    if (!row) return focusRow(activeRow() || rows[0]);
    const index = rows.indexOf(row);
    // Past the last row is the next page (focus its first row); before the first, the previous (its last).
    if (step > 0 && index === rows.length - 1 && turnPage('next')) return;
    if (step < 0 && index === 0 && turnPage('prev')) return;
    const next = rows[Math.min(rows.length - 1, Math.max(0, index + step))];
    focusRow(next);
  }

  /** Where the focus goes when the page the keys asked for arrives: 'first' or 'last' row. */
  let pageFocus = null;

  function turnPage(direction) {
    const link = $(`#customer-pager a[data-page="${direction}"]`);
    if (!link) return false;
    pageFocus = direction === 'next' ? 'first' : 'last';
    link.click();
    return true;
  }

  /** After a row leaves (deleted, gone): the next row, else the previous, else the New button. */
  function focusAfterRemoval(placeholder) {
    let next = placeholder.nextElementSibling;
    while (next && !(next.matches(DISPLAY_ROW) && !next.hidden)) next = next.nextElementSibling;
    let previous = placeholder.previousElementSibling;
    while (previous && !(previous.matches(DISPLAY_ROW) && !previous.hidden))
      previous = previous.previousElementSibling;
    const row = next || previous;
    if (row) focusRow(row);
    else document.getElementById('new-customer')?.focus();
  }

  function focusInTrashAfter(placeholder) {
    const rows = $$('#trash-rows > tr.trash-row');
    const next =
      rows.find(
        (row) => placeholder.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING,
      ) || rows[rows.length - 1];
    ($('[data-action="restore"]', next || document) || document.getElementById('trash-q'))?.focus();
  }

  // --- actions ----------------------------------------------------------------------------------

  function openNewRow() {
    const open = document.getElementById('customer-new');
    if (open) {
      $('input:not([type=hidden])', open)?.focus();
      return true;
    }
    const button = document.getElementById('new-customer');
    if (!button) return false;
    button.click();
    return true;
  }

  function editRow(row) {
    $('[data-action="edit"]', row)?.click();
  }

  function deleteRow(row) {
    $('[data-action="delete"]', row)?.click();
  }

  function cancelEdit(row) {
    if (row.id === 'customer-new') {
      const rest = $(`${ROWS} > ${DISPLAY_ROW}`);
      row.remove();
      announce('New customer discarded.');
      if (rest) focusRow(activeRow() || rest);
      else document.getElementById('new-customer')?.focus();
      return;
    }
    const cancel = $('[data-action="cancel"]', row);
    if (cancel) {
      announce('Edit cancelled.');
      cancel.click();
    }
  }

  function undoLastDelete() {
    const form = $('#flash form[data-undo]');
    if (!form) return false;
    form.requestSubmit();
    return true;
  }

  // --- the search box: ↓ to the rows; Escape leaves it, a second Escape clears it -------------------

  const searchBox = () => document.getElementById('customer-q');

  /** Set by the Escape that left the search box; any other key forgets it. */
  let leftSearch = false;

  function leaveSearch() {
    const row = activeRow() || visibleRows()[0];
    if (row) focusRow(row);
    else document.getElementById('main')?.focus();
    leftSearch = true;
  }

  function clearSearch() {
    const box = searchBox();
    if (!box || box.value === '') return false;
    box.value = '';
    box.form?.requestSubmit();
    announce('Search cleared.');
    return true;
  }

  // --- the record page: e edits, Delete deletes (through the confirm page, which offers Restore after) --

  function recordAction(name) {
    const link = $(`[data-record-action="${name}"]`);
    if (!link) return false;
    link.click();
    return true;
  }

  function keyboardMap() {
    return document.getElementById('keyboard-map');
  }

  function toggleKeyboardMap() {
    const dialog = keyboardMap();
    if (!dialog) return false;
    if (dialog.open) dialog.close();
    else dialog.showModal();
    return true;
  }

  // --- drafts: nothing typed in an editor is lost ---------------------------------------------------
  // What is typed in a customer editor (inline or whole page) is kept in this browser's localStorage,
  // under the signed-in person's id from <body data-user> (never the session or the CSRF token), until it
  // is saved or discarded. A draft is offered back after a reload or after signing in again. It keeps the
  // form's hidden fields too (the version it started from, and any base values), so a restored draft goes
  // through the normal save: if the customer changed meanwhile, the server's conflict handling decides.
  // Sign-out clears the person's drafts; drafts older than a week are dropped.

  const DRAFT_FORM = 'form[data-draft]';
  const DRAFT_LIFETIME = 7 * 24 * 60 * 60 * 1000;
  const SESSION_ENDED = 'folio.sessionEnded';
  const RESTORE = 'folio.restore';
  const SUBMITTED = 'folio.submittedDraft';

  const signedInAs = () => document.body?.getAttribute('data-user') || null;
  const draftStore = (user) => `folio.drafts.${user}`;

  function readDrafts(user = signedInAs()) {
    if (!user) return {};
    try {
      const drafts = JSON.parse(localStorage.getItem(draftStore(user)) || '{}');
      return drafts && typeof drafts === 'object' ? drafts : {};
    } catch {
      return {};
    }
  }

  function writeDrafts(drafts, user = signedInAs()) {
    if (!user) return;
    try {
      if (Object.keys(drafts).length === 0) localStorage.removeItem(draftStore(user));
      else localStorage.setItem(draftStore(user), JSON.stringify(drafts));
    } catch {
      // Storage full or refused: the beforeunload question still guards what is on screen.
    }
  }

  function dropDraft(key) {
    const drafts = readDrafts();
    if (!(key in drafts)) return;
    delete drafts[key];
    writeDrafts(drafts);
  }

  /** Has the person typed something the server has not stored? */
  function isUnsaved(form) {
    // Refused (422) or in conflict (409): what is shown was typed and is not saved, whatever the defaults say.
    if (
      form.hasAttribute('data-restored') ||
      form.querySelector('[aria-invalid="true"]') ||
      form.closest('.has-conflict')
    )
      return true;
    return Array.from(form.elements).some((field) => {
      if (field instanceof HTMLInputElement) {
        if (field.type === 'checkbox' || field.type === 'radio')
          return field.checked !== field.defaultChecked;
        return field.type !== 'hidden' && field.value !== field.defaultValue;
      }
      return field instanceof HTMLTextAreaElement && field.value !== field.defaultValue;
    });
  }

  const openEditors = () => $$(DRAFT_FORM).filter((form) => form.isConnected);
  const unsavedEditors = () => openEditors().filter(isUnsaved);

  function draftName(form) {
    const stored = form.getAttribute('data-draft-name');
    if (stored) return stored;
    const typed =
      `${form.elements.namedItem('first_name')?.value ?? ''} ${form.elements.namedItem('last_name')?.value ?? ''}`.trim();
    return typed ? `the new customer (${typed})` : 'the new customer';
  }

  /** Every field the form sends, hidden ones included, but never the CSRF token. */
  function formFields(form) {
    const fields = [];
    for (const [name, value] of new FormData(form))
      if (name !== '_csrf' && typeof value === 'string') fields.push([name, value]);
    return fields;
  }

  function saveDraft(form) {
    if (!signedInAs()) return;
    const key = form.getAttribute('data-draft');
    const drafts = readDrafts();
    if (isUnsaved(form)) {
      drafts[key] = { name: draftName(form), fields: formFields(form), savedAt: Date.now() };
    } else {
      delete drafts[key];
    }
    writeDrafts(drafts);
  }

  /** Puts a draft's values (hidden version and base values included) into its editor. */
  function fillEditor(form, draft) {
    const values = new Map();
    for (const [name, value] of draft.fields)
      values.set(name, [...(values.get(name) ?? []), value]);
    for (const [name, list] of values) {
      for (const field of $$(`[name="${CSS.escape(name)}"]`, form)) {
        if (field.type === 'checkbox' || field.type === 'radio')
          field.checked = list.includes(field.value);
        else field.value = list[0];
      }
    }
    form.setAttribute('data-restored', '');
    removeOffer(form.getAttribute('data-draft'));
    announce(
      `Restored your unsaved edit of ${draft.name}. Save it, or press Escape to discard it.`,
    );
  }

  // The question before a changed editor goes away: "Keep editing" is the default (and Escape's answer).
  function askToDiscard(text, discardLabel) {
    return new Promise((resolve) => {
      const before = document.activeElement;
      const dialog = document.createElement('dialog');
      dialog.className = 'keyboard-map discard-dialog';
      dialog.setAttribute('aria-labelledby', 'discard-title');
      dialog.setAttribute('aria-describedby', 'discard-text');
      const title = document.createElement('h2');
      title.id = 'discard-title';
      title.textContent = 'Unsaved changes';
      const body = document.createElement('p');
      body.id = 'discard-text';
      body.textContent = text;
      const form = document.createElement('form');
      form.method = 'dialog';
      form.className = 'button-row';
      const keep = document.createElement('button');
      keep.className = 'button button-primary';
      keep.value = 'keep';
      keep.textContent = 'Keep editing';
      const discard = document.createElement('button');
      discard.className = 'button button-danger';
      discard.value = 'discard';
      discard.textContent = discardLabel;
      form.append(keep, discard);
      dialog.append(title, body, form);
      document.body.append(dialog);
      dialog.addEventListener('close', () => {
        const discarded = dialog.returnValue === 'discard';
        dialog.remove();
        if (!discarded && before instanceof HTMLElement && before.isConnected) before.focus();
        resolve(discarded);
      });
      dialog.showModal();
      keep.focus();
    });
  }

  // Escape (or a list load, or sign-out) with a changed editor asks first.
  function discardQuestion(forms) {
    const names = forms.map((form) => draftName(form));
    return `Your changes to ${names.join(' and ')} are not saved.`;
  }

  /** Set while Folio itself navigates away (saving a whole-page form, signing in again): no question. */
  let leaving = false;

  window.addEventListener('beforeunload', (event) => {
    if (leaving || unsavedEditors().length === 0) return;
    for (const form of unsavedEditors()) saveDraft(form);
    event.preventDefault();
    event.returnValue = ''; // older Chromium wants this too
  });

  document.addEventListener('input', (event) => {
    const form = event.target instanceof Element ? event.target.closest(DRAFT_FORM) : null;
    if (form) saveDraft(form);
  });
  document.addEventListener('change', (event) => {
    const form = event.target instanceof Element ? event.target.closest(DRAFT_FORM) : null;
    if (form) saveDraft(form);
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.matches(DRAFT_FORM) && !form.hasAttribute('hx-post') && !form.hasAttribute('hx-put')) {
      // A whole-page form: the next page says how it went (see checkSubmittedDraft).
      saveDraft(form);
      leaving = true;
      try {
        sessionStorage.setItem(
          SUBMITTED,
          JSON.stringify({ user: signedInAs(), key: form.getAttribute('data-draft') }),
        );
      } catch {
        // Without sessionStorage the draft simply stays until discarded.
      }
      return;
    }
    if (form.matches('form[action="/logout"]')) signOut(event, form);
  });

  function signOut(event, form) {
    if (form.hasAttribute('data-confirmed')) return;
    for (const editor of unsavedEditors()) saveDraft(editor);
    const drafts = readDrafts();
    const names = Object.values(drafts).map((draft) => draft.name);
    const clear = () => {
      writeDrafts({});
      leaving = true;
    };
    if (names.length === 0) return clear();
    event.preventDefault();
    askToDiscard(
      `Your changes to ${names.join(' and ')} are not saved. Signing out removes them from this browser.`,
      'Discard and sign out',
    ).then((discard) => {
      if (!discard) return;
      clear();
      form.setAttribute('data-confirmed', '');
      form.requestSubmit();
    });
  }

  // Saved (2xx): the draft has done its job. Refused or in conflict: what was typed is still the draft.
  document.addEventListener('htmx:before:response', (event) => {
    const ctx = event.detail?.ctx;
    const form = ctx?.sourceElement?.closest?.(DRAFT_FORM);
    if (!form) return;
    const status = ctx.response?.status ?? 0;
    if (status >= 200 && status < 300) {
      // Only the draft of what was just saved: another tab's different edit of the same customer stays.
      const key = form.getAttribute('data-draft');
      const stored = readDrafts()[key];
      if (stored && JSON.stringify(stored.fields) === JSON.stringify(formFields(form)))
        dropDraft(key);
      return;
    }
    if (status === 401) {
      // The session ended: keep the draft, say so on the sign-in page htmx is sent to, offer it after.
      saveDraft(form);
      leaving = true;
      try {
        sessionStorage.setItem(SESSION_ENDED, draftName(form));
      } catch {
        // The draft is kept all the same; only the sign-in page's sentence is missing.
      }
    }
  });

  // --- offering drafts back ---------------------------------------------------------------------------

  function offerRegion() {
    let region = document.getElementById('draft-offers');
    if (region) return region;
    const main = document.getElementById('main');
    if (!main) return null;
    region = document.createElement('section');
    region.id = 'draft-offers';
    region.className = 'draft-offers';
    region.setAttribute('aria-label', 'Unsaved edits');
    main.prepend(region);
    return region;
  }

  function removeOffer(key) {
    document.getElementById(`draft-offer-${key}`)?.remove();
    const region = document.getElementById('draft-offers');
    if (region && region.children.length === 0) region.remove();
  }

  function offerDrafts() {
    const drafts = readDrafts();
    const fresh = {};
    for (const [key, draft] of Object.entries(drafts)) {
      if (
        draft &&
        Array.isArray(draft.fields) &&
        Date.now() - Number(draft.savedAt) < DRAFT_LIFETIME
      )
        fresh[key] = draft;
    }
    if (Object.keys(fresh).length !== Object.keys(drafts).length) writeDrafts(fresh);
    for (const [key, draft] of Object.entries(fresh)) {
      const region = offerRegion();
      if (!region) return;
      const offer = document.createElement('div');
      offer.id = `draft-offer-${key}`;
      offer.className = 'draft-offer';
      const text = document.createElement('p');
      const name = document.createElement('bdi');
      name.textContent = draft.name;
      const when = new Date(Number(draft.savedAt)).toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
      if (key === 'new') name.textContent = draft.name.replace(/^the /, '');
      text.append(`You have an unsaved ${key === 'new' ? '' : 'edit of '}`, name, ` (${when}).`);
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.className = 'button button-primary button-small';
      restore.textContent = 'Restore';
      restore.setAttribute('data-draft-restore', key);
      const discard = document.createElement('button');
      discard.type = 'button';
      discard.className = 'button button-small';
      discard.textContent = 'Discard';
      discard.setAttribute('data-draft-discard', key);
      const buttons = document.createElement('div');
      buttons.className = 'button-row';
      buttons.append(restore, discard);
      offer.append(text, buttons);
      region.append(offer);
    }
  }

  /** The draft's editor when it is on this page already, or opened in place, or else its own page. */
  let pendingRestore = null;

  function restoreDraft(key) {
    const draft = readDrafts()[key];
    if (!draft) return removeOffer(key);
    const form = $(`${DRAFT_FORM}[data-draft="${CSS.escape(key)}"]`);
    if (form) {
      fillEditor(form, draft);
      $('input:not([type=hidden])', form)?.focus();
      return;
    }
    const edit =
      key === 'new'
        ? document.getElementById('new-customer')
        : $(`#customer-${CSS.escape(key)} [data-action="edit"]`);
    if (edit) {
      pendingRestore = key;
      edit.click();
      return;
    }
    try {
      sessionStorage.setItem(RESTORE, key);
    } catch {
      // Without sessionStorage the editor opens without the draft; the offer stays there.
    }
    location.href = key === 'new' ? '/customers/new' : `/customers/${encodeURIComponent(key)}/edit`;
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const restore = target?.closest('[data-draft-restore]');
    if (restore) return restoreDraft(restore.getAttribute('data-draft-restore'));
    const discard = target?.closest('[data-draft-discard]');
    if (discard) {
      const key = discard.getAttribute('data-draft-discard');
      dropDraft(key);
      removeOffer(key);
      announce('Unsaved edit discarded.');
      return;
    }
    // Cancel is an explicit choice: the draft goes with the editor.
    const cancel = target?.closest('[data-action="cancel"], [data-action="cancel-new"]');
    const form = cancel?.closest('form')?.matches(DRAFT_FORM) ? cancel.closest('form') : null;
    if (form) dropDraft(form.getAttribute('data-draft'));
  });

  /** After a whole-page form was sent: saved (the draft goes), refused (it stays), or the session ended. */
  function checkSubmittedDraft() {
    let sent = null;
    try {
      sent = JSON.parse(sessionStorage.getItem(SUBMITTED) || 'null');
      sessionStorage.removeItem(SUBMITTED);
    } catch {
      return;
    }
    if (!sent || !sent.user) return;
    const user = signedInAs();
    if (!user) {
      // Sent with an ended session: the page says 401; the draft waits for the person to sign in again.
      const draft = readDrafts(sent.user)[sent.key];
      if (draft) sessionStorage.setItem(SESSION_ENDED, draft.name);
      return;
    }
    if (user === sent.user && !$(`${DRAFT_FORM}[data-draft="${CSS.escape(sent.key)}"]`))
      dropDraft(sent.key);
  }

  /** Signed out by an ended session: the sign-in page says the draft is kept. */
  function noteSessionEnded() {
    let name = null;
    try {
      name = sessionStorage.getItem(SESSION_ENDED);
      if (signedInAs()) sessionStorage.removeItem(SESSION_ENDED);
    } catch {
      return;
    }
    if (!name || signedInAs()) return;
    const main = document.getElementById('main');
    if (!main) return;
    const note = document.createElement('p');
    note.className = 'session-ended-note';
    note.setAttribute('role', 'alert');
    const who = document.createElement('bdi');
    who.textContent = name;
    note.append(
      'Your session ended before your changes to ',
      who,
      ' were saved. They are kept in this browser: sign in again and Folio offers them back.',
    );
    main.prepend(note);
  }

  function startDrafts() {
    checkSubmittedDraft();
    noteSessionEnded();
    if (!signedInAs()) return;
    let restoreKey = null;
    try {
      restoreKey = sessionStorage.getItem(RESTORE);
      sessionStorage.removeItem(RESTORE);
    } catch {
      // nothing to restore
    }
    offerDrafts();
    if (restoreKey) {
      const draft = readDrafts()[restoreKey];
      const form = $(`${DRAFT_FORM}[data-draft="${CSS.escape(restoreKey)}"]`);
      if (draft && form) fillEditor(form, draft);
    }
  }

  // --- the record page's story: c writes a note, Ctrl+Enter saves it, j/k move through the timeline --

  const TIMELINE_ENTRIES = '#timeline-entries > [data-timeline-entry]:not([hidden])';
  const noteBox = () => $('#note-composer [data-note-body]');

  function focusNoteBox() {
    const box = noteBox();
    box?.focus();
    return box != null;
  }

  function moveInTimeline(from, step) {
    const entries = $$(TIMELINE_ENTRIES);
    if (entries.length === 0) return false;
    const index = entries.indexOf(from?.closest('[data-timeline-entry]'));
    const next = index === -1 ? 0 : Math.min(Math.max(index + step, 0), entries.length - 1);
    entries[next].focus();
    return true;
  }

  /** What a timeline request came from, so the focus can follow its answer. */
  let timelineSource = null;
  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof Element)) return;
    const more = source.closest('.timeline-more');
    const entry = source.closest('[data-timeline-entry]');
    const undo = source.closest('form[data-undo]')?.getAttribute('hx-target');
    if (more) timelineSource = { olderFrom: $$(TIMELINE_ENTRIES).length };
    else if (entry) timelineSource = { id: entry.id };
    else if (undo?.startsWith('#note-')) timelineSource = { id: undo.slice(1) };
    else if (source.closest('#note-composer')) timelineSource = { composer: true };
  });

  // After a swap in the timeline: the editor's box, the note saved or put back, the entry after a
  // deleted one, the first of the older entries, or the note box again.
  document.addEventListener('htmx:after:swap', () => {
    const source = timelineSource;
    timelineSource = null;
    if (!source) return;
    const entry = source.id ? document.getElementById(source.id) : null;
    const editor = entry && $('.note-editor [data-note-body]', entry);
    if (editor) return editor.focus();
    if (source.olderFrom !== undefined) return $$(TIMELINE_ENTRIES)[source.olderFrom]?.focus();
    if (entry?.hidden) {
      const next = $$(TIMELINE_ENTRIES).find(
        (other) => entry.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      return next ? next.focus() : focusNoteBox();
    }
    if (entry) return entry.focus();
    if (source.composer) focusNoteBox();
  });

  // --- selection: tick rows, then act on them all from the bar ---------------------------------------
  // The boxes belong to the bar's form (#bulk); this keeps the bar's count and scope in step with them.
  // x ticks the focused row, Shift+↑/↓ extends, Shift+x takes every customer matching the search.

  const BULK = 'bulk';
  const bulkForm = () => document.getElementById(BULK);
  // The customer table's boxes, or the trash's (the same bar, acting on deleted customers).
  const rowBoxes = () =>
    $$(`${ROWS} input.select-row, #trash-rows input.select-row`).filter(
      (box) => !box.closest('tr[hidden]'),
    );
  const scopeRadio = (value) => $(`#bulk-list input[name="scope"][value="${value}"]`);

  function selectionState() {
    const matching = scopeRadio('matching')?.checked ?? false;
    const ticked = rowBoxes().filter((box) => box.checked).length;
    return { matching, ticked };
  }

  function showSelection() {
    const form = bulkForm();
    if (!form) return;
    const { matching, ticked } = selectionState();
    const count = $('#bulk-count', form);
    const label = $('#bulk-list')?.getAttribute('data-matching') ?? 'All matching';
    const text = matching
      ? `${label} selected`
      : `${ticked} ${ticked === 1 ? 'customer' : 'customers'} selected`;
    if (count && count.textContent !== text) count.textContent = text;
    form.classList.toggle('has-selection', matching || ticked > 0);
    const all = $('[data-bulk="matching"]', form);
    if (all) {
      all.hidden = matching;
      all.textContent = `Select ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
    }
    const page = $('input.select-page');
    if (page) {
      const boxes = rowBoxes();
      page.checked = boxes.length > 0 && boxes.every((box) => box.checked);
      page.indeterminate = !page.checked && boxes.some((box) => box.checked);
    }
  }

  function setScope(value) {
    const radio = scopeRadio(value);
    if (radio) radio.checked = true;
  }

  function tick(row, on) {
    const box = row && $('input.select-row', row);
    if (!box) return false;
    box.checked = on === undefined ? !box.checked : on;
    if (!box.checked) setScope('ids');
    showSelection();
    return true;
  }

  function selectAllMatching() {
    if (!bulkForm()) return false;
    for (const box of rowBoxes()) box.checked = true;
    setScope('matching');
    showSelection();
    return true;
  }

  function clearSelection() {
    for (const box of rowBoxes()) box.checked = false;
    setScope('ids');
    showSelection();
  }

  /** Shift+↑/↓: the focused row and the next one are both ticked, and the focus moves on. */
  function extendSelection(row, step) {
    const rows = visibleRows();
    const next = rows[rows.indexOf(row) + step];
    tick(row, true);
    if (!next) return;
    tick(next, true);
    focusRow(next);
  }

  /** With a selection, Delete deletes it (from the bar, with one Undo). */
  function deleteSelection() {
    const { matching, ticked } = selectionState();
    if (!matching && ticked === 0) return false;
    $('[data-bulk-action="delete"]', bulkForm())?.click();
    return true;
  }

  document.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.matches('input.select-row')) {
      if (!target.checked) setScope('ids');
      showSelection();
    } else if (target.matches('input.select-page')) {
      for (const box of rowBoxes()) box.checked = target.checked;
      setScope('ids');
      showSelection();
    }
  });

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-bulk]') : null;
    if (!button || button.matches('input')) return;
    if (button.getAttribute('data-bulk') === 'matching') selectAllMatching();
    if (button.getAttribute('data-bulk') === 'clear') {
      clearSelection();
      announce('Selection cleared.');
    }
  });

  // After an action (or its Undo) the rows are new and nothing is ticked, so the bar goes: the focus
  // goes to the first row if it was in the bar or went with the old rows. (A list load places the
  // focus itself, below.)
  let bulkSource = false;
  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof Element)) return;
    const rows = source.closest('form[data-undo]')?.getAttribute('hx-target');
    const undo = rows === '#customer-rows' || rows === '#trash-rows';
    if (undo || source.closest(`#${BULK}`)) bulkSource = true;
  });
  document.addEventListener('htmx:after:swap', (event) => {
    const swapped = event.detail?.ctx?.target?.id;
    if (swapped !== 'customer-rows' && swapped !== 'trash-rows') return;
    showSelection();
    if (!bulkSource) return;
    bulkSource = false;
    const inBar = document.activeElement?.closest(`#${BULK}`) != null;
    if (!focusIsLost() && !inBar) return;
    if (swapped === 'trash-rows') {
      // The trash's rows are not a grid: its first box, else its search box.
      (rowBoxes()[0] || document.getElementById('trash-q'))?.focus();
      return;
    }
    const first = visibleRows()[0];
    if (first) focusRow(first);
    else searchBox()?.focus();
  });

  // --- keys -------------------------------------------------------------------------------------

  /** Follows one of the page's plain links by its data-action; false when the page has none. */
  function followLink(action) {
    const link = $(`a[data-action="${action}"]`);
    link?.click();
    return link !== null;
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.isComposing) return;
    const target = event.target instanceof Element ? event.target : document.body;
    const secondEscape = leftSearch && event.key === 'Escape';
    leftSearch = false;
    const plain = !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;

    if (target === searchBox() && plain) {
      // The browser's own Escape in a search box empties it at once; here the first one only leaves it.
      if (event.key === 'Escape') {
        event.preventDefault();
        leaveSearch();
        return;
      }
      if (event.key === 'ArrowDown' && visibleRows().length > 0) {
        event.preventDefault();
        focusRow(visibleRows()[0]);
        return;
      }
    }

    if (event.key === 'Escape') {
      if (secondEscape && !target.closest('dialog') && !target.closest(EDIT_ROW)) {
        if (clearSearch()) event.preventDefault();
        return;
      }
      const editing = target.closest(EDIT_ROW);
      if (editing && !target.closest('dialog')) {
        event.preventDefault();
        const form = $(DRAFT_FORM, editing);
        if (!form || !isUnsaved(form)) return cancelEdit(editing);
        askToDiscard(discardQuestion([form]), 'Discard changes').then((discard) => {
          if (!discard) return;
          dropDraft(form.getAttribute('data-draft'));
          cancelEdit(editing);
        });
      }
      return;
    }

    if (event.altKey) return;
    if (event.ctrlKey || event.metaKey) {
      if (event.key === 'Enter' && target.matches('[data-note-body]')) {
        event.preventDefault();
        target.form?.requestSubmit();
        return;
      }
      if (
        !event.shiftKey &&
        event.key.toLowerCase() === 'z' &&
        !isTyping(target) &&
        undoLastDelete()
      )
        event.preventDefault();
      return;
    }
    if (isTyping(target)) return; // Enter in a field submits its form, Tab moves on: the browser's own behaviour.
    // Space on a row ticks its box, as Space on the box would: not a character shortcut, so always on.
    if (event.key === ' ' && target.matches(DISPLAY_ROW) && tick(target)) {
      event.preventDefault();
      return;
    }
    if (event.key.length === 1 && singleKeysOff()) return; // turned off: only named keys (arrows, Enter, Delete) act
    if (keyboardMap()?.open) {
      if (event.key === '?' && toggleKeyboardMap()) event.preventDefault();
      return;
    }

    const row = target.closest(DISPLAY_ROW);
    const onRow = row !== null && target === row;
    let handled = false;
    switch (event.key) {
      case '?':
        handled = toggleKeyboardMap();
        break;
      case 'n':
      case 'N':
        handled = openNewRow();
        break;
      case '/': {
        const search = $('input[type="search"]');
        if (search) {
          search.focus();
          search.select();
          handled = true;
        }
        break;
      }
      case 'u':
      case 'U':
        handled = undoLastDelete();
        break;
      case 'e':
      case 'E':
        handled = recordAction('edit');
        break;
      // Plain links on the table: the trash and the import are pages of their own; Export CSV
      // downloads the list shown (its address is kept in step with the search, below).
      case 't':
      case 'T':
        handled = followLink('trash');
        break;
      case 'd':
      case 'D': {
        // With a selection, the bar's Export CSV downloads the selected customers.
        const { matching, ticked } = selectionState();
        const exportSelected = $('[data-bulk-action="export"]', bulkForm() || undefined);
        if ((matching || ticked > 0) && exportSelected) {
          exportSelected.click();
          handled = true;
        } else {
          handled = followLink('export');
        }
        break;
      }
      case 'i':
      case 'I':
        handled = followLink('import');
        break;
      case 'j':
      case 'k':
        if (visibleRows().length > 0) {
          moveFrom(row, event.key === 'j' ? 1 : -1);
          handled = true;
        } else {
          handled = moveInTimeline(target, event.key === 'j' ? 1 : -1);
        }
        break;
      case 'o':
      case 'O':
        // The focused row's record page (Enter on the name link does the same).
        if (onRow) {
          $('.customer-name', row)?.click();
          handled = true;
        }
        break;
      case 'c':
      case 'C':
        handled = focusNoteBox();
        break;
      case 'x':
        if (row) handled = tick(row);
        break;
      case 'X':
        handled = event.shiftKey && selectAllMatching();
        if (handled) announce($('#bulk-count')?.textContent ?? '');
        break;
      case 'ArrowDown':
      case 'ArrowUp':
        // Only inside the table: elsewhere the arrows keep scrolling the page.
        if (row && event.shiftKey) {
          extendSelection(row, event.key === 'ArrowDown' ? 1 : -1);
          handled = true;
        } else if (row) {
          moveFrom(row, event.key === 'ArrowDown' ? 1 : -1);
          handled = true;
        }
        break;
      case 'Home':
      case 'End':
        if (onRow) {
          const rows = visibleRows();
          focusRow(event.key === 'Home' ? rows[0] : rows[rows.length - 1]);
          handled = true;
        }
        break;
      case 'Enter':
        if (onRow) {
          editRow(row);
          handled = true;
        }
        break;
      case 'Delete':
      case 'Backspace': // the Mac's delete key
        if (row && deleteSelection()) {
          handled = true;
        } else if (onRow) {
          deleteRow(row);
          handled = true;
        } else if (target.closest('[data-timeline-entry]')) {
          // On a note of the timeline: that note (when the reader may delete it), never the customer.
          const remove = $('[data-note-action="delete"]', target.closest('[data-timeline-entry]'));
          remove?.click();
          handled = remove != null;
        } else if (!row) {
          handled = recordAction('delete');
        }
        break;
    }
    if (handled) event.preventDefault();
  }

  document.addEventListener('focusin', (event) => {
    const row =
      event.target instanceof Element ? event.target.closest(`${ROWS} > ${DISPLAY_ROW}`) : null;
    if (row) {
      activate(row);
      rememberRow(row);
    }
  });

  // --- after Back: the row you came from ---------------------------------------------------------
  // The last focused row of each list URL is kept for this tab (sessionStorage), and focused again when
  // the person comes back to that URL through history (a reload of the page, the back-forward cache, or
  // htmx restoring a page it pushed).

  const ROW_MEMORY = 'folio.rows';
  const here = () => location.pathname + location.search;

  function readRowMemory() {
    try {
      return JSON.parse(sessionStorage.getItem(ROW_MEMORY) || '{}') || {};
    } catch {
      return {};
    }
  }

  function rememberRow(row) {
    const memory = readRowMemory();
    delete memory[here()]; // re-inserted last, so the oldest URLs are the ones dropped
    memory[here()] = row.id;
    const urls = Object.keys(memory);
    for (const url of urls.slice(0, Math.max(0, urls.length - 30))) delete memory[url];
    try {
      sessionStorage.setItem(ROW_MEMORY, JSON.stringify(memory));
    } catch {
      // Storage full or refused: Back simply starts at the top.
    }
  }

  function focusRememberedRow() {
    const id = readRowMemory()[here()];
    const row = id ? document.getElementById(id) : null;
    if (row && row.matches(DISPLAY_ROW) && !row.hidden) focusRow(row);
  }

  const cameBack = () => performance.getEntriesByType?.('navigation')[0]?.type === 'back_forward';
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) focusRememberedRow();
  });
  let historyRestore = false;
  document.addEventListener('htmx:before:history:restore', () => {
    historyRestore = true;
  });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const cancelNew = target.closest('[data-action="cancel-new"]');
    if (cancelNew) {
      const row = cancelNew.closest(EDIT_ROW);
      if (row) {
        event.preventDefault();
        cancelEdit(row);
      }
      return;
    }
    if (target.closest('[data-action="keyboard-map"]')) toggleKeyboardMap();
    // A search, filter or sort changed in place (htmx pushed its URL): the export is of the list shown now.
    const exportLink = target.closest('a[data-action="export"]');
    if (exportLink && location.pathname === '/customers') {
      const shown = new URLSearchParams(location.search);
      const kept = new URLSearchParams();
      for (const name of ['q', 'sort', 'dir', 'state', 'city', 'added_after', 'added_before'])
        if (shown.get(name)) kept.set(name, shown.get(name));
      exportLink.href = `/customers/export.csv${kept.size ? `?${kept}` : ''}`;
    }
    // A filter chip's ×: empty the form's field and let the form load the list, so field and list agree.
    const clearFilter = target.closest('[data-clear-filter]');
    const form = document.getElementById('customer-search');
    if (clearFilter && form instanceof HTMLFormElement) {
      event.preventDefault();
      for (const name of clearFilter.getAttribute('data-clear-filter').split(' ')) {
        const field = form.elements.namedItem(name);
        if (field instanceof HTMLInputElement) field.value = '';
      }
      form.requestSubmit();
      searchBox()?.focus();
      announce('Filter removed.');
    }
  });

  // A list load (search, sort, page) replaces the rows, inline editors with them: a changed one asks first.
  let listLoadAllowed = false;
  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof Element) || !source.closest('[data-list]')) return;
    const inRows = unsavedEditors().filter((form) => form.closest(ROWS));
    if (listLoadAllowed || inRows.length === 0) {
      listLoadAllowed = false;
      return;
    }
    event.preventDefault();
    askToDiscard(discardQuestion(inRows), 'Discard and go on').then((discard) => {
      if (!discard) return;
      for (const form of inRows) dropDraft(form.getAttribute('data-draft'));
      listLoadAllowed = true;
      const list = source.closest('[data-list]');
      if (list instanceof HTMLFormElement) list.requestSubmit();
      else list.click();
    });
  });

  // Typing refines the search already shown: it replaces the history entry, so a pause in the typing
  // leaves no half-typed search for Back to land on. A search begun from the whole list pushes one,
  // and so does a filter or sort chosen in the same form.
  document.addEventListener('htmx:before:request', (event) => {
    const ctx = event.detail?.ctx;
    if (!ctx?.sourceElement?.matches?.('#customer-search')) return;
    const typed = ctx.sourceEvent?.type === 'input' && ctx.sourceEvent.target?.name === 'q';
    if (!typed || !new URLSearchParams(location.search).get('q')) return;
    ctx.push = null;
    ctx.replace = 'true';
  });

  // Filters left empty are no part of the list's address: the same URL as a search without them.
  document.addEventListener('htmx:config:request', (event) => {
    const ctx = event.detail?.ctx;
    if (!ctx?.sourceElement?.matches?.('#customer-search')) return;
    const body = ctx.request?.body;
    if (!body || typeof body.delete !== 'function') return;
    for (const name of ['state', 'city', 'added_after', 'added_before'])
      if (body.get(name) === '') body.delete(name);
  });

  /** An Undo's request (its htmx ctx) while it is on its way: the restored row takes the focus, wherever it was. */
  let restoring = null;

  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof Element)) return;
    // A second "New customer" while one is open goes to the open one instead of adding another.
    if (source.matches('[data-action="new"]') && document.getElementById('customer-new')) {
      event.preventDefault();
      openNewRow();
      return;
    }
    if (source.matches('form[data-undo]')) restoring = event.detail.ctx;
  });

  // --- after every swap: focus, announcements, toasts ---------------------------------------------

  function focusIsLost() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  /**
   * A list load (search, sort, page) replaced the rows, and the count, head and pager beside them. Say
   * how many matched, and give focus back where the person was: the sort header they pressed, the
   * first row after paging; typing in the search box keeps its focus. htmx replaces the link that was
   * pressed, so what it was is noted when the request starts.
   */
  let listSource = null;
  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement?.closest?.('[data-list]');
    if (!source) return;
    listSource = {
      sort: source.getAttribute('data-sort'),
      paging: source.hasAttribute('data-page'),
      // A search that lands while the person is already down in the rows keeps them there.
      inRows: document.activeElement?.closest?.(ROWS) != null,
      pageFocus: source.hasAttribute('data-page') ? pageFocus : null,
      ctx: event.detail.ctx,
    };
    pageFocus = null;
  });

  // A request that ended without its swap (refused, offline) must not leave a note for the next one.
  // Only its own note: a key pressed before this timeout runs may have started the next list load
  // (the next page right after this one), whose note must stay for its swap.
  document.addEventListener('htmx:finally:request', (event) => {
    const ctx = event.detail?.ctx;
    setTimeout(() => {
      if (listSource?.ctx === ctx) listSource = null;
      if (restoring === ctx) restoring = null;
    }, 0);
  });

  function afterListLoad(source) {
    initRows();
    const count = document.getElementById('customer-count')?.textContent?.trim();
    if (count) announce(count);
    if (!focusIsLost()) return;
    const rows = visibleRows();
    const first = rows[0];
    if (source.sort) document.querySelector(`.sort-link[data-sort="${source.sort}"]`)?.focus();
    else if (source.paging && first)
      focusRow(source.pageFocus === 'last' ? rows[rows.length - 1] : first);
    else if (source.inRows && first) focusRow(first);
    else searchBox()?.focus();
  }

  document.addEventListener('htmx:after:swap', (event) => {
    const swapped = event.target instanceof Element ? event.target : null;
    const row = swapped?.closest('tr') ?? null;
    initRows();
    armToasts();
    if (historyRestore) {
      historyRestore = false;
      focusRememberedRow();
      return;
    }
    // Restore asked for an editor (a row's, or the new row) that has just arrived: fill it with the draft.
    const draftEditor =
      pendingRestore && $(`${DRAFT_FORM}[data-draft="${CSS.escape(pendingRestore)}"]`);
    if (draftEditor) {
      const draft = readDrafts()[pendingRestore];
      pendingRestore = null;
      if (draft) fillEditor(draftEditor, draft);
    }
    if (listSource && event.detail?.ctx?.target?.id === 'customer-rows') {
      const source = listSource;
      listSource = null;
      afterListLoad(source);
      return;
    }
    if (!row) return;

    // A customer restored from the trash: on to the next one's Restore (or the search box).
    if (row.hasAttribute('data-trash-gone')) {
      if (focusIsLost()) focusInTrashAfter(row);
      return;
    }
    if (row.hasAttribute('data-deleted')) {
      if (focusIsLost() || document.activeElement === row) focusAfterRemoval(row);
      return;
    }
    if (row.matches(EDIT_ROW)) {
      const form = $(DRAFT_FORM, row);
      if (form && isUnsaved(form)) {
        saveDraft(form); // refused or in conflict: the draft follows what is on screen now
      }
      const invalid = $$('[aria-invalid="true"]', row);
      if (invalid.length > 0) {
        if (focusIsLost()) invalid[0].focus();
        const first = document.getElementById(
          (invalid[0].getAttribute('aria-describedby') || '').split(' ').pop(),
        );
        announce(
          `${invalid.length === 1 ? '1 field needs' : `${invalid.length} fields need`} attention. ${first?.textContent ?? ''}`,
        );
      } else if (row.classList.contains('has-duplicates')) {
        // Not saved yet: it looks like someone already here. Save anyway is one key away.
        if (focusIsLost()) $('[data-action="save-anyway"]', row)?.focus();
        announce($('.duplicate-notice', row)?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
      } else if (!row.classList.contains('has-conflict')) {
        if (focusIsLost()) $('input:not([type=hidden])', row)?.focus();
        announce(`${rowName(row)}. Enter saves, Escape cancels.`);
      }
      return;
    }
    if (row.matches(DISPLAY_ROW) && (focusIsLost() || restoring)) focusRow(row);
    restoring = null;
  });

  // Nothing reached the server (offline, server down): say so; what was typed is still on screen.
  document.addEventListener('htmx:error', (event) => {
    if (event.detail?.ctx?.response) return; // the server answered; its own page or toast says what happened
    const region = document.getElementById('flash');
    const toast = document.getElementById('offline-toast');
    if (!region || !(toast instanceof HTMLTemplateElement)) return;
    region.replaceChildren(toast.content.cloneNode(true));
    armToasts();
  });

  /**
   * Toasts fade after their time (an Undo one after 10 s); pointing at or focusing one holds it.
   * A toast with a link to copy stays until the page changes.
   */
  function armToasts() {
    for (const toast of $$('[data-toast]:not([data-armed])')) {
      toast.setAttribute('data-armed', '');
      if ($('.toast-link', toast)) continue;
      const given = Number(toast.getAttribute('data-toast-timeout'));
      let remaining = given > 0 ? given : $('form', toast) ? 10000 : 5000;
      let started = Date.now();
      let timer = setTimeout(dismiss, remaining);
      const hold = () => {
        clearTimeout(timer);
        remaining -= Date.now() - started;
      };
      const resume = () => {
        if (toast.matches(':hover, :focus-within')) return;
        started = Date.now();
        clearTimeout(timer);
        timer = setTimeout(dismiss, Math.max(remaining, 2000));
      };
      toast.addEventListener('mouseenter', hold);
      toast.addEventListener('focusin', hold);
      toast.addEventListener('mouseleave', resume);
      toast.addEventListener('focusout', () => setTimeout(resume, 0));
      function dismiss() {
        if (!toast.isConnected) return;
        toast.classList.add('toast-leaving');
        setTimeout(() => toast.remove(), 200);
      }
    }
  }

  // --- time zone ---------------------------------------------------------------------------------

  /**
   * Sign-in and sign-up forms tell the server this browser's time zone, kept for a person who has
   * none yet (a zone chosen in Account settings stays). Without this file nothing is sent: UTC.
   */
  function addTimeZoneGuess() {
    let zone = '';
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch {
      return;
    }
    for (const form of $$('form[data-time-zone-guess]')) {
      if (!zone || form.elements.namedItem('time_zone')) continue;
      const field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'time_zone';
      field.value = zone;
      form.append(field);
    }
  }

  // --- start ------------------------------------------------------------------------------------

  function start() {
    // Listening only from here on: htmx (loaded first) has processed the page by DOMContentLoaded,
    // so a shortcut never clicks a link htmx does not yet know (it would load a whole page instead).
    document.addEventListener('keydown', onKeydown);
    initRows();
    showSelection();
    armToasts();
    startDrafts();
    addTimeZoneGuess();
    // Arriving at /customers#customer-12 (after a save without htmx): that row is where you are.
    const hashed = location.hash.startsWith('#customer-')
      ? document.getElementById(location.hash.slice(1))
      : null;
    if (hashed && hashed.matches(DISPLAY_ROW)) focusRow(hashed);
    else if (cameBack()) focusRememberedRow();
    document.documentElement.setAttribute('data-keyboard', 'ready');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
