// Accessibility checks for the e2e suite: axe-core with its default rules (none disabled, nothing
// excluded), its colour rules once more in the other colour scheme, and the no-sideways-scroll check
// for small screens.
// Use them at every page and fragment state a spec reaches:
//   await expectNoAxeViolations(page, 'list after a search');
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { expect, test } from './fixtures.js';

type Scheme = 'light' | 'dark';

/** One readable line per failing rule: what it wants, how many elements fail, and the first few. */
function describe(violations: AxeResults['violations']): string[] {
  return violations.map((violation) => {
    const examples = violation.nodes
      .slice(0, 3)
      .map((node) => `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`)
      .join(' | ');
    return `${violation.id} (${violation.impact}, ${violation.nodes.length} elements): ${violation.help}. ${examples}`;
  });
}

/**
 * Runs axe on the page as it is now, in the colour scheme it shows, then its colour rules in the
 * other one (page.emulateMedia), and fails with every violation listed. The page is left in the
 * scheme it had.
 * The failure is soft (expect.soft): the test goes on, so one run lists every state that fails.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const found = javaScriptOff()
    ? await withoutScripts(page, (twin) => axeBothSchemes(twin, 'light'))
    : await axeBothSchemes(page);
  expect.soft(found, `axe-core violations on ${label}`).toEqual([]);
}

/** axe's default rules whose outcome depends on colours (contrast; links told apart by colour). */
const RULES_THAT_READ_COLOURS = ['color-contrast', 'link-in-text-block'];

/** axe-core itself, put into the page under test as @axe-core/playwright's legacy mode does. */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * The violations of axe's default rules (or of `rules` alone) on the page as it is now. axe is put
 * into the page once, until the page navigates: parsing its 550 KB took 300 ms of every run, three
 * times the run itself, when @axe-core/playwright put it in again for each. Folio has no frames, so
 * the page's own document is all there is to check. Only violations are collected (not the passes).
 */
async function runAxe(page: Page, rules?: string[]): Promise<AxeResults['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { resultTypes: ['violations'] };
  if (rules) options.runOnly = { type: 'rule', values: rules };
  const results = await page.evaluate(
    (options) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, options),
    options,
  );
  return results.violations;
}

async function axeBothSchemes(page: Page, shown?: Scheme): Promise<string[]> {
  const current: Scheme =
    shown ??
    ((await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))
      ? 'dark'
      : 'light');
  const found: string[] = [];
  await holdToasts(page, true);
  for (const scheme of [current, current === 'dark' ? 'light' : 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Colours may be mid-transition (buttons fade their background) or mid-animation (a toast fading
    // in, a row's 2.4 s highlight on arrival): finish every finite one, so axe reads the colours a
    // person sees once they settle, without waiting for them (Chromium never ends a transition inside
    // a closed <details> when the scheme changes).
    await page.evaluate(() => {
      for (const animation of document.getAnimations())
        if (animation.effect?.getTiming().iterations !== Infinity) animation.finish();
    });
    // The schemes differ in colours only (app.css's dark block sets colours, nothing else), so the
    // second one needs only the rules that read colours; the first runs every rule.
    const violations = await runAxe(page, scheme === current ? undefined : RULES_THAT_READ_COLOURS);
    found.push(...describe(violations).map((line) => `[${scheme}] ${line}`));
  }
  await page.emulateMedia({ colorScheme: current });
  await holdToasts(page, false);
  return found;
}

/**
 * A toast fades out after 5 or 10 s; on a busy machine that can fall inside axe's run, which then reads
 * its colours half faded. So toasts are held while axe reads, as pointing at one holds it, and let go
 * after; one already fading is waited out (it is gone 200 ms later).
 */
async function holdToasts(page: Page, hold: boolean): Promise<void> {
  await page.evaluate((hold) => {
    for (const toast of Array.from(document.querySelectorAll('[data-toast]')))
      toast.dispatchEvent(new MouseEvent(hold ? 'mouseenter' : 'mouseleave'));
  }, hold);
  if (hold) await page.waitForFunction(() => !document.querySelector('.toast-leaving'));
}

const javaScriptOff = () => test.info().project.use.javaScriptEnabled === false;

/**
 * axe is a script, and a page with JavaScript off runs none (page.evaluate never returns). So the page's
 * HTML as the browser holds it now, minus its <script> tags, is served at the same address to a twin
 * page that may run axe: same markup, same stylesheet, same size, and still no Folio script (the
 * `js` class that app.js sets stays off, as it is for the person without JavaScript).
 */
async function withoutScripts<T>(page: Page, run: (twin: Page) => Promise<T>): Promise<T> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const address = page.url().split('#')[0]!;
  const context = await page
    .context()
    .browser()!
    .newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  try {
    await context.addCookies(await page.context().cookies());
    const twin = await context.newPage();
    await twin.route(
      (url) => url.href.split('#')[0] === address,
      (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await twin.goto(address);
    return await run(twin);
  } finally {
    await context.close();
  }
}

/** Nothing on the page is wider than the window, so nothing scrolls sideways (a soft failure too). */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth, culprit } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    // Name the innermost element whose content sticks out of it, so a failure says where to look.
    let culprit = '';
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const overflowing =
        element.scrollWidth > element.clientWidth + 1 &&
        element.clientWidth > 0 &&
        getComputedStyle(element).overflowX === 'visible';
      if (overflowing || element.getBoundingClientRect().right > root.clientWidth + 1) {
        const classes =
          typeof element.className === 'string' && element.className.trim()
            ? `.${element.className.trim().split(/\s+/).join('.')}`
            : '';
        culprit = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes} (${element.scrollWidth} px wide in ${element.clientWidth})`;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprit };
  });
  expect
    .soft(scrollWidth, `${label} scrolls sideways at ${clientWidth} px; look at ${culprit}`)
    .toBeLessThanOrEqual(clientWidth);
}
