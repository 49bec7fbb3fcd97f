// The Administrator's pages (beyond the manual), used as a person does:
// from Halaman Utama's "Administrator" card to Akun & Peran, a search, one
// account's page, a role given and taken back with "Simpan Peran", and the
// master data pages through the "Menu Administrator". Every page gets the
// walk's checks (walk/harness.js): no console error or failed request, no
// horizontal overflow, no serious or critical axe violation.
//
// Two walks: JavaScript on at 1280 px, off at 375 px. The account changed
// is hendra.gunawan, whom no other browser test uses; its role is taken
// back before the test ends. `make screenshots` saves the pages of the
// first walk as extra-admin-*.png (among them Data Pekerja with Buat Akun
// and the unit edit form, left without saving).
'use strict';
const { twoWalks, walkTests } = require('./walk/harness');
const S = require('./walk/steps');

const CONFIGS = twoWalks('admin');
const ACCOUNT = 'hendra.gunawan';

async function rolesShown(page) {
  return (await page.getByRole('row').filter({ hasText: ACCOUNT })
    .locator('.cell-roles').innerText()).trim();
}

async function walkAdmin(w) {
  const page = await w.open();
  w.at('login as admin');
  await S.login(w, 'admin');
  await w.heading('Halaman Utama');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Administrator' }) });
  w.check(await card.count() === 1, 'no "Administrator" card on Halaman Utama');

  w.at('Akun & Peran');
  await w.go(() => card.getByRole('link', { name: 'Akun & Peran' }).click(), '/admin/accounts');
  await w.heading('Akun & Peran');
  await w.settle('Akun & Peran');
  await w.figure('extra-admin-akun');
  await page.getByLabel('Cari', { exact: true }).fill('hendra');
  await w.go(() => page.getByRole('button', { name: 'Cari', exact: true }).click(), '/admin/accounts');
  w.check(await page.getByRole('row').filter({ hasText: ACCOUNT }).count() === 1,
    `searching "hendra" does not list ${ACCOUNT}`);
  w.check(await page.getByRole('row').filter({ hasText: 'rina.wulandari' }).count() === 0,
    'searching "hendra" still lists rina.wulandari');
  w.check(await rolesShown(page) === '—', `${ACCOUNT} should start with no role`);

  w.at('one account: give a role');
  await w.go(() => page.getByRole('link', { name: `Kelola ${ACCOUNT}` }).click(),
    (p) => /^\/admin\/accounts\/\d+$/.test(p));
  const accountUrl = page.url();
  await w.heading(`Akun ${ACCOUNT}`);
  await w.settle('Akun (one account)');
  const executor = page.getByLabel('ICT Executor', { exact: true });
  w.check(!(await executor.isChecked()), 'ICT Executor is ticked before it was given');
  await executor.check();
  await w.go(() => page.getByRole('button', { name: 'Simpan Peran' }).click());
  const saved = page.getByRole('status').filter({ hasText: 'Peran akun berhasil disimpan' });
  w.check(await saved.count() === 1, 'no message saying the roles were saved');
  w.check(await page.getByLabel('ICT Executor', { exact: true }).isChecked(), 'ICT Executor is not ticked after saving');
  await w.settle('Akun (saved)');
  await w.figure('extra-admin-akun-detail');

  w.at('the list shows the new role');
  await w.go(() => page.getByRole('navigation', { name: 'Menu Administrator' })
    .getByRole('link', { name: 'Akun & Peran' }).click(), '/admin/accounts');
  await page.getByLabel('Cari', { exact: true }).fill(ACCOUNT);
  await w.go(() => page.getByRole('button', { name: 'Cari', exact: true }).click(), '/admin/accounts');
  w.check(await rolesShown(page) === 'ICT Executor', `the list shows roles "${await rolesShown(page)}"`);

  w.at('one account: take the role back');
  await page.goto(accountUrl);
  await page.getByLabel('ICT Executor', { exact: true }).uncheck();
  await w.go(() => page.getByRole('button', { name: 'Simpan Peran' }).click());
  w.check(!(await page.getByLabel('ICT Executor', { exact: true }).isChecked()), 'ICT Executor is still ticked');

  w.at('master data');
  const nav = page.getByRole('navigation', { name: 'Menu Administrator' });
  for (const [name, path, expect, figure] of [
    ['Divisi/Cab/Unit', '/admin/units', 'Finance & Accounting'],
    ['Data Pekerja', '/admin/employees', 'Agus Salim', 'extra-admin-pekerja'],
    ['Platform System', '/admin/platforms', 'SAP S/4HANA'],
  ]) {
    await w.go(() => nav.getByRole('link', { name }).click(), path);
    await w.heading(name);
    const text = await page.getByRole('main').innerText();
    w.check(text.includes(expect), `${name} does not show "${expect}"`);
    await w.settle(name);
    if (name === 'Data Pekerja') {
      // an employee without an account gets Buat Akun on its row (the demo
      // has several; which ones depends on what other tests made)
      w.check(await page.getByRole('button', { name: /^Buat Akun untuk / }).count() >= 1,
        'Data Pekerja offers Buat Akun on no row');
    }
    if (figure) await w.figure(figure);
    if (name === 'Divisi/Cab/Unit') {
      // the edit form, left without saving
      await w.go(() => page.getByRole('link', { name: 'Ubah Finance & Accounting' }).click(), '/admin/units/edit');
      await w.heading('Ubah Divisi/Cab/Unit');
      await w.settle('Ubah Divisi/Cab/Unit');
      await w.figure('extra-admin-unit-ubah');
    }
  }
  await S.logout(w, 'Administrator');
}

walkTests('the Administrator\'s pages', CONFIGS, walkAdmin);
