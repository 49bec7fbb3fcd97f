// The harness of the manual walk (walk.test.js): one browser context per
// walk (JavaScript on or off, one width), and on every page it reaches the
// checks the walk stands for: no console error or failed request, no
// horizontal overflow, axe-core (serious or critical, WCAG 2.1 AA) once per
// distinct page, and the manual's figures saved as screenshots in the one
// walk that makes them. Problems found along the way are collected with the
// step they came from and reported together at the end, so one run shows
// them all; a step that cannot go on fails at once.
'use strict';
const fs = require('fs');
const path = require('path');
const { BASE_URL, OUT_DIR, newPage, accessibilityProblems, test } = require('../lib');
const { translator } = require('./lang');

const TIMEOUT = Number(process.env.WALK_TIMEOUT_MS || 10000);

class Walk {
  constructor(browser, { label, js, viewport, figures, lang = 'id', figurePrefix = '' }) {
    this.browser = browser;
    this.label = label;
    this.js = js;
    this.viewport = viewport;
    // The language the walk reads the pages in (walk/lang.js): t(text)
    // gives a page text in it, k(key) a catalogue text by its key.
    this.lang = lang;
    this.tr = translator(lang);
    this.figurePrefix = figurePrefix;
    // WALK_FIGURES=all: every walk saves its figures, in OUT_DIR/walk-<label>/.
    this.figuresDir = figures ? (process.env.SCREENSHOTS_DIR || OUT_DIR)
      : process.env.WALK_FIGURES === 'all' ? path.join(OUT_DIR, `walk-${label.replace(/[^a-z0-9]+/gi, '-')}`) : null;
    this.figureNames = [];
    this.defects = [];
    this.axed = new Set();
    this.step = 'start';
    this.seen = 0;            // page.problems already reported
    this.ignoredAborts = 0;
    this.t0 = Date.now();
    this.axeMs = 0;
  }

  async open() {
    this.page = await newPage(this.browser, { viewport: this.viewport, javaScriptEnabled: this.js });
    this.context = this.page.context();
    this.context.setDefaultTimeout(TIMEOUT);
    this.context.setDefaultNavigationTimeout(TIMEOUT * 2);
    // lib.js records every failed request. A navigation that the browser
    // itself abandons for the next one (net::ERR_ABORTED of a document
    // request) is no fault of the page: those, and only those, are dropped.
    this.abortedNavigations = new Set();
    this.page.on('requestfailed', (r) => {
      if (r.isNavigationRequest() && /ERR_ABORTED/.test(r.failure().errorText)) {
        this.abortedNavigations.add(`request failed: ${r.url()} ${r.failure().errorText}`);
      }
    });
    if (this.figuresDir) fs.mkdirSync(this.figuresDir, { recursive: true });
    return this.page;
  }

  async close() { if (this.context) await this.context.close(); }

  at(step) {
    this.step = step;
    if (process.env.WALK_TRACE) console.log(`#   ${((Date.now() - this.t0) / 1000).toFixed(1)} s  ${step}`);
  }

  defect(message) { this.defects.push(`[${this.step}] ${message}`); }

  // Fails the walk now: the next step cannot be taken.
  fail(message) { throw new Error(`[${this.label}] [${this.step}] ${message}`); }

  check(cond, message) { if (!cond) this.fail(message); }

  path() { return new URL(this.page.url()).pathname; }

  // The checks every page (or new state of a page) gets. `key` names the
  // distinct page for axe; axe runs once per key and walk.
  async settle(key) {
    const page = this.page;
    await page.waitForLoadState('load');
    const fresh = page.problems.slice(this.seen);
    this.seen = page.problems.length;
    for (const p of fresh) {
      if (this.abortedNavigations.has(p)) { this.ignoredAborts += 1; continue; }
      this.defect(`${p} (on ${page.url()})`);
    }
    const o = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    }));
    if (o.scroll > o.inner) {
      this.defect(`the page overflows horizontally: scrollWidth ${o.scroll} > innerWidth ${o.inner} on ${page.url()}`);
    }
    if (key && !this.axed.has(key)) {
      this.axed.add(key);
      const t = Date.now();
      const a11y = await accessibilityProblems(page);
      this.axeMs += Date.now() - t;
      if (process.env.WALK_TRACE) console.log(`#     axe ${key}: ${Date.now() - t} ms`);
      for (const v of a11y) this.defect(`accessibility (${key}, ${page.url()}): ${v}`);
    }
  }

  // Runs `action` (a click that submits or follows a link) and waits for
  // the page it leads to; `where` checks the new path.
  async go(action, where) {
    const page = this.page;
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      action(),
    ]);
    if (where) {
      const p = this.path();
      const ok = typeof where === 'function' ? where(p) : p === where;
      this.check(ok, `expected to arrive at ${where} but the page is ${page.url()}`);
    }
    if (response && response.status() >= 400) {
      this.fail(`${page.url()} answered ${response.status()}`);
    }
    return response;
  }

  t(text) { return this.tr.t(text); }

  tOne(text) { return this.tr.tOne(text); }

  // Every translation of text as a RegExp source "(?:a|b)", to build with.
  tRe(text) { return `(?:${this.tr.alts(text).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`; }

  k(key) { return this.tr.k(key); }

  async heading(idName, level = 1) {
    const name = this.t(idName);
    const h = this.page.getByRole('heading', { level, name, exact: true });
    try {
      await h.waitFor({ state: 'visible' });
    } catch (e) {
      const shown = await this.page.getByRole('heading', { level }).allTextContents().catch(() => []);
      this.fail(`no heading "${name}" on ${this.page.url()} (level ${level} headings: ${JSON.stringify(shown)})`);
    }
    return h;
  }

  // A manual figure: the whole page, what the window shows ('viewport',
  // e.g. a modal dialog), or one part of the page (a locator).
  async figure(name, target) {
    if (!this.figuresDir) return;
    name = `${this.figurePrefix}${name}`;
    const file = path.join(this.figuresDir, `${name}.png`);
    if (target === 'viewport') await this.page.screenshot({ path: file });
    else if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file, fullPage: true });
    this.figureNames.push(name);
  }

  // Any HTML (an e-mail) rendered on a page of its own, as a figure.
  async htmlFigure(name, html) {
    if (!this.figuresDir) return;
    name = `${this.figurePrefix}${name}`;
    const p = await this.context.newPage();
    await p.setViewportSize({ width: 760, height: 600 });
    await p.setContent(html, { waitUntil: 'load' });
    await p.screenshot({ path: path.join(this.figuresDir, `${name}.png`), fullPage: true });
    await p.close();
    this.figureNames.push(name);
  }

  async failureShot() {
    try {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      const file = path.join(OUT_DIR, `walk-${this.label.replace(/[^a-z0-9]+/gi, '-')}-failure.png`);
      await this.page.screenshot({ path: file, fullPage: true });
      return file;
    } catch (e) { return null; }
  }

  // Throws once, at the end, with everything collected.
  finish() {
    if (this.defects.length) {
      throw new Error(`[${this.label}] ${this.defects.length} problem(s):\n${this.defects.join('\n')}`);
    }
  }
}

// Polls until `get()` returns a value passing `ok`, or fails with `what`.
async function until(get, ok, what, timeoutMs = TIMEOUT) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await get();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`${what} (last seen: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The error e that stopped walk w, naming the problems found before it and
// the page's screenshot.
async function stopped(w, e) {
  const shot = await w.failureShot();
  if (w.defects.length) e.message += `\nalso found before:\n${w.defects.join('\n')}`;
  if (shot) e.message += `\n(screenshot: ${shot})`;
  return e;
}

// One walk in config c: fn(w) on a fresh Walk, then its checks.
async function walked(browser, c, fn) {
  const w = new Walk(browser, c);
  try {
    await fn(w);
    w.finish();
  } catch (e) {
    throw await stopped(w, e);
  } finally {
    await w.close();
  }
}

// A test per config, "title (label)", walking fn(w, c, browser).
function walkTests(title, configs, fn) {
  for (const c of configs) {
    test(`${title} (${c.label})`, (browser) => walked(browser, c, (w) => fn(w, c, browser)));
  }
}

// The two walks of a page beyond the manual: JavaScript on at 1280 px and
// off at 375 px, each with its own settings added (on, off). `make
// screenshots` (SCREENSHOTS_DIR) takes only the first, whose figures it
// keeps.
function twoWalks(name, on = {}, off = {}) {
  return [
    { label: `${name}, JS on, 1280 px`, js: true, viewport: { width: 1280, height: 800 }, figures: true, ...on },
    { label: `${name}, JS off, 375 px`, js: false, viewport: { width: 375, height: 740 }, ...off },
  ].filter((c) => (process.env.SCREENSHOTS_DIR ? c.figures : true));
}

module.exports = { Walk, until, BASE_URL, stopped, walked, walkTests, twoWalks };
