// Issue 18: Approve Terpilih (section 4) and approvers on a phone
// (section 6), as a person uses them, with the walk's checks on every page
// (walk/harness.js: no console error or failed request, no horizontal
// overflow, no serious or critical axe violation).
//
// - The ICT Verificator (rina.wulandari) approves ten tickets in one go:
//   JavaScript on at 1280 px (the dialog listing the Nomors), off at 375 px
//   (the filter's disclosure, the cards with Open in view, the server's
//   confirmation page). Each walk makes its own ten tickets through the
//   public form (the submit limits forgotten in the test database first)
//   and the Atasan's approvals, over HTTP.
// - At 320 px: no page scrolls sideways, nor a table inside its box
//   (login, the form, home, ICT Helpdesk, the list, a ticket with its
//   Approval jump link, Delegasi Persetujuan, the Administrator's pages:
//   their tables are cards there).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const { test, BASE_URL } = require('./lib');
const { Walk, walked } = require('./walk/harness');
const S = require('./walk/steps');

const ROOT = path.join(__dirname, '..', '..');
const TEST_DB = process.env.TEST_DB || 'pserv_test';

function sql(q) {
  const conninfo = execFileSync(path.join(ROOT, 'scripts', 'dev.sh'), ['conninfo', TEST_DB], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', conninfo, '-c', q], { encoding: 'utf8' }).trim();
}

function unescapeHtml(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
function hiddenPairs(html) {
  const out = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /name="([^"]*)"/.exec(tag);
    const value = /value="([^"]*)"/.exec(tag);
    if (name && /type="hidden"/.test(tag)) out[unescapeHtml(name[1])] = value ? unescapeHtml(value[1]) : '';
  }
  return out;
}

// A letters-only marker (names on the form take no digits).
function marker() {
  let n = Date.now();
  let s = '';
  while (n) { s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26); }
  return `m${s}`;
}
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

// n User ID Unit tickets (Atasan Siti Rahayu) through the public form, each
// approved by the Atasan: they wait on the ICT Verificator. [{ id, nomor }].
async function seedVerificatorTickets(browser, m, n) {
  const ctx = await browser.newContext();
  const req = ctx.request;
  try {
    for (let i = 0; i < n; i += 1) {
      sql("DELETE FROM rate_limits WHERE bucket IN ('submit', 'submit-all')");
      const form = await (await req.get(`${BASE_URL}/request/new`)).text();
      const h = hiddenPairs(form);
      const review = await req.post(`${BASE_URL}/request/new`, {
        multipart: {
          csrf: h.csrf, form_token: h.form_token, action: 'review', kind: 'UNIT',
          full_name: `Uji Massal ${m} ${LETTERS[i]}`, position: 'Staf Operasional SPBU',
          email: `massal.${m}.${LETTERS[i]}@unit.example`, unit_code: 'UNIT-JKT', atasan_nopek: '10050002',
          note: `Uji massal ${m}`, platform: 'SAP', note_SAP: `SAP untuk ${m}`,
        },
      });
      const rhtml = await review.text();
      const block = /<form[^>]*action="[^"]*request\/submit"[\s\S]*?<\/form>/.exec(rhtml);
      if (!block) throw new Error(`seeding: no review page (${review.status()})`);
      const done = await req.post(`${BASE_URL}/request/submit`, { form: hiddenPairs(block[0]) });
      if (!/Permohonan Berhasil Di-Submit/.test(await done.text())) throw new Error(`seeding: the submit failed (${done.status()})`);
    }
    const rows = sql(`SELECT id || ' ' || nomor FROM requests WHERE full_name LIKE 'Uji Massal ${m} %' ORDER BY id`)
      .split('\n').filter(Boolean).map((l) => { const [id, nomor] = l.split(' '); return { id, nomor }; });
    if (rows.length !== n) throw new Error(`seeding: ${rows.length} tickets, not ${n}`);
    // The Atasan approves each.
    const login = hiddenPairs(await (await req.get(`${BASE_URL}/login`)).text());
    await req.post(`${BASE_URL}/login`, { form: { csrf: login.csrf, username: 'siti.rahayu', password: 'Demo-Pserv-2026' }, maxRedirects: 0 });
    for (const t of rows) {
      const page = hiddenPairs(await (await req.get(`${BASE_URL}/requests/${t.id}`)).text());
      const r = await req.post(`${BASE_URL}/requests/${t.id}/decide`, {
        form: { csrf: page.csrf, status: 'atasan', decision: 'approve', reason: `Atasan setuju ${m}`, confirm: '1' },
        maxRedirects: 0,
      });
      if (r.status() !== 303) throw new Error(`seeding: the Atasan's approval of ${t.nomor} answered ${r.status()}`);
    }
    return rows;
  } finally {
    await ctx.close();
  }
}

// Open (the row's link) lies within the window's width, without scrolling
// sideways.
async function openInView(w, nomor) {
  const page = w.page;
  const open = page.getByRole('link', { name: `Open ${nomor}` });
  const box = await open.boundingBox();
  const width = page.viewportSize().width;
  w.check(box && box.x >= 0 && box.x + box.width <= width,
    `Open of ${nomor} is not within the ${width} px window: ${JSON.stringify(box)}`);
  w.check(await open.isVisible(), `Open of ${nomor} is not visible`);
}

async function walkBulk(w, tickets, m) {
  const page = await w.open();
  const phone = w.viewport.width < 640;
  w.at('login as rina.wulandari');
  await S.login(w, 'rina.wulandari');
  await S.toList(w);

  w.at('the filter: her stage and the marker');
  const summary = page.locator('summary.filter-summary');
  if (phone) {
    w.check(await summary.isVisible(), 'on a phone the filter is not a closed disclosure');
    w.check(!(await page.getByLabel('Status', { exact: true }).isVisible()), 'on a phone the filter fields show before the list');
    await summary.click();
  } else {
    w.check(!(await summary.isVisible()), 'at 1280 px the filter shows a disclosure summary');
  }
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Waiting for Approval ICT Verificator' });
  await page.getByLabel('Cari', { exact: true }).fill(`Uji Massal ${m}`);
  await w.go(() => page.getByRole('button', { name: 'Terapkan Filter' }).click(), '/requests');
  await w.settle(`list, bulk (${phone ? 'phone' : 'wide'})`);
  if (phone) {
    const line = await summary.innerText();
    w.check(line.includes('Waiting for Approval ICT Verificator') && line.includes(m),
      `the closed filter does not say the filter in force: "${line}"`);
    for (const t of tickets) await openInView(w, t.nomor);
  }

  w.at('tick ten, Approve Terpilih');
  if (w.js) {
    // the search shows exactly these ten: Pilih semua
    await page.getByLabel('Pilih semua', { exact: true }).check();
  } else {
    for (const t of tickets) await page.getByLabel(`Pilih ${t.nomor}`, { exact: true }).check();
  }
  for (const t of tickets) {
    w.check(await page.getByLabel(`Pilih ${t.nomor}`, { exact: true }).isChecked(), `${t.nomor} is not ticked`);
  }
  await w.settle(`list, ten ticked (${phone ? 'phone' : 'wide'})`);
  await page.getByLabel('Alasan', { exact: true }).fill(`Disetujui massal ${m}`);
  if (w.js) {
    await page.getByRole('button', { name: 'Approve Terpilih' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.innerText();
    w.check(text.includes(`menyetujui ${tickets.length} permohonan`), `the dialog does not ask about ${tickets.length}: ${text}`);
    for (const t of tickets) w.check(text.includes(t.nomor), `the dialog does not list ${t.nomor}`);
    await w.settle('Approve Terpilih (dialog)');
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Approve Terpilih' }).click(), '/requests/bulk');
  } else {
    await w.go(() => page.getByRole('button', { name: 'Approve Terpilih' }).click(), '/requests/bulk');
    await w.heading('Konfirmasi');
    const text = await page.getByRole('main').innerText();
    for (const t of tickets) w.check(text.includes(t.nomor), `the confirmation does not list ${t.nomor}`);
    await w.settle('Approve Terpilih (confirmation page)');
    await w.go(() => page.getByRole('button', { name: 'Ya, Approve Terpilih' }).click(), '/requests/bulk');
  }
  await w.heading('Hasil Keputusan Massal');
  const result = await page.getByRole('main').innerText();
  w.check(result.includes(`${tickets.length} permohonan disetujui.`), `the result does not say ${tickets.length} approved: ${result}`);
  for (const t of tickets) {
    w.check(new RegExp(`${t.nomor}[^\\n]*Disetujui`).test(result), `the result does not say ${t.nomor} was approved`);
  }
  await w.settle('Hasil Keputusan Massal');
  const moved = sql(`SELECT count(*) FROM requests WHERE full_name LIKE 'Uji Massal ${m} %' AND status = 'manager'`);
  w.check(moved === String(tickets.length), `${moved} of the tickets wait on the ICT Manager, not ${tickets.length}`);
  await S.logout(w, 'Rina Wulandari');
}

const BULK = [
  { label: 'bulk, JS on, 1280 px', js: true, viewport: { width: 1280, height: 800 } },
  { label: 'bulk, JS off, 375 px', js: false, viewport: { width: 375, height: 740 } },
];
for (const c of BULK) {
  test(`Approve Terpilih, ten tickets (${c.label})`, async (browser) => {
    const m = marker();
    const tickets = await seedVerificatorTickets(browser, m, 10);
    await walked(browser, c, (w) => walkBulk(w, tickets, m));
  });
}

// ---- 320 px: nothing scrolls sideways ---------------------------------------------------
async function visit(w, p, key) {
  const res = await w.page.goto(`${BASE_URL}${p}`);
  w.check(res.status() < 400, `${p} answered ${res.status()}`);
  await w.settle(key);
  // nor a table inside its own box
  const wide = await w.page.evaluate(() => Array.from(document.querySelectorAll('.table-wrap'))
    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.scrollWidth} > ${e.clientWidth}`));
  if (wide.length) w.defect(`a table scrolls sideways in its box on ${p}: ${wide.join(', ')}`);
}

test('320 px: no page scrolls sideways; the ticket\'s Approval jump link', async (browser) => {
  const m = marker();
  const [t] = await seedVerificatorTickets(browser, m, 1);
  const w = new Walk(browser, { label: 'phone, 320 px', js: true, viewport: { width: 320, height: 640 } });
  try {
    const page = await w.open();
    w.at('public pages');
    await visit(w, '/login', 'login (320)');
    await visit(w, '/request/new', 'form (320)');
    await visit(w, '/password/forgot', 'password forgot (320)');
    w.at('the Verificator');
    await S.login(w, 'rina.wulandari');
    await w.settle('home (320)');
    await visit(w, '/helpdesk', 'helpdesk (320)');
    await visit(w, '/requests', 'list (320)');
    await visit(w, '/requests?status=verificator', 'list, bulk (320)');
    await openInView(w, (await page.locator('.requests-table .cell-nomor').first().innerText()).trim());
    await visit(w, `/requests/${t.id}`, 'ticket with panel (320)');
    const jump = page.getByRole('link', { name: 'Approval', exact: true });
    w.check(await jump.isVisible(), 'no Approval jump link at the top of the ticket');
    const top = await jump.boundingBox();
    const panelBox = await page.locator('#approval').boundingBox();
    w.check(top && panelBox && top.y < panelBox.y, 'the Approval link is not above the panel');
    await jump.click();
    await page.waitForFunction(() => location.hash === '#approval');
    const after = await page.locator('#approval').boundingBox();
    w.check(after && after.y < 640 && after.y >= -1, `the jump did not bring the panel into view: ${JSON.stringify(after)}`);
    await visit(w, '/delegations', 'delegations (320)');
    await S.logout(w, 'Rina Wulandari');
    w.at('the Administrator');
    await S.login(w, 'admin');
    for (const p of ['/admin', '/admin/accounts', '/admin/units', '/admin/employees', '/admin/platforms',
      '/admin/stuck', '/admin/units/new', '/admin/platforms/new', '/admin/units/edit?code=UNIT-JKT',
      '/admin/accounts/1', '/admin/accounts/1/delegations', `/requests/${t.id}`]) {
      await visit(w, p, `${p} (320)`);
    }
    w.check(await page.getByRole('link', { name: 'Approval', exact: true }).count() === 0,
      'the Approval jump link shows to someone without the panel');
    w.finish();
  } catch (e) {
    const shot = await w.failureShot();
    if (shot) e.message += `\n(screenshot: ${shot})`;
    throw e;
  } finally {
    await w.close();
  }
});
