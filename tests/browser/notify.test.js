// Pengaturan Notifikasi (issue 18 section 5) as a person uses it: from the
// user menu to the page, Keduanya chosen and saved (the page says so and
// keeps the choice), then Setiap tiket again. Every page gets the walk's
// checks (walk/harness.js): no console error or failed request, no
// horizontal overflow, no serious or critical axe violation.
//
// Two walks: JavaScript on at 1280 px, off at 375 px, as wahyu.hidayat,
// whom no other browser test uses; each walk puts "Setiap tiket" back.
'use strict';
const { twoWalks, walkTests } = require('./walk/harness');
const S = require('./walk/steps');

const CONFIGS = twoWalks('notifications');

const NAME = 'Wahyu Hidayat';

async function save(w, label, saved) {
  const page = w.page;
  await page.getByRole('radio', { name: label, exact: true }).check();
  await w.go(() => page.getByRole('button', { name: 'Simpan Pengaturan' }).click(), '/settings/notifications');
  w.check(await page.getByRole('status').filter({ hasText: `Pengaturan Notifikasi disimpan: ${saved}.` }).count() === 1,
    `no message saying "${saved}" was saved`);
  w.check(await page.getByRole('radio', { name: label, exact: true }).isChecked(), `"${label}" is not chosen after saving`);
}

async function walkNotify(w) {
  const page = await w.open();
  w.at('login as wahyu.hidayat');
  await S.login(w, 'wahyu.hidayat');

  w.at('the user menu: Pengaturan Notifikasi');
  const menu = S.userMenu(page, NAME);
  await menu.getByText(NAME, { exact: true }).first().click();
  const link = menu.getByRole('link', { name: 'Pengaturan Notifikasi' });
  await link.waitFor({ state: 'visible' });
  await w.go(() => link.click(), '/settings/notifications');
  await w.heading('Pengaturan Notifikasi');
  for (const label of ['Setiap tiket', 'Satu e-mail sehari pukul 08:00 WIB', 'Keduanya']) {
    w.check(await page.getByRole('radio', { name: label, exact: true }).count() === 1, `no choice "${label}"`);
  }
  await w.settle('Pengaturan Notifikasi');

  w.at('Keduanya, then Setiap tiket again');
  await save(w, 'Keduanya', 'Keduanya');
  await w.settle('Pengaturan Notifikasi (saved)');
  await w.figure('extra-pengaturan-notifikasi');
  await save(w, 'Setiap tiket', 'Setiap tiket');
  await S.logout(w, NAME);
}

walkTests('Pengaturan Notifikasi', CONFIGS, walkNotify);
