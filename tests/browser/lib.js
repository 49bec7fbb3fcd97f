// Shared helpers for the browser tests: Debian's Chromium, headless, with
// every console error, failed request and serious accessibility violation
// recorded so a test can fail on them.
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080';
const OUT_DIR = process.env.OUT_DIR || path.join(__dirname, '..', '..', 'var', 'screenshots');

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A page that records problems into `problems`.
async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || { width: 1280, height: 800 },
    javaScriptEnabled: options.javaScriptEnabled !== false,
    locale: 'id-ID',
  });
  const page = await context.newPage();
  page.javaScriptEnabled = options.javaScriptEnabled !== false;
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure().errorText}`));
  return page;
}

// axe-core, WCAG 2.1 A and AA rules; returns violations of serious or
// critical impact.
async function accessibilityProblems(page) {
  if (page.javaScriptEnabled === false) return noScriptAccessibilityProblems(page);
  // Evaluated through the DevTools protocol, so the page's CSP (which
  // forbids inline script) stays in force and is tested too.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core'), 'utf8'));
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// axe needs timers, and no timer fires in a page without JavaScript: its
// markup as it stands (scripts removed, as they never ran) is checked in a
// twin page at the same URL and width, with the same style sheets and
// cookies. One twin per context, made on first use, closed with it.
const twins = new WeakMap();
async function noScriptAccessibilityProblems(page) {
  const source = page.context();
  let twin = twins.get(source);
  if (!twin) {
    const context = await source.browser().newContext({ viewport: page.viewportSize(), locale: 'id-ID' });
    twin = { context, page: await context.newPage(), doc: null };
    twin.page.javaScriptEnabled = true;
    const t = twin;
    await t.page.route((u) => t.doc !== null && u.href === t.doc.url, (route) => route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8', body: t.doc.html,
    }));
    source.on('close', () => context.close().catch(() => {}));
    twins.set(source, twin);
  }
  twin.doc = {
    url: page.url(),
    html: (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, ''),
  };
  await twin.context.clearCookies();
  await twin.context.addCookies(await source.cookies());
  await twin.page.goto(twin.doc.url);
  return accessibilityProblems(twin.page);
}

async function screenshot(page, name) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// A tiny runner: named async tests, each reported as ok / not ok.
const tests = [];
function test(name, fn) { tests.push({ name, fn }); }
async function run() {
  const browser = await launch();
  let failed = 0;
  let n = 0;
  try {
    for (const t of tests) {
      n += 1;
      try {
        await t.fn(browser);
        console.log(`ok ${n} - ${t.name}`);
      } catch (e) {
        failed += 1;
        console.log(`not ok ${n} - ${t.name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`1..${n}`);
  if (n === 0 || failed) {
    console.log(n === 0 ? 'no browser test ran' : `${failed} browser test(s) failed`);
    process.exit(1);
  }
}

function assert(cond, message) { if (!cond) throw new Error(message); }

// ---- the second factor (make run and these tests: PSERV_MFA=1) ----------
// The demo ICT accounts and the Administrator are enrolled with this
// documented secret (scripts/dev.sh, README "Demo logins"); a test that
// enrols an account itself records its secret with mfaSecret().
const DEMO_MFA_SECRET = 'PSERVDEMOTOTPSECRETFORDEMOONLY23';
const mfaSecrets = new Map();
const mfaLastStep = new Map();
function mfaSecret(username, secret) { mfaSecrets.set(username, secret); }

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.toUpperCase().replace(/[^A-Z2-7]/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238: the 6-digit code of 30-second step `step` (HMAC-SHA1).
function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = require('crypto').createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// On Kode Verifikasi (the page after an enrolled account's password), type
// what the authenticator app shows and press Verifikasi, as a person does.
// A code is accepted once: a second login of the same account within one
// 30-second step uses the next step's code (the server accepts one step
// either side), a third waits for the clock. Returns when the page has
// left /login/mfa.
// texts: the page's words in another language ({ label, button, used }:
// "Kode Verifikasi", "Verifikasi", "sudah dipakai" by default).
async function giveCode(page, username, texts = {}) {
  const label = texts.label || 'Kode Verifikasi';
  const button = texts.button || 'Verifikasi';
  const used = texts.used || 'sudah dipakai';
  const secret = mfaSecrets.get(username) || DEMO_MFA_SECRET;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    let now = Math.floor(Date.now() / 30000);
    let step = Math.max(now, (mfaLastStep.get(username) ?? -1) + 1);
    if (step > now + 1) {
      const ms = (step - 1) * 30000 - Date.now() + 500;
      console.log(`# Kode Verifikasi: ${username} waits ${(ms / 1000).toFixed(1)} s for the next 30 s step`);
      await new Promise((r) => setTimeout(r, ms));
      now = Math.floor(Date.now() / 30000);
      step = Math.max(now, step);
    }
    mfaLastStep.set(username, step);
    await page.getByLabel(label).fill(totp(secret, step));
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    if (new URL(page.url()).pathname !== '/login/mfa') return;
    const said = await page.locator('.notice-error').first().textContent().catch(() => '');
    if (!(said || '').includes(used)) throw new Error(`Kode Verifikasi refused for ${username}: ${said}`);
  }
  throw new Error(`no Kode Verifikasi accepted for ${username}`);
}

module.exports = {
  BASE_URL, OUT_DIR, launch, newPage, accessibilityProblems, screenshot, test, run, assert,
  DEMO_MFA_SECRET, mfaSecret, totp, giveCode,
};
