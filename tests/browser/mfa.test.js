// The second factor (issue 19, part 3) as a person meets it, with
// JavaScript on at 1280 px, on the test server of make test-browser (make
// run's configuration: PservRequireMFA for the ICT roles and the
// Administrator). A fresh ICT Executor account (made here in the test
// database, deleted at the end) logs in: Aktifkan Verifikasi Dua Langkah
// with the QR code and the secret, a wrong code refused, the code this
// test computes from the secret on the page (RFC 6238, lib.js) accepted,
// the ten recovery codes, Halaman Utama; Logout; the next login asks Kode
// Verifikasi. Then the Administrator (TOTP from the demo secret) resets
// it on the account page, and its next login enrols again. Every page
// gets the walk's checks (walk/harness.js).
'use strict';
const path = require('path');
const { execFileSync } = require('child_process');
const { test, totp, mfaSecret } = require('./lib');
const { Walk, BASE_URL } = require('./walk/harness');
const S = require('./walk/steps');

const ROOT = path.join(__dirname, '..', '..');
const USER = `mfa.${Date.now().toString(36)}`;
const NAME = 'Uji Verifikasi';

function sql(q) {
  const db = process.env.TEST_DB || 'pserv_test';
  const conninfo = execFileSync(path.join(ROOT, 'scripts', 'dev.sh'), ['conninfo', db], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', conninfo, '-c', q], { encoding: 'utf8' }).trim();
}

async function password(w) {
  const page = w.page;
  await S.openLoginPage(w);
  await page.getByLabel('Username').fill(USER);
  await page.getByLabel('Password', { exact: true }).fill(S.DEMO_PASSWORD);
  await w.go(() => page.getByRole('button', { name: 'Login' }).click(), '/login/mfa');
}

async function code(w, value, button) {
  const page = w.page;
  await page.getByLabel('Kode Verifikasi').fill(value);
  await w.go(() => page.getByRole('button', { name: button, exact: true }).click());
}

async function walkMfa(w, id) {
  const page = await w.open();

  w.at('the password, then Aktifkan Verifikasi Dua Langkah');
  await password(w);
  await w.heading('Aktifkan Verifikasi Dua Langkah');
  const qr = page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' });
  w.check(await qr.isVisible(), 'no QR code on the enrolment page');
  const box = await qr.boundingBox();
  w.check(box && box.width >= 200, `the QR code is ${box && box.width} px wide`);
  const secret = (await page.locator('#mfa-secret').textContent()).trim();
  w.check(/^[A-Z2-7]{32}$/.test(secret), `the secret in text is "${secret}"`);
  await w.settle('Aktifkan Verifikasi Dua Langkah');
  await w.figure('mfa-aktifkan');

  w.at('a wrong code, then the right one');
  const now = Math.floor(Date.now() / 30000);
  const right = totp(secret, now);
  await code(w, right === '000000' ? '111111' : '000000', 'Aktifkan');
  w.check(w.path() === '/login/mfa', `a wrong code left ${page.url()}`);
  w.check((await page.getByRole('alert').first().textContent()).includes('Kode Verifikasi salah'),
    'no message for the wrong code');
  await w.settle('Aktifkan Verifikasi Dua Langkah (wrong code)');
  await code(w, right, 'Aktifkan');
  await w.heading('Kode Pemulihan');
  const codes = await page.locator('.mfa-recovery-codes li').allTextContents();
  w.check(codes.length === 10 && codes.every((c) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(c.trim())),
    `recovery codes: ${JSON.stringify(codes)}`);
  await w.settle('Kode Pemulihan');
  await w.figure('mfa-kode-pemulihan');
  await w.go(() => page.getByRole('link', { name: 'Lanjutkan' }).click(), '/home');
  await w.heading('Halaman Utama');
  await S.logout(w, NAME);

  w.at('the next login: Kode Verifikasi');
  mfaSecret(USER, secret);
  await password(w);
  await w.heading('Kode Verifikasi');
  await w.settle('Kode Verifikasi');
  await w.figure('mfa-kode-verifikasi');
  // the enrolment took this step's code: the next step's
  await code(w, totp(secret, now + 1), 'Verifikasi');
  w.check(w.path() === '/home', `a right code left the browser at ${page.url()}`);
  await w.heading('Halaman Utama');
  const menu = S.userMenu(page, NAME);
  await menu.getByText(NAME, { exact: true }).first().click();
  w.check(await menu.getByRole('link', { name: 'Verifikasi Dua Langkah', exact: true }).isVisible(),
    'no Verifikasi Dua Langkah in the user menu');
  await page.keyboard.press('Escape');
  await S.logout(w, NAME);

  w.at('the Administrator resets it');
  await S.login(w, 'admin');
  await w.go(() => page.goto(`${BASE_URL}/admin/accounts/${id}`), `/admin/accounts/${id}`);
  await w.heading(`Akun ${USER}`);
  w.check((await page.locator('#mfa-state').textContent()).startsWith('Aktif sejak'), 'the account page does not say it is enrolled');
  await w.go(() => page.getByRole('button', { name: 'Reset Verifikasi Dua Langkah' }).click(), `/admin/accounts/${id}`);
  w.check(await page.getByText('Verifikasi Dua Langkah akun ini direset').isVisible(), 'no message after the reset');
  w.check((await page.locator('#mfa-state').textContent()).startsWith('Belum aktif'), 'still enrolled after the reset');
  await w.settle('account page after the reset');
  await w.figure('mfa-reset');
  await S.logout(w, 'Administrator');

  w.at('after the reset the account enrols again');
  await password(w);
  await w.heading('Aktifkan Verifikasi Dua Langkah');
  const fresh = (await page.locator('#mfa-secret').textContent()).trim();
  w.check(fresh !== secret, 'the same secret after the reset');
}

test('Verifikasi Dua Langkah (JS on, 1280 px)', async (browser) => {
  const w = new Walk(browser, { label: 'mfa, JS on, 1280 px', js: true, viewport: { width: 1280, height: 800 }, figures: true });
  const id = sql(`INSERT INTO accounts (username, full_name, password_hash, password_set_at)
    SELECT '${USER}', '${NAME}', password_hash, now() FROM accounts WHERE username = 'admin' RETURNING id`)
    .split('\n')[0];
  sql(`INSERT INTO account_roles (account_id, role) VALUES (${id}, 'ict_executor')`);
  try {
    await walkMfa(w, id);
    w.finish();
  } finally {
    await w.close();
    sql(`DELETE FROM accounts WHERE id = ${id}`);
  }
});
