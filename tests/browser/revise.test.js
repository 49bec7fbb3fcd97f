// Issue 18 as people use it: Kembalikan untuk Revisi, Perbaiki Permohonan,
// a decision from the e-mail's link, Batalkan Permohonan.
//
// A requester submits through the public form with the wrong attachment
// (an image instead of the letter). Andi Wijaya, the Atasan, presses
// Kembalikan untuk Revisi with an Alasan and confirms (a dialog with
// JavaScript, the server's confirmation page without). The requester opens
// the return mail's Perbaiki Permohonan link: the form, filled with
// everything including the attachment; Hapus on the wrong file, the letter
// added, Submit Permohonan: the same Nomor. Andi then approves from the
// Setujui link of the new mail in a fresh browser, without logging in: the
// confirmation page shows the essentials, Alasan and the button; the same
// link opened again says what happened. ICT Verificator, ICT Manager and
// ICT Executor finish the ticket on their pages; the Activity Log keeps the
// first round's lines "(sebelum revisi)". Last, another requester cancels
// a request from Status Permintaan (Batalkan Permohonan).
//
// Every page gets the walk's checks (walk/harness.js): no console error or
// failed request, no horizontal overflow, no serious or critical axe
// violation. Two walks: JavaScript on at 1280 px, off at 375 px (the mail
// link opened the same way). The requesters (Putri Rahmawati, Bayu
// Saputra, Yoga Pratama, Nur Aini) and Andi Wijaya decide in no other
// browser test. `make screenshots` saves the first walk's pages as
// extra-*.png, and the mail link's confirmation page at 375 px.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const { Walk, BASE_URL, walkTests } = require('./walk/harness');
const { waitForMail } = require('./walk/mail');
const { attachments } = require('./walk/files');
const S = require('./walk/steps');

const CONFIGS = [
  {
    label: 'revision and mail link, JS on, 1280 px', js: true, viewport: { width: 1280, height: 800 }, figures: true,
    requester: {
      kind: 'HO - Organik/PKWT', nopek: '10040002', fullName: 'Putri Rahmawati',
      expectEmail: 'putri.rahmawati@ptpr.example', shownEmail: 'pu***@ptpr.example',
    },
    canceller: {
      kind: 'HO - Organik/PKWT', nopek: '10030002', fullName: 'Yoga Pratama',
      expectEmail: 'yoga.pratama@ptpr.example', shownEmail: 'yo***@ptpr.example',
      unit: 'Human Capital', atasanName: 'Lestari Ningsih',
    },
  },
  {
    label: 'revision and mail link, JS off, 375 px', js: false, viewport: { width: 375, height: 740 },
    requester: {
      kind: 'HO - TKJP', nopek: '20040003', fullName: 'Bayu Saputra',
      expectEmail: 'bayu.saputra@ptpr.example', shownEmail: 'ba***@ptpr.example',
    },
    canceller: {
      kind: 'HO - TKJP', nopek: '20030003', fullName: 'Nur Aini',
      expectEmail: 'nur.aini@ptpr.example', shownEmail: 'nu***@ptpr.example',
      unit: 'Human Capital', atasanName: 'Lestari Ningsih',
    },
  },
];

const STATUS = {
  atasan: 'Waiting for Approval Atasan Pemohon',
  verificator: 'Waiting for Approval ICT Verificator',
  manager: 'Waiting for Approval ICT Manager',
  executor: 'Waiting for ICT Executor',
  completed: 'Completed',
  returned: 'Returned for Revision',
};
const ANDI = { username: 'andi.wijaya', fullName: 'Andi Wijaya', email: 'andi.wijaya@ptpr.example' };
const RINA = { username: 'rina.wulandari', fullName: 'Rina Wulandari' };
const BAMBANG = { username: 'bambang.sutrisno', fullName: 'Bambang Sutrisno' };
const DEDI = { username: 'dedi.kurniawan', fullName: 'Dedi Kurniawan' };

// Each walk submits three times (the request, its fix, the one cancelled)
// from 127.0.0.1, and the browser tests together would pass
// PservSubmitMaxPerAddress: the walk starts with the address's submit
// counter at zero, as bulk.test.js does before each of its submits.
const ROOT = path.join(__dirname, '..', '..');
function resetSubmitLimit() {
  const db = process.env.TEST_DB || 'pserv_test';
  const conninfo = execFileSync(path.join(ROOT, 'scripts', 'dev.sh'), ['conninfo', db], { encoding: 'utf8' }).trim();
  execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', conninfo, '-c',
    "DELETE FROM rate_limits WHERE bucket IN ('submit', 'submit-all')"], { encoding: 'utf8' });
}

// The path (and query) of the link after `label` in a mail's text, on
// this test's server.
function mailLink(w, mail, re, what) {
  const m = re.exec(mail.text);
  w.check(m, `${what}: no link in the mail "${mail.subject}":\n${mail.text}`);
  const u = new URL(m[1]);
  return `${BASE_URL}${u.pathname}${u.search}`;
}

// Chromium logs a document answered 4xx as a console error: the one
// expected answer is dropped, nothing else.
function expectStatus(w, page, code) {
  page.problems = page.problems.filter((p, i) => i < w.seen || !new RegExp(`status of ${code}`).test(p));
}

// A link from a mail, typed into the address bar. Waits until the page
// is quiet: the browser fetches the icon after the load, and the next
// click would abort that request.
async function openLink(page, url) {
  const res = await page.goto(url);
  await page.waitForLoadState('networkidle');
  return res;
}

// A modal confirmation dialog sits in the middle of the window.
async function checkCentred(w, dialog, what) {
  const b = await dialog.boundingBox();
  const h = w.viewport.height;
  const below = h - (b.y + b.height);
  if (b.y < 0 || below < 0 || Math.abs(b.y - below) > 4) {
    w.defect(`${what}'s dialog is not in the middle of the window: ${Math.round(b.y)} px above it, ${Math.round(below)} px below`);
  }
}

async function mainText(page) {
  return (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');
}

// The ticket page, as `who`, from the list filtered on `status`.
async function toTicket(w, who, t, status) {
  await S.login(w, who.username);
  await S.toList(w);
  const row = await S.findRow(w, status, t.nomor);
  await S.openTicket(w, row, t);
}

// Kembalikan untuk Revisi, as the Atasan on the ticket page.
async function returnForRevision(w, t, reason) {
  const page = w.page;
  await w.heading('Approval', 2);
  const before = await S.activityLog(page).getByRole('listitem').count();
  await page.getByLabel('Alasan', { exact: true }).fill(reason);
  const button = page.getByRole('button', { name: 'Kembalikan untuk Revisi', exact: true });
  w.check(await button.isVisible(), 'the approval panel offers no "Kembalikan untuk Revisi"');
  await w.settle('ticket, approval panel (return)');
  if (w.js) {
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Konfirmasi' });
    await dialog.waitFor({ state: 'visible' }).catch(() => w.fail('Kembalikan untuk Revisi opened no "Konfirmasi" dialog'));
    const q = (await dialog.innerText()).replace(/\s+/g, ' ');
    w.check(q.includes('Anda yakin akan mengembalikan permohonan ini kepada pemohon untuk revisi?'), `the dialog asks "${q}"`);
    await checkCentred(w, dialog, 'Kembalikan untuk Revisi');
    await w.settle('confirmation dialog (return)');
    await w.figure('extra-kembalikan-konfirmasi', 'viewport');
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Kembalikan Permohonan Ini' }).click(), t.path);
  } else {
    await w.go(() => button.click(), `${t.path}/decide`);
    await w.heading('Konfirmasi');
    const q = await mainText(page);
    w.check(q.includes(`Anda yakin akan mengembalikan permohonan ${t.nomor} kepada pemohon untuk revisi?`),
      `the confirmation page asks: ${q}`);
    w.check(q.includes(reason), 'the confirmation page does not repeat the Alasan');
    await w.settle('confirmation page (return)');
    await w.go(() => page.getByRole('button', { name: 'Ya, Kembalikan Permohonan Ini' }).click(), t.path);
  }
  await w.heading('Detail Request User ID');
  w.check(await page.getByRole('status').filter({ hasText: 'Permohonan telah dikembalikan untuk revisi' }).count() === 1,
    'no notice saying the request was returned for revision');
  const data = await page.getByRole('heading', { name: 'Data Pemohon', level: 2 }).locator('xpath=..').innerText();
  w.check(new RegExp(`Status\\s+${STATUS.returned}`).test(data), `the ticket's Status is not "${STATUS.returned}"`);
  const log = await S.activityLog(page).innerText();
  w.check(await S.activityLog(page).getByRole('listitem').count() === before + 1, 'the Activity Log has not one more line');
  w.check(log.includes(STATUS.returned) && log.includes(reason), 'the Activity Log does not show the return with its Alasan');
  for (const b of ['Approve', 'Reject', 'Kembalikan untuk Revisi']) {
    w.check(!(await page.getByRole('button', { name: b, exact: true }).isVisible()), `"${b}" is still offered after the return`);
  }
  await w.settle('ticket returned');
}

// Perbaiki Permohonan from the return mail: the form filled, the wrong
// file removed, the right one added, Review, Submit: the same Nomor.
async function fixRequest(w, t, files, reason, since) {
  const page = w.page;
  const mail = await waitForMail({ to: t.expectEmail, since, what: 'the return mail',
    match: (m) => m.subject.includes(t.nomor) && m.subject.includes('dikembalikan untuk revisi') });
  w.check(mail.text.includes(reason), `the return mail does not give the Alasan: ${mail.text}`);
  const url = mailLink(w, mail, /Perbaiki Permohonan[^\n]*\n\s*(\S*\/request\/revise\/[A-Za-z0-9_-]+)/, 'Perbaiki Permohonan');
  const res = await openLink(page, url);
  w.check(res.status() === 200, `the Perbaiki Permohonan link answered ${res.status()}`);
  await w.heading('Form Pendaftaran User ID Baru');
  const notice = page.getByRole('status').filter({ hasText: `Perbaiki Permohonan ${t.nomor}` });
  w.check(await notice.count() === 1, 'the form does not say it is Perbaiki Permohonan of this Nomor');
  w.check((await notice.innerText()).includes(reason), 'the form does not say why the request came back');

  // Everything filled as submitted.
  w.check((await page.getByLabel('Nomor', { exact: true }).inputValue()).trim() === t.nomor, 'the form has another Nomor');
  w.check(await page.getByLabel('Nopek').inputValue() === t.nopek, 'Nopek is not filled');
  w.check(await page.getByLabel('Nama Lengkap').inputValue() === t.fullName, 'Nama Lengkap is not filled');
  w.check(await S.selectedText(page.getByLabel('Jenis User ID')) === t.kind, 'Jenis User ID is not kept');
  for (const [name, note] of Object.entries(t.platforms)) {
    w.check(await page.getByRole('checkbox', { name, exact: true }).isChecked(), `${name} is not ticked`);
    const box = page.getByRole('group', { name: 'Catatan Platform System Dipilih' }).getByRole('textbox', { name, exact: true });
    w.check(await box.inputValue() === note, `the note of ${name} is not filled`);
  }
  w.check(await page.getByLabel('Catatan Pemohon').inputValue() === t.note, 'Catatan Pemohon is not filled');
  const wrong = files.png.split('/').pop();
  const uploaded = page.getByRole('list', { name: 'File yang sudah diunggah' });
  w.check((await uploaded.innerText()).includes(wrong), `the form does not list the attachment ${wrong}`);
  await w.settle('Perbaiki Permohonan');
  await w.figure('extra-perbaiki-permohonan');

  // The right attachment instead of the wrong one.
  await page.getByRole('checkbox', { name: `Hapus ${wrong}`, exact: true }).check();
  await page.getByLabel('Tambahkan File Baru').setInputFiles([files.pdf]);
  await w.go(() => page.getByRole('button', { name: 'Review Permohonan' }).click());
  const submit = page.getByRole('button', { name: 'Submit Permohonan' });
  if (!(await submit.isVisible())) {
    const errors = await page.getByRole('alert').allTextContents().catch(() => []);
    w.fail(`Review Permohonan did not lead to the review (messages: ${JSON.stringify(errors)})`);
  }
  const review = await page.getByRole('region', { name: 'Upload Attachment' }).innerText();
  w.check(review.includes(files.pdf.split('/').pop()), 'the review does not list the new attachment');
  w.check(!review.includes(wrong), `the review still lists ${wrong}`);
  await w.settle('review (revised)');
  await w.go(() => submit.click());
  await w.heading('Permohonan Berhasil Di-Submit');
  const shown = (await page.getByText(/^UID-\d{4}-\d{6}$/).first().textContent()).trim();
  w.check(shown === t.nomor, `the success page shows Nomor ${shown}, the request was ${t.nomor}`);
  await w.settle('request submitted (revised)');
  // The spent link says so.
  const again = await openLink(page, url);
  w.check(again.status() === 409, `the spent Perbaiki Permohonan link answered ${again.status()}, not 409`);
  expectStatus(w, page, 409);
  await w.settle('Perbaiki Permohonan, spent link');
}

// The Atasan's Setujui link, in a browser of its own (no session).
async function decideFromMail(browser, c, t, since) {
  const m = new Walk(browser, { ...c, label: `${c.label}, mail link`, figures: false });
  // the figure of this page is the 375 px one
  if (!c.js && process.env.SCREENSHOTS_DIR) m.figuresDir = process.env.SCREENSHOTS_DIR;
  try {
    const page = await m.open();
    m.at('the Atasan\'s mail after the fix');
    const mail = await waitForMail({ to: ANDI.email, since, what: 'the Atasan\'s mail after the fix',
      match: (x) => x.subject.includes(t.nomor) && x.subject.includes('menunggu persetujuan Anda') });
    const url = mailLink(m, mail, /Setujui\s*:\s*(\S+a=approve)\b/, 'Setujui');
    const res = await openLink(page, url);
    m.check(res.status() === 200, `the Setujui link answered ${res.status()}`);
    await m.heading('Setujui Permohonan');
    const text = await mainText(page);
    for (const s of [`Anda yakin akan menyetujui permohonan ${t.nomor}?`, `Anda memutuskan sebagai ${ANDI.fullName}`,
      t.fullName, t.kind, t.unit, 'Tahap Atasan Pemohon']) {
      m.check(text.includes(s), `the confirmation page does not say "${s}": ${text}`);
    }
    for (const name of Object.keys(t.platforms)) m.check(text.includes(name), `the confirmation page does not list ${name}`);
    const yes = page.getByRole('button', { name: 'Ya, Lanjutkan Pengajuan Ini' });
    m.check(await yes.isVisible(), 'no "Ya, Lanjutkan Pengajuan Ini" on the confirmation page');
    m.check(await page.getByRole('link', { name: 'Login untuk membuka tiket' }).count() >= 1, 'no way to the login');
    await m.settle('mail link, confirmation');
    await m.figure('extra-keputusan-email');

    m.at('Ya, Lanjutkan Pengajuan Ini');
    await page.getByLabel('Alasan', { exact: true }).fill('Lampiran sudah benar, disetujui dari e-mail.');
    await m.go(() => yes.click(), '/mail/decide');
    await m.heading('Permohonan Disetujui');
    m.check(await page.getByRole('status').filter({ hasText: `Permohonan ${t.nomor} telah disetujui` }).count() === 1,
      'no message saying the request was approved');
    await m.settle('mail link, done');

    m.at('the same link again');
    const again = await openLink(page, url);
    m.check(again.status() === 410, `the used link answered ${again.status()}, not 410`);
    expectStatus(m, page, 410);
    await m.heading('Link Tidak Berlaku Lagi');
    const said = await mainText(page);
    m.check(said.includes(`permohonan ${t.nomor} sudah disetujui pada tahap Atasan Pemohon oleh ${ANDI.fullName}`),
      `the used link does not say what happened: ${said}`);
    m.check(said.includes('kini menunggu tahap ICT Verificator'), `the used link does not say where it waits: ${said}`);
    await m.settle('mail link, used');
    await m.figure('extra-keputusan-email-terpakai');
    m.finish();
  } finally {
    await m.close();
  }
}

// Batalkan Permohonan on Status Permintaan (the link of the submit mail).
async function cancelRequest(w, r, since) {
  const page = w.page;
  r.nomor = await S.submitRequest(w, r);
  const mail = await waitForMail({ to: r.expectEmail, since, what: 'the submit mail',
    match: (m) => m.subject.includes(r.nomor) && /\/status\/[A-Za-z0-9_-]+/.test(m.text) });
  const url = mailLink(w, mail, /(\S*\/status\/[A-Za-z0-9_-]+)/, 'Status Permintaan');
  await openLink(page, url);
  await w.heading('Status Permintaan');
  const panel = page.getByRole('heading', { name: 'Batalkan Permohonan', level: 2 }).locator('xpath=..');
  await panel.getByLabel('Alasan (opsional)').fill('Salah memilih platform.');
  await w.settle('Status Permintaan');
  const button = panel.getByRole('button', { name: 'Batalkan Permohonan', exact: true });
  if (w.js) {
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Konfirmasi' });
    await dialog.waitFor({ state: 'visible' }).catch(() => w.fail('Batalkan Permohonan opened no "Konfirmasi" dialog'));
    const q = (await dialog.innerText()).replace(/\s+/g, ' ');
    w.check(q.includes(`Anda yakin akan membatalkan permohonan ${r.nomor}?`), `the dialog asks "${q}"`);
    await checkCentred(w, dialog, 'Batalkan Permohonan');
    await w.settle('Batalkan Permohonan (dialog)');
    await w.figure('extra-batalkan-permohonan', 'viewport');
    await w.go(() => dialog.getByRole('button', { name: 'Ya, Batalkan Permohonan Ini' }).click());
  } else {
    await w.go(() => button.click());
    await w.heading('Konfirmasi');
    w.check((await mainText(page)).includes('Salah memilih platform.'), 'the confirmation does not repeat the Alasan');
    await w.settle('Batalkan Permohonan (confirmation page)');
    await w.go(() => page.getByRole('button', { name: 'Ya, Batalkan Permohonan Ini' }).click());
  }
  await w.heading('Status Permintaan');
  const text = await mainText(page);
  w.check(text.includes('Permohonan telah dibatalkan.'), `Status Permintaan does not say it is cancelled: ${text}`);
  w.check(text.includes('Cancelled'), 'Status Permintaan does not show Cancelled');
  w.check(await page.getByRole('button', { name: 'Batalkan Permohonan', exact: true }).count() === 0,
    'Batalkan Permohonan is still offered');
  await w.settle('Status Permintaan (cancelled)');
}

async function walkRevision(browser, w, c) {
  resetSubmitLimit();
  const page = await w.open();
  const started = Date.now();
  const tag = `${w.js ? 'j' : 'n'}${w.viewport.width}-${started.toString(36).slice(-6)}`;
  // (`make screenshots`: plain texts in both walks, the 375 px one gives a figure too)
  const docs = Boolean(process.env.SCREENSHOTS_DIR);
  const tagged = (text) => (docs ? `${text}.` : `${text} (${tag}).`);
  const files = attachments(docs ? '' : tag.replace(/[^a-z0-9]/gi, ''));
  try {
    w.at('the request, with the wrong attachment');
    const t = {
      ...c.requester, unit: 'Retail Operation', atasanName: ANDI.fullName,
      platforms: { 'E-mail Korporat': tagged('Kotak surat untuk tim Retail') },
      note: tagged('Pegawai baru di Retail Operation'),
      files: [files.png],
    };
    t.nomor = await S.submitRequest(w, t);

    w.at('Andi returns it for revision');
    await toTicket(w, ANDI, t, STATUS.atasan);
    const reason = tagged('Lampiran salah: lampirkan surat permohonan (PDF), bukan foto');
    await returnForRevision(w, t, reason);
    await S.logout(w, ANDI.fullName);

    w.at('Perbaiki Permohonan');
    const fixedAt = Date.now();
    await fixRequest(w, t, files, reason, started);

    w.at('Setujui from the mail');
    await decideFromMail(browser, c, t, fixedAt);

    w.at('the ticket goes on');
    const stages = [
      { who: RINA, status: STATUS.verificator, next: STATUS.manager },
      { who: BAMBANG, status: STATUS.manager, next: STATUS.executor },
    ];
    let first = true;
    for (const s of stages) {
      w.at(`${s.who.username} approves`);
      await toTicket(w, s.who, t, s.status);
      if (first) {
        // The first round's lines, marked; Andi's approval from the mail in this round.
        const log = await S.activityLog(page).innerText();
        w.check(/Returned for Revision\s*\(sebelum revisi\)/.test(log), `the return is not marked "(sebelum revisi)": ${log}`);
        w.check(log.includes('Diperbaiki dan diajukan kembali'), 'the Activity Log does not show the fix');
        w.check(log.includes('disetujui dari e-mail'), 'the Activity Log does not show the approval from the mail');
        first = false;
      }
      await S.decide(w, t, { decision: 'approve', reason: tagged('Disetujui'), actor: s.who.fullName, next: s.next });
      await S.logout(w, s.who.fullName);
    }
    w.at('dedi.kurniawan confirms');
    await toTicket(w, DEDI, t, STATUS.executor);
    const userId = docs ? t.expectEmail.split('@')[0] : `rev.${tag}`.replace(/[^a-z0-9.]/gi, '').toLowerCase();
    await S.decide(w, t, {
      decision: 'confirm', userId, reason: tagged('User ID dibuat'), actor: DEDI.fullName, next: STATUS.completed,
    });
    const log = await S.activityLog(page).innerText();
    const marked = log.split('\n').filter((l) => l.includes('(sebelum revisi)'));
    w.check(marked.length >= 2, `the completed ticket does not keep the first round "(sebelum revisi)": ${log}`);
    w.check((await mainText(page)).includes(t.nomor), 'the completed ticket has another Nomor');
    await S.logout(w, DEDI.fullName);

    w.at('Batalkan Permohonan');
    await cancelRequest(w, {
      ...c.canceller, platforms: { 'E-mail Korporat': tagged('Kotak surat') }, note: tagged('Permohonan yang akan dibatalkan'),
    }, Date.now());
  } finally {
    files.cleanup();
  }
}

walkTests('Kembalikan untuk Revisi, Setujui from the mail, Batalkan Permohonan', CONFIGS, (w, c, browser) => walkRevision(browser, w, c));
