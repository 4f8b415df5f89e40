// Accessibility checks for the e2e suite: axe-core with its default rules (none disabled, nothing
// excluded) in both colour schemes, and the no-sideways-scroll check for small screens.
// Use them at every page and fragment state a spec reaches:
//   await expectNoAxeViolations(page, 'list after a search');
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

type Scheme = 'light' | 'dark';

/** One readable line per failing rule: what it wants, how many elements fail, and the first few. */
function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.map((violation) => {
    const examples = violation.nodes
      .slice(0, 3)
      .map((node) => `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`)
      .join(' | ');
    return `${violation.id} (${violation.impact}, ${violation.nodes.length} elements): ${violation.help}. ${examples}`;
  });
}

/**
 * Runs axe on the page as it is now, in the colour scheme it shows and then in the other one
 * (page.emulateMedia), and fails with every violation listed. The page is left in the scheme it had.
 * The failure is soft (expect.soft): the test goes on, so one run lists every state that fails.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const current: Scheme = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';
  const other: Scheme = current === 'dark' ? 'light' : 'dark';
  const found: string[] = [];
  for (const scheme of [current, other]) {
    await page.emulateMedia({ colorScheme: scheme });
    // Colours that change with the scheme may be mid-transition (buttons fade their background).
    await page.evaluate(() => Promise.all(document.getAnimations().filter((animation) => animation instanceof CSSTransition).map((animation) => animation.finished)));
    // Legacy mode runs axe.run() in the page itself: Folio has no frames, so it checks the same rules
    // as the default mode, which opens a blank page for every run (slow on a shared CI machine).
    const results = await new AxeBuilder({ page }).setLegacyMode().analyze();
    found.push(...describe(results.violations).map((line) => `[${scheme}] ${line}`));
  }
  await page.emulateMedia({ colorScheme: current });
  expect.soft(found, `axe-core violations on ${label}`).toEqual([]);
}

/** Nothing on the page is wider than the window, so nothing scrolls sideways (a soft failure too). */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth, culprit } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    // Name the innermost element whose content sticks out of it, so a failure says where to look.
    let culprit = '';
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const overflowing = element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0 && getComputedStyle(element).overflowX === 'visible';
      if (overflowing || element.getBoundingClientRect().right > root.clientWidth + 1) {
        const classes = typeof element.className === 'string' && element.className.trim() ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
        culprit = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes} (${element.scrollWidth} px wide in ${element.clientWidth})`;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprit };
  });
  expect.soft(scrollWidth, `${label} scrolls sideways at ${clientWidth} px; look at ${culprit}`).toBeLessThanOrEqual(clientWidth);
}
