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
  const isTyping = (element) => element instanceof Element && element.matches(TYPING) && !element.matches('[type=hidden]');
  const visibleRows = () => $$(`${ROWS} > ${DISPLAY_ROW}`).filter((row) => !row.hidden);
  const rowName = (row) => ($('.customer-name bdi', row) || $('.row-editor-title bdi', row))?.textContent?.trim() ?? '';

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
      if (tabbable) control.removeAttribute('tabindex');
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
    while (previous && !(previous.matches(DISPLAY_ROW) && !previous.hidden)) previous = previous.previousElementSibling;
    const row = next || previous;
    if (row) focusRow(row);
    else document.getElementById('new-customer')?.focus();
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

  // --- keys -------------------------------------------------------------------------------------

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
        cancelEdit(editing);
      }
      return;
    }

    if (event.altKey) return;
    if (event.ctrlKey || event.metaKey) {
      if (!event.shiftKey && event.key.toLowerCase() === 'z' && !isTyping(target) && undoLastDelete()) event.preventDefault();
      return;
    }
    if (isTyping(target)) return; // Enter in a field submits its form, Tab moves on: the browser's own behaviour.
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
      case 'j':
        moveFrom(row, 1);
        handled = visibleRows().length > 0;
        break;
      case 'k':
        moveFrom(row, -1);
        handled = visibleRows().length > 0;
        break;
      case 'ArrowDown':
      case 'ArrowUp':
        // Only inside the table: elsewhere the arrows keep scrolling the page.
        if (row) {
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
        if (onRow) {
          deleteRow(row);
          handled = true;
        } else if (!row) {
          handled = recordAction('delete');
        }
        break;
    }
    if (handled) event.preventDefault();
  }

  document.addEventListener('focusin', (event) => {
    const row = event.target instanceof Element ? event.target.closest(`${ROWS} > ${DISPLAY_ROW}`) : null;
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
  });

  /** Set while an Undo is on its way: the restored row takes the focus, wherever it was. */
  let restoring = false;

  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof Element)) return;
    // A second "New customer" while one is open goes to the open one instead of adding another.
    if (source.matches('[data-action="new"]') && document.getElementById('customer-new')) {
      event.preventDefault();
      openNewRow();
      return;
    }
    if (source.matches('form[data-undo]')) restoring = true;
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
    };
    pageFocus = null;
  });

  // A request that ended without its swap (refused, offline) must not leave a note for the next one.
  document.addEventListener('htmx:finally:request', () => {
    setTimeout(() => {
      listSource = null;
      restoring = false;
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
    else if (source.paging && first) focusRow(source.pageFocus === 'last' ? rows[rows.length - 1] : first);
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
    if (listSource && event.detail?.ctx?.target?.id === 'customer-rows') {
      const source = listSource;
      listSource = null;
      afterListLoad(source);
      return;
    }
    if (!row) return;

    if (row.hasAttribute('data-deleted')) {
      if (focusIsLost() || document.activeElement === row) focusAfterRemoval(row);
      return;
    }
    if (row.matches(EDIT_ROW)) {
      const invalid = $$('[aria-invalid="true"]', row);
      if (invalid.length > 0) {
        if (focusIsLost()) invalid[0].focus();
        const first = document.getElementById((invalid[0].getAttribute('aria-describedby') || '').split(' ').pop());
        announce(`${invalid.length === 1 ? '1 field needs' : `${invalid.length} fields need`} attention. ${first?.textContent ?? ''}`);
      } else if (!row.classList.contains('has-conflict')) {
        if (focusIsLost()) $('input:not([type=hidden])', row)?.focus();
        announce(`${rowName(row)}. Enter saves, Escape cancels.`);
      }
      return;
    }
    if (row.matches(DISPLAY_ROW) && (focusIsLost() || restoring)) focusRow(row);
    restoring = false;
  });

  // Nothing reached the server (offline, server down): say so; what was typed is still on screen.
  document.addEventListener('htmx:error', (event) => {
    if (event.detail?.ctx?.response) return; // the server answered; its own page or toast says what happened
    const region = document.getElementById('flash');
    if (!region) return;
    const toast = document.createElement('div');
    toast.className = 'toast toast-error';
    toast.setAttribute('data-toast', '');
    toast.setAttribute('data-toast-timeout', '8000');
    toast.textContent = 'Folio could not be reached. Nothing was lost: check your connection and try again.';
    region.replaceChildren(toast);
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

  // --- start ------------------------------------------------------------------------------------

  function start() {
    // Listening only from here on: htmx (loaded first) has processed the page by DOMContentLoaded,
    // so a shortcut never clicks a link htmx does not yet know (it would load a whole page instead).
    document.addEventListener('keydown', onKeydown);
    initRows();
    armToasts();
    // Arriving at /customers#customer-12 (after a save without htmx): that row is where you are.
    const hashed = location.hash.startsWith('#customer-') ? document.getElementById(location.hash.slice(1)) : null;
    if (hashed && hashed.matches(DISPLAY_ROW)) focusRow(hashed);
    else if (cameBack()) focusRememberedRow();
    document.documentElement.setAttribute('data-keyboard', 'ready');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
