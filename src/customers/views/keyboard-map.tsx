// The ? dialog listing every shortcut (app.js opens it), and the button that opens it.
import { latin1Markup } from '../../views/escape.js';

/** The keyboard map's rows, by where they work. Keys of one character can be turned off (Account). */
const SHORTCUTS: { title: string; keys: [string[], string][] }[] = [
  {
    title: 'In the customer table',
    keys: [
      [['/'], 'Search customers'],
      [['↓'], 'From the search box: to the first customer'],
      [['Esc'], 'In the search box: leave it (press again to clear the search)'],
      [['N'], 'New customer'],
      [['↓', 'J'], 'Next customer (from the last: the next page)'],
      [['↑', 'K'], 'Previous customer (from the first: the previous page)'],
      [['Home', 'End'], 'First or last customer'],
      [['O'], 'Open the customer’s page (Enter on the name does too)'],
      [['Enter'], 'Edit the customer (in a field: save)'],
      [['Esc'], 'Cancel editing'],
      [['Tab'], 'Next field or button'],
      [['Space', 'X'], 'Select the customer, or not (the box beside it)'],
      [['Shift+↓', 'Shift+↑'], 'Select the next or previous customer too'],
      [['Shift+X'], 'Select every customer matching the search'],
      [['Delete'], 'Delete the customer (with a selection: the selected customers)'],
      [['U', 'Ctrl+Z'], 'Undo the last delete or merge'],
      [['T'], 'Open the trash (deleted customers)'],
      [['D'], 'Download the list shown as a CSV file (with a selection: the selected customers)'],
      [['I'], 'Import customers from a CSV file'],
    ],
  },
  {
    title: 'On a customer’s page',
    keys: [
      [['E'], 'Edit the customer'],
      [['C'], 'Write a note'],
      [['Ctrl+Enter'], 'In a note: save it'],
      [['J', 'K'], 'Next or previous entry of the notes and history'],
      [['Delete'], 'Delete the customer (asks first)'],
    ],
  },
  { title: 'Anywhere', keys: [[['?'], 'Show these shortcuts']] },
];

/** Opens the map (with JavaScript only: the map is app.js's). */
export function ShortcutsButton(): JSX.Element {
  return (
    <button
      type="button"
      class="button button-quiet js-only"
      data-action="keyboard-map"
      aria-haspopup="dialog"
    >
      Shortcuts{' '}
      <kbd class="shortcut-key" aria-hidden="true">
        ?
      </kbd>
    </button>
  );
}

function ShortcutGroup({ group }: { group: (typeof SHORTCUTS)[number] }): JSX.Element {
  return (
    <section class="shortcut-group" aria-label={group.title}>
      <h3 class="shortcut-group-title" safe>
        {group.title}
      </h3>
      <dl class="shortcut-list">
        {group.keys.map(([keys, action]) => (
          <div class="shortcut">
            <dt>
              {keys.map((key, index) => (
                <>
                  {index > 0 ? <span class="shortcut-or"> or </span> : ''}
                  <kbd safe>{key}</kbd>
                </>
              ))}
            </dt>
            <dd safe>{action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The ? dialog; on the table and on a customer's page. */
export function KeyboardMap(): JSX.Element {
  // The same for everyone: written once, its arrows and ⌘ as references (views/escape.ts).
  return (keyboardMap ??= latin1Markup(KeyboardMapMarkup() as string));
}
let keyboardMap: string | undefined;

function KeyboardMapMarkup(): JSX.Element {
  return (
    <dialog id="keyboard-map" class="keyboard-map" aria-labelledby="keyboard-map-title">
      <div class="keyboard-map-header">
        <h2 id="keyboard-map-title">Keyboard shortcuts</h2>
        <form method="dialog">
          <button type="submit" class="button button-small button-quiet" aria-label="Close">
            Close <kbd aria-hidden="true">Esc</kbd>
          </button>
        </form>
      </div>
      <p class="shortcuts-off-note">
        Single-key shortcuts are off for you (
        <a href="/settings/account#shortcuts-title">Account settings</a>): keys with Ctrl or ⌘, and
        the arrows, Enter, Escape and Delete in the table, still work.
      </p>
      {SHORTCUTS.map((group) => (
        <ShortcutGroup group={group} />
      ))}
    </dialog>
  );
}
