// A customer's story on its record page, with JavaScript on and off: a note written (line breaks and a
// safe link kept), a change seen in the timeline and its old value put back; and the same from the
// keyboard alone (o opens the record, c the note box, Ctrl+Enter saves, j/k walk the timeline).
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { addCustomers, expect, openBook, test } from './fixtures.js';

const entries = (page: Page) => page.locator('#timeline-entries > li[data-timeline-entry]');

test('a note, a change in the timeline, and the old value put back @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, [{ first_name: 'Ada', last_name: 'Lovelace', city: 'London' }]);
  await page.goto('/customers');
  await page.getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible();
  await expect(entries(page).first()).toContainText('added this customer');

  // A note: kept as typed, its web address a link, first in the timeline.
  const box = page.getByLabel('Write a note');
  await box.fill('Called about the invoice.\nThread: https://example.com/invoices/42.');
  await page.getByRole('button', { name: /Save note/ }).click();
  const note = entries(page).first();
  await expect(note).toContainText('wrote a note');
  await expect(note.locator('.note-text')).toHaveText(
    'Called about the invoice.\nThread: https://example.com/invoices/42.',
  );
  await expect(note.getByRole('link', { name: 'https://example.com/invoices/42' })).toHaveAttribute(
    'href',
    'https://example.com/invoices/42',
  );
  await expect(page.getByRole('status')).toContainText('Note saved.');
  if (javaScriptEnabled) {
    // htmx: no page load, a fresh box with the focus, ready for the next note.
    await expect(box).toHaveValue('');
    await expect(box).toBeFocused();
  }

  // A change: seen in the timeline with the old and new value.
  await page.getByRole('link', { name: /^Edit/ }).first().click();
  await page.getByLabel('City (optional)').fill('Paris');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  const change = entries(page).first();
  await expect(change).toContainText('changed city');
  await expect(change.locator('del')).toContainText('London');
  await expect(change.locator('ins')).toContainText('Paris');

  // Put back: London again, itself a change in the timeline.
  await change.getByRole('button', { name: 'Put back city “London”' }).click();
  await expect(page.locator('.record-details')).toContainText('London');
  await expect(entries(page).first()).toContainText('put back an earlier value');
  await expect(entries(page)).toHaveCount(4);
  await expectNoAxeViolations(page, 'the record page with a note, a change and a value put back');
});

test('the story from the keyboard alone', async ({ page, account, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the keyboard layer needs JavaScript');
  void account;
  await addCustomers(page, [{ first_name: 'Grace', last_name: 'Hopper', city: 'Arlington' }]);
  await openBook(page);
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await expect(page.getByRole('heading', { level: 1, name: 'Grace Hopper' })).toBeVisible();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await page.keyboard.press('c');
  await expect(page.getByLabel('Write a note')).toBeFocused();
  await page.keyboard.type('Prefers a call on Mondays.');
  await page.keyboard.press('Control+Enter');
  await expect(entries(page).first()).toContainText('Prefers a call on Mondays.');
  await expect(page.getByLabel('Write a note')).toBeFocused();
  // Out of the box, j and k walk the timeline: the note, then the customer being added.
  await page.keyboard.press('Tab');
  await page.keyboard.press('j');
  await expect(entries(page).first()).toBeFocused();
  await page.keyboard.press('j');
  await expect(entries(page).nth(1)).toBeFocused();
  await expect(entries(page).nth(1)).toContainText('added this customer');
  await page.keyboard.press('k');
  await expect(entries(page).first()).toBeFocused();
  // The note's own Edit, from the keyboard: Tab reaches it, Enter opens it in place.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Edit note' })).toBeFocused();
  await page.keyboard.press('Enter');
  const editor = page.getByLabel('Edit note');
  await expect(editor).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' Not Fridays.');
  await page.keyboard.press('Control+Enter');
  await expect(entries(page).first()).toContainText('Prefers a call on Mondays. Not Fridays.');
  await expect(entries(page).first()).toContainText('(edited)');
  await expect(entries(page).first()).toBeFocused();
  await page.keyboard.press('e');
  await expect(page).toHaveURL(/\/customers\/\d+\/edit$/);
});
