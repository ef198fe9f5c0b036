import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../../../test/support/cli.js';
import { serverUrl } from '../../../../test/support/db.js';
import {
  addPendingBilling, BILLING_PENDING, HOSTILE_COLUMN, HOSTILE_MESSAGE, HOSTILE_TABLE, LEDGER_FAILS, SHOP_TABLES, statusAllWorkspace, type StatusAllWorkspace,
} from './status-all.fixture.js';

/** Debian's chromium, headless; no browser is ever downloaded (.ci/run installs the package). */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-results');
/** The browser's own (this project compiles without the DOM library). */
declare function getComputedStyle(element: unknown): { borderLeftColor: string };
/** Runs in the page: the card's left border colour, which says its state. */
const BORDER = (card: unknown) => getComputedStyle(card).borderLeftColor;

describe('status --all --html: one self-contained page, checked in a real headless Chromium', () => {
  let fixture: StatusAllWorkspace;
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`).toBe(true);
    fixture = await statusAllWorkspace('html');
    const env = { DATABASE_URL: serverUrl() };
    await runCli(['migrate', '--all', '--create-database'], { cwd: fixture.ws.root, env });
    addPendingBilling(fixture.ws);
    file = join(fixture.ws.root, 'status.html');
    const result = await runCli(['status', '--all', '--html', 'status.html'], { cwd: fixture.ws.root, env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('wrote status.html: 4 services');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.cleanup();
  });

  it('is one file with no reference to anything outside it', () => {
    const page = readFileSync(file, 'utf8');
    expect(statSync(file).size).toBeGreaterThan(5000);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b|@import|url\((?!#)|\s(src|href)="(?!#)|https?:\/\/(?!www\.w3\.org\/2000\/svg")/i);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;;');
  });

  it('renders every card and ER table, highlights pending and dirty, escapes every name, has no console error and makes no request', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });

    const cards = await page.$$eval('section.card', (sections) => sections.map((section) => [section.getAttribute('data-service'), section.getAttribute('data-state')]));
    expect(cards).toEqual([['billing', 'pending'], ['broken', 'error'], ['ledger', 'dirty'], ['shop', 'up-to-date']]);

    const pending = page.locator('section.card[data-service="billing"]');
    expect(await pending.locator('.badge.pending').textContent()).toBe('1 pending');
    expect(await pending.locator(`.mark.pending[data-migration="${BILLING_PENDING}"]`).count()).toBe(1);
    expect(await pending.evaluate(BORDER)).toBe('rgb(154, 103, 0)');

    const dirty = page.locator('section.card[data-service="ledger"]');
    expect(await dirty.locator(`.mark.dirty[data-migration="${LEDGER_FAILS}"]`).count()).toBe(1);
    expect(await dirty.locator('.mark.dirty .when').textContent()).toContain(HOSTILE_MESSAGE);
    expect(await dirty.evaluate(BORDER)).toBe('rgb(207, 34, 46)');
    expect(await page.locator('section.card[data-service="broken"] .error-box').textContent()).toContain('CONFIG');

    const shop = page.locator('section.card[data-service="shop"]');
    const tables = await shop.locator('svg.er g.er-table').evaluateAll((groups) => groups.map((group) => group.getAttribute('data-table')));
    expect([...tables].sort()).toEqual([...SHOP_TABLES].sort());
    expect(await shop.locator('svg.er path.er-edge').evaluateAll((paths) => paths.map((path) => `${path.getAttribute('data-from')} -> ${path.getAttribute('data-to')}`).sort()))
      .toEqual(['order_items.order_id -> orders.id', 'order_items.product_id -> products.id', 'orders.customer_id -> customers.id']);
    const hostile = shop.locator('g.er-table').filter({ hasText: HOSTILE_TABLE });
    expect(await hostile.locator('.er-title').textContent()).toBe(HOSTILE_TABLE);
    expect(await hostile.locator('.er-name').allTextContents()).toContain(HOSTILE_COLUMN);
    for (const box of await shop.locator('g.er-table rect.er-box').all()) expect((await box.boundingBox())?.width).toBeGreaterThan(60);

    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'status-all.png'), fullPage: true });
    expect(statSync(join(ARTIFACTS, 'status-all.png')).size).toBeGreaterThan(10_000);
    await page.close();
  });
});
