// Alihkan Persetujuan (issue 17) as people use it, on the demo's deadlock:
// Dedi Kurniawan (10010003) asks for a User ID, his Atasan Rina Wulandari
// approves, and she is the only ICT Verificator, so the ticket stops there.
// The Administrator finds it on Tiket Tertahan, gives that stage of that
// ticket to another account with an Alasan and confirms (in a dialog with
// JavaScript, on the server's confirmation page without); the assignee
// finds the ticket in the list, opens it and approves. Then Bambang
// Sutrisno (ICT Manager) sets a Delegasi Persetujuan, the ticket names his
// delegate "atas nama" him, and he ends it. Menunggu on the ticket page is
// read at each step: whom it waits on, or why nobody may act. Every page
// gets the walk's checks (walk/harness.js): no console error or failed
// request, no horizontal overflow, no serious or critical axe violation.
//
// Two walks: JavaScript on at 1280 px (the assignee rudi.hartono), off at
// 375 px (dewi.anggraini); the delegate is wahyu.hidayat. No other browser
// test uses them; each walk ends the delegation it made. `make
// screenshots` saves the first walk's pages as extra-*.png.
'use strict';
const { twoWalks, walkTests } = require('./walk/harness');
const S = require('./walk/steps');

const CONFIGS = twoWalks('reassignment',
  { assignee: { username: 'rudi.hartono', fullName: 'Rudi Hartono' } },
  { assignee: { username: 'dewi.anggraini', fullName: 'Dewi Anggraini' } });

const STATUS = {
  atasan: 'Waiting for Approval Atasan Pemohon',
  verificator: 'Waiting for Approval ICT Verificator',
  manager: 'Waiting for Approval ICT Manager',
};
const RINA = { username: 'rina.wulandari', fullName: 'Rina Wulandari' };
const BAMBANG = { username: 'bambang.sutrisno', fullName: 'Bambang Sutrisno' };
const DELEGATE = { username: 'wahyu.hidayat', fullName: 'Wahyu Hidayat' };
const STUCK_WHY = 'Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan';

// YYYY-MM-DD in Jakarta, days from today.
function wibDate(days) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

// Menunggu under Progres Persetujuan, as one line of text ('' when none).
async function waiting(page) {
  const h = page.getByRole('heading', { name: 'Menunggu', level: 3, exact: true });
  if (await h.count() === 0) return '';
  return (await h.locator('xpath=..').innerText()).replace(/\s+/g, ' ').trim();
}

// Menunggu says the stage and each of `has`, and none of `not`.
async function checkWaiting(w, stage, has, not = []) {
  const text = await waiting(w.page);
  w.check(text.includes(`Tahap ${stage}`), `Menunggu does not name the stage ${stage}: "${text}"`);
  for (const s of has) w.check(text.includes(s), `Menunggu does not say "${s}": "${text}"`);
  for (const s of not) w.check(!text.includes(s), `Menunggu says "${s}": "${text}"`);
}

// Halaman Utama -> ICT Helpdesk -> the list -> the ticket, found by its
// Nomor under the Status filter.
async function toTicket(w, t, status) {
  await S.toList(w);
  const row = await S.findRow(w, status, t.nomor);
  await S.openTicket(w, row, t);
  return row;
}

async function walkReassign(w, assignee) {
  const page = await w.open();
  const tag = `${w.js ? 'j' : 'n'}${w.viewport.width}-${Date.now().toString(36).slice(-6)}`;
  const docs = Boolean(process.env.SCREENSHOTS_DIR && w.figuresDir);
  const tagged = (text) => (docs ? `${text}.` : `${text} (${tag}).`);

  w.at('Dedi Kurniawan asks for a User ID');
  const t = {
    kind: 'HO - Organik/PKWT', nopek: '10010003', fullName: 'Dedi Kurniawan',
    expectEmail: 'dedi.kurniawan@ptpr.example', shownEmail: 'de***@ptpr.example', unit: 'ICT', atasanName: RINA.fullName,
    platforms: { 'E-mail Korporat': tagged('Kotak surat untuk piket malam') },
    note: tagged('Akses tambahan untuk tim ICT Operation'),
  };
  t.nomor = await S.submitRequest(w, t);

  w.at('Rina approves as his Atasan');
  await S.login(w, RINA.username);
  await toTicket(w, t, STATUS.atasan);
  await checkWaiting(w, 'Atasan Pemohon', [RINA.fullName]);
  await S.decide(w, t, {
    decision: 'approve', reason: tagged('Disetujui sebagai Atasan'), actor: RINA.fullName, next: STATUS.verificator,
  });
  // She is the only ICT Verificator and has decided stage 1: nobody may act.
  await checkWaiting(w, 'ICT Verificator', ['Tidak ada yang dapat bertindak', STUCK_WHY]);
  w.check(!(await page.getByRole('button', { name: 'Approve', exact: true }).isVisible()),
    'Rina is offered Approve at the ICT Verificator stage');
  await S.logout(w, RINA.fullName);

  w.at('the Administrator: Tiket Tertahan');
  await S.login(w, 'admin');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Administrator' }) });
  await w.go(() => card.getByRole('link', { name: 'Tiket Tertahan' }).click(), '/admin/stuck');
  await w.heading('Tiket Tertahan');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: t.nomor, exact: true }) });
  w.check(await row.count() === 1, `Tiket Tertahan does not list ${t.nomor}`);
  const rowText = await row.innerText();
  for (const s of ['Dedi Kurniawan', 'ICT Verificator', STUCK_WHY]) {
    w.check(rowText.includes(s), `the row of ${t.nomor} on Tiket Tertahan does not say "${s}": ${rowText}`);
  }
  w.check((await page.getByRole('main').innerText()).includes('hanya Rina Wulandari'),
    'Tiket Tertahan does not say, ahead, that ICT Verificator is held by Rina Wulandari only');
  await w.settle('Tiket Tertahan');
  await w.figure('extra-tiket-tertahan');

  w.at('the ticket, as the Administrator');
  await w.go(() => row.getByRole('link', { name: t.nomor, exact: true }).click(), (p) => /^\/requests\/\d+$/.test(p));
  await w.heading('Detail Request User ID');
  t.path = w.path();
  await checkWaiting(w, 'ICT Verificator', ['Tidak ada yang dapat bertindak', STUCK_WHY]);
  w.check(!(await page.getByRole('button', { name: 'Approve', exact: true }).isVisible()),
    'the Administrator is offered Approve: the role only routes');
  await w.settle('ticket (Administrator, stuck)');
  await w.figure('extra-menunggu-tertahan', page.getByRole('heading', { name: 'Progres Persetujuan', level: 2 }).locator('xpath=..'));

  w.at('Alihkan Persetujuan');
  await w.go(() => page.getByRole('link', { name: 'Alihkan Persetujuan' }).click(), `${t.path}/assign`);
  await w.heading('Alihkan Persetujuan');
  w.check((await page.getByRole('main').innerText()).includes(STUCK_WHY), 'Alihkan Persetujuan does not say why nobody may act');
  const reason = tagged('Rina sudah menyetujui sebagai Atasan');
  await page.getByLabel('Akun Tujuan').fill(assignee.username);
  await page.getByLabel('Alasan', { exact: true }).fill(reason);
  await w.settle('Alihkan Persetujuan');
  await w.figure('extra-alihkan');
  const button = page.getByRole('button', { name: 'Alihkan Persetujuan', exact: true });
  if (w.js) {
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Konfirmasi' });
    await dialog.waitFor({ state: 'visible' }).catch(() => w.fail('Alihkan Persetujuan opened no "Konfirmasi" dialog'));
    const q = await dialog.innerText();
    w.check(q.includes(`mengalihkan persetujuan tahap ICT Verificator tiket ${t.nomor}`) && q.includes(assignee.username),
      `the dialog asks "${q}"`);
    await w.settle('Alihkan Persetujuan (dialog)');
    await w.figure('extra-alihkan-konfirmasi', 'viewport');
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Alihkan Persetujuan' }).click(), t.path);
  } else {
    await w.go(() => button.click(), `${t.path}/assign`);
    const q = page.getByRole('heading', { level: 2, name: /Anda yakin akan mengalihkan persetujuan/ });
    w.check(await q.count() === 1, 'no confirmation question after Alihkan Persetujuan');
    const qText = await q.innerText();
    w.check(qText.includes(t.nomor) && qText.includes(`${assignee.fullName} (${assignee.username})`),
      `the confirmation asks "${qText}"`);
    w.check((await page.getByRole('main').innerText()).includes(reason), 'the confirmation does not repeat the Alasan');
    await w.settle('Alihkan Persetujuan (confirmation page)');
    await w.go(() => page.getByRole('button', { name: 'Ya, Alihkan Persetujuan' }).click(), t.path);
  }
  await w.heading('Detail Request User ID');
  w.check(await page.getByRole('status').filter({ hasText: 'Persetujuan tahap ini telah dialihkan' }).count() === 1,
    'no notice saying the stage was reassigned');
  await checkWaiting(w, 'ICT Verificator', [`${assignee.fullName} (dialihkan)`], ['Tidak ada yang dapat bertindak']);
  const log = await S.activityLog(page).innerText();
  w.check(log.includes(`Persetujuan dialihkan kepada ${assignee.fullName}`) && log.includes(reason),
    'the Activity Log does not record the reassignment with its Alasan');
  await w.settle('ticket (Administrator, reassigned)');
  await w.figure('extra-menunggu-dialihkan', page.getByRole('heading', { name: 'Progres Persetujuan', level: 2 }).locator('xpath=..'));
  await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Halaman Utama' }).click(), '/home');
  await w.go(() => card.getByRole('link', { name: 'Tiket Tertahan' }).click(), '/admin/stuck');
  w.check(await page.getByRole('rowheader', { name: t.nomor, exact: true }).count() === 0,
    `Tiket Tertahan still lists ${t.nomor}`);
  await S.logout(w, 'Administrator');

  w.at(`${assignee.username} approves`);
  await S.login(w, assignee.username);
  await toTicket(w, t, STATUS.verificator);
  await checkWaiting(w, 'ICT Verificator', [`${assignee.fullName} (dialihkan)`]);
  await S.decide(w, t, {
    decision: 'approve', reason: tagged('Verifikasi kotak surat'), actor: assignee.fullName, next: STATUS.manager,
  });
  await checkWaiting(w, 'ICT Manager', [BAMBANG.fullName], [assignee.fullName]);
  await S.logout(w, assignee.fullName);

  w.at('Bambang delegates');
  await S.login(w, BAMBANG.username);
  const menu = S.userMenu(page, BAMBANG.fullName);
  await menu.getByText(BAMBANG.fullName, { exact: true }).first().click();
  const link = menu.getByRole('link', { name: 'Delegasi Persetujuan' });
  await link.waitFor({ state: 'visible' });
  await w.go(() => link.click(), '/delegations');
  await w.heading('Delegasi Persetujuan');
  await page.getByLabel('Delegasikan kepada').fill(DELEGATE.username);
  await page.getByLabel('Mulai').fill(wibDate(0));
  await page.getByLabel('Sampai').fill(wibDate(1));
  await page.getByLabel('Alasan').fill(tagged('Dinas luar kota'));
  await w.go(() => page.getByRole('button', { name: 'Simpan Delegasi' }).click(), '/delegations');
  w.check(await page.getByRole('status').filter({ hasText: 'Delegasi disimpan' }).count() === 1,
    'no message saying the delegation was saved');
  await w.settle('Delegasi Persetujuan (saved)');

  w.at('Menunggu names the delegate atas nama Bambang');
  await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Halaman Utama' }).click(), '/home');
  await toTicket(w, t, STATUS.manager);
  await checkWaiting(w, 'ICT Manager', [BAMBANG.fullName, `${DELEGATE.fullName} atas nama ${BAMBANG.fullName}`]);
  await w.settle('ticket (delegation running)');
  await w.figure('extra-menunggu-delegasi', page.getByRole('heading', { name: 'Progres Persetujuan', level: 2 }).locator('xpath=..'));

  w.at('Akhiri Delegasi');
  await menu.getByText(BAMBANG.fullName, { exact: true }).first().click();
  await link.waitFor({ state: 'visible' });
  await w.go(() => link.click(), '/delegations');
  const running = page.getByRole('row').filter({ hasText: DELEGATE.fullName }).filter({ hasText: 'Berjalan' });
  w.check(await running.count() === 1, `the delegation to ${DELEGATE.fullName} is not listed as Berjalan`);
  const end = running.getByRole('button', { name: 'Akhiri Delegasi' });
  if (w.js) {
    await end.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Akhiri Delegasi' }).click(), '/delegations');
  } else {
    await w.go(() => end.click(), (p) => /^\/delegations\/\d+\/end$/.test(p));
    await w.go(() => page.getByRole('button', { name: 'Akhiri Delegasi' }).click(), '/delegations');
  }
  w.check(await page.getByRole('status').filter({ hasText: 'Delegasi diakhiri' }).count() === 1,
    'no message saying the delegation was ended');
  await page.goto(`${new URL(page.url()).origin}${t.path}`);
  await w.heading('Detail Request User ID');
  await checkWaiting(w, 'ICT Manager', [BAMBANG.fullName], [DELEGATE.fullName]);
  await S.logout(w, BAMBANG.fullName);
}

walkTests('Alihkan Persetujuan', CONFIGS, (w, c) => walkReassign(w, c.assignee));
