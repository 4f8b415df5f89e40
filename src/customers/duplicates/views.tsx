// The form's warning that a customer looks like one already in the book, with a link to each, and the
// field that lets the next save go ahead anyway.
import { fullName } from '../display.js';
import { customerUrl } from '../views/common.js';
import type { DuplicateMatch } from './queries.js';
import { rulesInWords } from './rules.js';

export function DuplicateNotice({ matches }: { matches: DuplicateMatch[] }): JSX.Element {
  const one = matches.length === 1;
  return (
    <div class="conflict duplicate-notice" role="alert">
      <h2 class="conflict-title">
        {one
          ? 'This looks like a customer you already have'
          : 'This looks like customers you already have'}
      </h2>
      <ul class="duplicate-list">
        {matches.map((match) => (
          <li>
            <a href={customerUrl(match.customer.id)} class="duplicate-link">
              <bdi safe>{fullName(match.customer)}</bdi>
            </a>{' '}
            <span class="muted" safe>{`has ${rulesInWords(match)}.`}</span>
          </li>
        ))}
      </ul>
      <p class="conflict-text">
        Nothing was saved yet. Open {one ? 'it' : 'one'} to check, or save anyway if this is someone
        else; what you typed is kept below.
      </p>
      <input type="hidden" name="duplicates_ok" value="yes" />
    </div>
  );
}
