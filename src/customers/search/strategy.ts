// How a page reads a search's matches, chosen in code on both engines: neither planner can tell how
// many rows a prefix matches ("s" matches most of a book, a phone number one row), and a wrong guess
// costs seconds at a million customers.
import type { SearchPlan } from '../keys.js';
import type { MatchCount } from './index.js';

/**
 * - sparse (the count was not capped, so at most SEARCH_COUNT_CAP matches): read the matches by id
 *   from the engine's index and sort them;
 * - set (capped): walk the sort's index, keeping rows whose id is in the index's match set (built
 *   once);
 * - terms (capped, and every word one or two characters long: "s", "an"): the match set would be a
 *   large part of the book and cost more to build than the page, so walk the sort's index and test
 *   each row's stored terms instead: with so many matches a page is full after a few rows.
 */
type SearchStrategy = 'sparse' | 'set' | 'terms';

export function strategyFor(plan: SearchPlan, total: MatchCount): SearchStrategy {
  if (!total.capped) return 'sparse';
  const short = plan.every((alternative) =>
    alternative.every((group) => group.every((term) => [...term.text].length <= 2)),
  );
  return short ? 'terms' : 'set';
}
