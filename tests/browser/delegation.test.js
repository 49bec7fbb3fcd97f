// Delegasi Persetujuan (issue 17) as a person uses it: from the user menu
// to the page, an ambiguous "Delegasikan kepada" answered with the
// matching accounts, Simpan Delegasi, and Akhiri Delegasi: in a dialog with
// JavaScript, on the server's confirmation page without. Every page gets
// the walk's checks (walk/harness.js): no console error or failed request,
// no horizontal overflow, no serious or critical axe violation.
//
// Two walks: JavaScript on at 1280 px, off at 375 px. The accounts are
// lestari.ningsih (delegates) and andi.wijaya, whom no other browser test
// uses; each walk ends the delegation it made.
'use strict';
const { twoWalks, walkTests } = require('./walk/harness');
const S = require('./walk/steps');

const CONFIGS = twoWalks('delegation');

// YYYY-MM-DD in Jakarta, days from today.
function wibDate(days) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

async function walkDelegation(w) {
  const page = await w.open();
  w.at('login as lestari.ningsih');
  await S.login(w, 'lestari.ningsih');

  w.at('the user menu: Delegasi Persetujuan');
  const menu = S.userMenu(page, 'Lestari Ningsih');
  await menu.getByText('Lestari Ningsih', { exact: true }).first().click();
  const link = menu.getByRole('link', { name: 'Delegasi Persetujuan' });
  await link.waitFor({ state: 'visible' });
  await w.go(() => link.click(), '/delegations');
  await w.heading('Delegasi Persetujuan');
  await w.settle('Delegasi Persetujuan');
  await w.figure('extra-delegasi');

  w.at('an ambiguous name');
  await page.getByLabel('Delegasikan kepada').fill('wi');
  await page.getByLabel('Mulai').fill(wibDate(0));
  await page.getByLabel('Sampai').fill(wibDate(1));
  await page.getByLabel('Alasan').fill('Cuti (uji browser)');
  // refused: the form again, answered 400 (w.go takes that for a failure)
  const [refused] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Simpan Delegasi' }).click(),
  ]);
  w.check(refused.status() === 400, `the refused form answered ${refused.status()}, not 400`);
  // ... which Chromium logs as a console error: that one is expected
  page.problems = page.problems.filter((p, i) => i < w.seen || !/status of 400 \(Bad Request\)/.test(p));
  const main = page.getByRole('main');
  w.check((await main.innerText()).includes('cocok dengan'), 'no message listing the accounts "wi" matches');
  w.check((await main.innerText()).includes('andi.wijaya'), 'the matches do not list andi.wijaya');
  w.check(await page.getByLabel('Alasan').inputValue() === 'Cuti (uji browser)', 'Alasan was not kept');
  await w.settle('Delegasi Persetujuan (refused)');

  w.at('Simpan Delegasi');
  await page.getByLabel('Delegasikan kepada').fill('andi.wijaya');
  await w.go(() => page.getByRole('button', { name: 'Simpan Delegasi' }).click(), '/delegations');
  w.check(await page.getByRole('status').filter({ hasText: 'Delegasi disimpan' }).count() === 1,
    'no message saying the delegation was saved');
  const row = page.getByRole('row').filter({ hasText: 'Andi Wijaya' }).filter({ hasText: 'Berjalan' });
  w.check(await row.count() === 1, 'the delegation to Andi Wijaya is not listed as Berjalan');
  await w.settle('Delegasi Persetujuan (saved)');

  w.at('Akhiri Delegasi');
  const end = row.getByRole('button', { name: 'Akhiri Delegasi' });
  if (w.js) {
    await end.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    w.check((await dialog.innerText()).includes('Akhiri delegasi kepada Andi Wijaya'),
      'the dialog does not ask about Andi Wijaya');
    await w.settle('Akhiri Delegasi (dialog)');
    await w.figure('extra-delegasi-akhiri', 'viewport');
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Akhiri Delegasi' }).click(), '/delegations');
  } else {
    await w.go(() => end.click(), (p) => /^\/delegations\/\d+\/end$/.test(p));
    await w.heading('Konfirmasi');
    await w.settle('Akhiri Delegasi (confirmation page)');
    await w.go(() => page.getByRole('button', { name: 'Akhiri Delegasi' }).click(), '/delegations');
  }
  w.check(await page.getByRole('status').filter({ hasText: 'Delegasi diakhiri' }).count() === 1,
    'no message saying the delegation was ended');
  w.check(await page.getByRole('row').filter({ hasText: 'Andi Wijaya' }).filter({ hasText: 'Diakhiri' }).count() >= 1,
    'the delegation is not listed as Diakhiri');
  await S.logout(w, 'Lestari Ningsih');
}

walkTests('Delegasi Persetujuan', CONFIGS, walkDelegation);
