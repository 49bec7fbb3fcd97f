// The whole user manual, walked in a real browser by a person who reads
// only the screen: chapter 1's flow (drawn as figures 1.1-1.3), chapter 2 (login, logout), 3.1 (the request form, for
// each of the three kinds of User ID), 4 (the Atasan: two approvals and a
// reject), 5 and 6 (ICT Verificator, ICT Manager), 7 (ICT Executor), 3.2
// (the e-mailed link, the new password, logging in as the new User ID).
//
// Four walks: JavaScript on and off, at 1280 px and 375 px. Each fails on a
// console error, a failed request, an axe violation of serious or critical
// impact on any distinct page, horizontal overflow, or a control Playwright
// cannot reach (hidden or covered). The desktop walk with JavaScript saves
// the manual's figures as gambar-X-Y.png in OUT_DIR, or in SCREENSHOTS_DIR
// when that is set (`make screenshots`; then only that walk runs).
// Along the way: the HR auto-fill (or, without JavaScript, "Terapkan" and
// "Cari Data Pekerja"), the notes of the ticked platforms, two attachments,
// the review, the Nomor on the success page, each ticket found by its Nomor
// under the Status filter, the Activity Log growing by each decision, the
// dialog closing with Escape, the e-mail read from the SMTP sink's Maildir
// (walk/mail.js) and its link followed.
//
// The walks that take figures also take 3.3 (the Jenis User ID choice
// open), 3.13 (the stages after the submit, on Status Permintaan) and the
// rejects at the later stages (5.11/5.12, 6.11/6.12, 7.13/7.14: two more
// User ID Unit requests, and the TKJP request on to the ICT Executor).
//
// Beyond the manual, along the way: the requester's Status Permintaan page
// from the submit e-mail's link, and the list downloaded with Unduh CSV.
//
// WALK=<part of a label> runs only the matching walks; WALK_TRACE=1 prints
// the time of each step and of each axe run; WALK_FIGURES=all makes every
// walk save its figures (in OUT_DIR/walk-<label>/).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const { test } = require('./lib');
const { Walk, BASE_URL, stopped } = require('./walk/harness');
const { attachments } = require('./walk/files');
const { waitForMail } = require('./walk/mail');
const S = require('./walk/steps');

const STATUS = {
  atasan: 'Waiting for Approval Atasan Pemohon',
  verificator: 'Waiting for Approval ICT Verificator',
  manager: 'Waiting for Approval ICT Manager',
  executor: 'Waiting for ICT Executor',
  completed: 'Completed',
  rejected: 'Rejected',
};
const PEOPLE = {
  maya: { username: 'maya.puspitasari', fullName: 'Maya Puspitasari', email: 'maya.puspitasari@ptpr.example' },
  siti: { username: 'siti.rahayu', fullName: 'Siti Rahayu' },
  rina: { username: 'rina.wulandari', fullName: 'Rina Wulandari', email: 'rina.wulandari@ptpr.example' },
  bambang: { username: 'bambang.sutrisno', fullName: 'Bambang Sutrisno', email: 'bambang.sutrisno@ptpr.example' },
  dedi: { username: 'dedi.kurniawan', fullName: 'Dedi Kurniawan', email: 'dedi.kurniawan@ptpr.example' },
};

const CONFIGS = [
  { label: 'JS on, 1280 px', js: true, viewport: { width: 1280, height: 800 }, figures: true },
  { label: 'JS on, 375 px', js: true, viewport: { width: 375, height: 740 } },
  { label: 'JS off, 1280 px', js: false, viewport: { width: 1280, height: 800 } },
  { label: 'JS off, 375 px', js: false, viewport: { width: 375, height: 740 } },
  // Issue 20: once more in English, picked with the switch on the login
  // page; the figures as en-gambar-X-Y.png.
  { label: 'English, JS on, 1280 px', js: true, viewport: { width: 1280, height: 800 }, figures: true,
    lang: 'en', figurePrefix: 'en-' },
].filter((c) => (process.env.SCREENSHOTS_DIR ? c.figures : true))
  .filter((c) => !process.env.WALK || c.label.includes(process.env.WALK));

// After the English walk: the accounts it logged in with chose English
// (the switch's cookie is copied to the account at login); the tests after
// it expect the demo accounts as they were.
function forgetLanguages() {
  const conninfo = execFileSync(path.join(__dirname, '..', '..', 'scripts', 'dev.sh'),
    ['conninfo', process.env.TEST_DB || 'pserv_test'], { encoding: 'utf8' }).trim();
  execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', conninfo, '-c',
    `UPDATE accounts SET lang = NULL WHERE username IN (${Object.values(PEOPLE)
      .map((p) => `'${p.username}'`).join(', ')}) OR username LIKE 'agus.%'`]);
}

// PservSubmitMaxPerAddress (20 an hour): the figures walks submit five
// requests, two more than the others; they start their submits with the
// address's counter at zero, as revise.test.js and bulk.test.js do.
function resetSubmitLimit() {
  const conninfo = execFileSync(path.join(__dirname, '..', '..', 'scripts', 'dev.sh'),
    ['conninfo', process.env.TEST_DB || 'pserv_test'], { encoding: 'utf8' }).trim();
  execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', conninfo, '-c',
    "DELETE FROM rate_limits WHERE bucket IN ('submit', 'submit-all')"]);
}

// Figures of one approver's chapter (4, 5, 6 or 7).
function chapterFigures(n) {
  const f = (k) => `gambar-${n}-${k}`;
  return {
    lists: { home: f(3), helpdesk: f(4), list: f(5) },
    row: { filter: f(6), row: f(7) },
    ticket: { progress: f(1), ticket: f(8) },
  };
}

// Figures 1.1 to 1.3 of the manual: the flow of a request, drawn (they are
// diagrams in the manual, not screens). Each step is a box with who acts
// and, in the product's own words, what they press; in the walk's
// language.
function flowFigureHtml(w, part) {
  const en = w.lang !== 'id';
  const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const steps = {
    1: [
      [en ? 'Requester' : 'Pemohon', `Create New Account → ${w.tOne('Form Pendaftaran User ID Baru')}`],
      [en ? 'Requester' : 'Pemohon', `${w.tOne('Review Permohonan')} → ${w.tOne('Submit Permohonan')}`],
      ['P-Serv', en ? 'Number UID-YYYY-NNNNNN; e-mail with the Request Status link; the Atasan is told'
        : 'Nomor UID-YYYY-NNNNNN; e-mail dengan link Status Permintaan; Atasan diberi tahu'],
    ],
    2: [
      ['Atasan Pemohon', 'Approve / Reject / ' + w.tOne('Kembalikan untuk Revisi')],
      ['ICT Verificator', 'Approve / Reject / ' + w.tOne('Kembalikan untuk Revisi')],
      ['ICT Manager', 'Approve / Reject / ' + w.tOne('Kembalikan untuk Revisi')],
    ],
    3: [
      ['ICT Executor', `${w.tOne('User ID Baru')} → Confirm`],
      ['P-Serv', en ? 'Completed; e-mail with the link to set the password'
        : 'Completed; e-mail dengan link untuk membuat password'],
      [en ? 'Requester' : 'Pemohon', `${w.tOne('Ubah Password')} → Login`],
    ],
  }[part];
  const title = en ? `The User ID request process (${part})` : `Alur Proses Request User ID (${part})`;
  const boxes = steps.map(([who, what], i) => `<div style="border:2px solid #0057a8;border-radius:10px;padding:12px 16px;margin:0 auto;max-width:560px;background:#fff">`
    + `<div style="font-weight:700;color:#0057a8">${i + 1}. ${esc(who)}</div><div>${esc(what)}</div></div>`).join(
    '<div style="text-align:center;font-size:22px;color:#c8102e">↓</div>');
  return `<!DOCTYPE html><html lang="${w.lang}"><head><meta charset="UTF-8"><title>${esc(title)}</title></head>`
    + `<body style="font-family:system-ui,sans-serif;background:#f3f5f8;color:#1c2430;padding:24px">`
    + `<h1 style="font-size:20px;text-align:center">${esc(title)}</h1>${boxes}</body></html>`;
}

async function walkManual(w) {
  const page = await w.open();
  const tag = `${w.js ? 'j' : 'n'}${w.viewport.width}-${Date.now().toString(36).slice(-6)}`;
  // Texts carry the walk's tag, so a shared database never confuses two
  // walks. `make screenshots` walks a fresh database: there the figures get
  // plain texts, and the new User ID is agus.salim.
  const docs = Boolean(process.env.SCREENSHOTS_DIR && w.figuresDir);
  // a name takes letters, spaces and . ' - only: the tag's digits as letters
  const nameTag = tag.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]);
  const tagged = (text) => (docs ? `${text}.` : `${text} (${tag}).`);
  const started = Date.now();
  const files = attachments(docs ? '' : tag);
  try {
    // ---------------------------------------------------- chapter 2
    w.at('1.2 Overview');
    for (const part of [1, 2, 3]) await w.htmlFigure(`gambar-1-${part}`, flowFigureHtml(w, part));
    w.at('2.1 Login');
    const res = await page.goto(`${BASE_URL}/`);
    w.check(res.status() === 200, `GET / answered ${res.status()}`);
    await w.heading('Login');
    await page.getByLabel('Username').waitFor();
    if (w.lang !== 'id') {
      // The switch on the login page: a plain link, remembered in a cookie
      // and, at login, on each account that logs in in this browser.
      await w.go(() => page.getByRole('main').getByRole('link', { name: 'English', exact: true }).click(),
        (p) => p === '/' || p === '/login');
      await w.heading('Login');
      w.check(await page.locator('html').getAttribute('lang') === w.lang, `<html lang> is not "${w.lang}" after the switch`);
    }
    await w.settle('Login');
    await w.figure('gambar-2-1');
    await w.figure('gambar-3-1');
    await S.login(w, PEOPLE.maya.username);
    w.at('2.2 Logout');
    await S.logout(w, PEOPLE.maya.fullName, 'gambar-2-2');
    await w.settle('Login after logout');

    // ---------------------------------------------------- chapter 3.1
    w.at('3.1 HO - Organik/PKWT');
    if (w.figuresDir) resetSubmitLimit();
    const organik = {
      kind: 'HO - Organik/PKWT', nopek: '10020003', fullName: 'Agus Salim',
      expectEmail: 'agus.salim@ptpr.example', shownEmail: 'ag***@ptpr.example', unit: 'Finance & Accounting', atasanName: 'Maya Puspitasari',
      platforms: {
        'SAP S/4HANA': tagged('Akses modul FI untuk posting jurnal'),
        'E-mail Korporat': 'Kotak surat untuk korespondensi dengan vendor.',
      },
      note: tagged('Pegawai baru di Accounting, mulai bulan ini'),
      files: [files.pdf, files.png],
    };
    organik.nomor = await S.submitRequest(w, organik, {
      empty: 'gambar-3-2', data: 'gambar-3-5', platforms: 'gambar-3-7', notes: 'gambar-3-8',
      note: 'gambar-3-9', files: 'gambar-3-10', review: 'gambar-3-11', done: 'gambar-3-12',
      kinds: 'gambar-3-3',
    });
    if (w.figuresDir) {
      // Gambar 3.13, the stages after the submit: Progres Persetujuan on
      // Status Permintaan, from the link of the submit e-mail.
      w.at('3.1 Tahapan Persetujuan (the submit e-mail\'s link)');
      const sent = await waitForMail({
        to: organik.expectEmail, since: started, what: 'the submit e-mail of the HO - Organik/PKWT request',
        match: (m) => m.subject.includes(organik.nomor) && m.text.includes('/status/'),
      }).catch((e) => w.fail(e.message));
      const link = (/(https?:\/\/\S+\/status\/[A-Za-z0-9_-]+)/.exec(sent.text) || [])[1];
      w.check(link && link.startsWith(`${BASE_URL}/`), `no status link to ${BASE_URL} in the submit e-mail`);
      const shown = await page.goto(link);
      w.check(shown.status() === 200, `the status link answered ${shown.status()}`);
      await w.heading('Status Permintaan');
      const stages = S.progress(w);
      const text = await stages.innerText();
      for (const want of ['Atasan Pemohon', 'ICT Verificator', 'ICT Manager', 'ICT Executor']) {
        w.check(text.includes(want), `Progres Persetujuan after the submit does not name ${want}`);
      }
      await w.settle('Status Permintaan, just submitted');
      await w.figure('gambar-3-13', stages);
    }

    w.at('3.1 HO - TKJP');
    const tkjp = {
      kind: 'HO - TKJP', nopek: '20020005', fullName: 'Joko Prasetyo',
      expectEmail: 'joko.prasetyo@ptpr.example', shownEmail: 'jo***@ptpr.example', unit: 'Finance & Accounting', atasanName: 'Maya Puspitasari',
      platforms: { 'P-Serv': tagged('Mengajukan layanan ICT Helpdesk') },
      note: 'Admin Finance (TKJP).',
    };
    tkjp.nomor = await S.submitRequest(w, tkjp, { data: 'gambar-3-6' });

    w.at('3.1 User ID Unit');
    const unit = {
      kind: 'User ID Unit', fullName: docs ? 'Dimas Pratama' : `Operator SPBU ${nameTag}`, position: 'Supervisor SPBU',
      expectEmail: docs ? 'dimas.pratama@ptpr.example' : `spbu.${tag}@ptpr.example`, unit: 'Unit Region III Jakarta', atasanName: 'Siti Rahayu',
      platforms: { 'POS SPBU': tagged('Kasir shift pagi') },
      note: 'User ID untuk operator SPBU.',
    };
    unit.nomor = await S.submitRequest(w, unit, { data: 'gambar-3-4' });

    // Gambar 5.11/5.12, 6.11/6.12, 7.13/7.14, the rejects at the later
    // stages: the walks that take figures submit two more User ID Unit
    // requests, which Siti approves; Rina rejects one, Bambang the other,
    // and Dedi the TKJP request, which Rina and Bambang approve.
    let toVerif = null;
    let toManager = null;
    if (w.figuresDir) {
      w.at('3.1 two more User ID Unit requests (for the later rejects)');
      toVerif = {
        kind: 'User ID Unit', fullName: docs ? 'Rudi Hartono' : `Kasir SPBU ${nameTag}`, position: 'Kasir SPBU',
        expectEmail: docs ? 'rudi.hartono@ptpr.example' : `kasir.${tag}@ptpr.example`, unit: 'Unit Region III Jakarta',
        atasanName: 'Siti Rahayu', platforms: { 'POS SPBU': tagged('Kasir shift malam') }, note: 'User ID untuk kasir SPBU.',
      };
      toVerif.nomor = await S.submitRequest(w, toVerif);
      toManager = {
        kind: 'User ID Unit', fullName: docs ? 'Wulan Sari' : `Pengawas SPBU ${nameTag}`, position: 'Pengawas SPBU',
        expectEmail: docs ? 'wulan.sari@ptpr.example' : `pengawas.${tag}@ptpr.example`, unit: 'Unit Region III Jakarta',
        atasanName: 'Siti Rahayu', platforms: { 'POS SPBU': tagged('Laporan penjualan harian') }, note: 'User ID untuk pengawas SPBU.',
      };
      toManager.nomor = await S.submitRequest(w, toManager);
    }
    // One more decision in the session of the person logged in: the list,
    // the ticket's row under `status`, the ticket, the panel.
    const decideOn = async (t, status, how) => {
      if (w.path() !== '/requests') {
        await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
          .getByRole('link', { name: 'Request UID Management System' }).click(), '/requests');
      }
      const r = await S.findRow(w, status, t.nomor);
      await S.openTicket(w, r, t);
      await S.decide(w, t, how);
    };

    // ---------------------------------------------------- chapter 4: the Atasan
    w.at('4 Atasan (HO): approve');
    if (w.figuresDir) {
      const mail = await waitForMail({ to: PEOPLE.maya.email, since: started,
        match: (m) => m.subject.includes(organik.nomor), what: 'the Atasan\'s notification' });
      await w.htmlFigure('gambar-4-2', mail.html);
    }
    const ch4 = chapterFigures(4);
    await S.login(w, PEOPLE.maya.username);
    await S.toList(w, ch4.lists);
    let row = await S.findRow(w, STATUS.atasan, organik.nomor, ch4.row);
    await S.openTicket(w, row, organik, ch4.ticket);
    await S.decide(w, organik, {
      decision: 'approve', reason: tagged('Sesuai kebutuhan Accounting'), actor: PEOPLE.maya.fullName,
      next: STATUS.verificator, figs: { panel: 'gambar-4-9', confirm: 'gambar-4-10', log: 'gambar-4-13' },
    });
    w.at('4 Atasan (HO): approve the TKJP request');
    await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Request UID Management System' }).click(), '/requests');
    row = await S.findRow(w, STATUS.atasan, tkjp.nomor);
    await S.openTicket(w, row, tkjp);
    await S.decide(w, tkjp, {
      decision: 'approve', reason: tagged('Disetujui untuk TKJP'), actor: PEOPLE.maya.fullName, next: STATUS.verificator,
    });
    await S.logout(w, PEOPLE.maya.fullName);

    w.at('4 Atasan (Unit): reject');
    await S.login(w, PEOPLE.siti.username);
    await S.toList(w);
    row = await S.findRow(w, STATUS.atasan, unit.nomor);
    await S.openTicket(w, row, unit);
    const rejectReason = tagged('Pemohon sudah memiliki User ID lain');
    await S.decide(w, unit, {
      decision: 'reject', reason: rejectReason, actor: PEOPLE.siti.fullName, next: STATUS.rejected,
      figs: { panel: 'gambar-4-11', confirm: 'gambar-4-12' },
    });
    await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Request UID Management System' }).click(), '/requests');
    row = await S.findRow(w, STATUS.rejected, unit.nomor);
    for (const t of [toVerif, toManager].filter(Boolean)) {
      w.at(`4 Atasan (Unit): approve ${t.nomor} (for a later reject)`);
      await decideOn(t, STATUS.atasan, {
        decision: 'approve', reason: tagged('Disetujui BUH'), actor: PEOPLE.siti.fullName, next: STATUS.verificator,
      });
    }
    await S.logout(w, PEOPLE.siti.fullName);

    // ------------------------------- beyond the manual: Status Permintaan
    // The requester follows the link in the mail sent on submit, without
    // logging in, and sees the reject and its reason.
    w.at('Status Permintaan (the submit e-mail\'s link)');
    const submitMail = await waitForMail({
      to: unit.expectEmail, since: started, what: 'the submit e-mail with the status link',
      match: (m) => m.subject.includes(unit.nomor) && m.text.includes('/status/'),
    }).catch((e) => w.fail(e.message));
    const statusLink = (/(https?:\/\/\S+\/status\/[A-Za-z0-9_-]+)/.exec(submitMail.text) || [])[1];
    w.check(statusLink && statusLink.startsWith(`${BASE_URL}/`), `no status link to ${BASE_URL} in the submit e-mail`);
    const statusResp = await page.goto(statusLink);
    w.check(statusResp.status() === 200, `the status link answered ${statusResp.status()}`);
    await w.heading('Status Permintaan');
    const statusText = await page.getByRole('main').innerText();
    for (const want of [unit.nomor, STATUS.rejected, rejectReason.replace(/\.$/, '')]) {
      w.check(statusText.includes(want), `the status page does not show "${want}"`);
    }
    await w.settle('Status Permintaan');
    await w.figure('extra-status-permintaan');

    // ---------------------------------- beyond the manual: Unduh CSV
    // The list as a file: the same rows as the page, for the filter in force.
    // Rina downloads it in her session of chapter 5, after her decision (a
    // login of its own would be her second Kode Verifikasi in a walk, and
    // four walks in a row can outrun the 30-second steps: giveCode waits).
    const unduhCsv = async () => {
      w.at('Unduh CSV');
      await w.go(() => page.getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: w.t('Halaman Utama') }).click(), '/home');
      await S.toList(w);
      const csvLink = page.getByRole('link', { name: w.t('Unduh CSV') });
      await w.figure('extra-unduh-csv');
      w.check(await csvLink.count() === 1, 'no "Unduh CSV" link on the list');
      const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      w.check(/^p-serv-requests-\d{8}\.csv$/.test(download.suggestedFilename()),
        `the download is named ${download.suggestedFilename()}`);
      const csv = require('fs').readFileSync(await download.path(), 'utf8');
      w.check(csv.startsWith(`\uFEFF"${w.tOne('Nomor')}",`), 'the CSV does not start with a BOM and the Nomor column, quoted');
      // Rina's list opens on her queue (Waiting for Approval ICT Verificator):
      // the TKJP request is in it, the rejected Unit request is not.
      w.check(csv.includes(tkjp.nomor), `the CSV has no row for ${tkjp.nomor}, waiting for Rina`);
      w.check(!csv.includes(unit.nomor), `the CSV has ${unit.nomor}, which the list in force does not show`);
      await w.settle();
    };

    // ---------------------------------------------------- chapters 5, 6
    const stages = [
      { chapter: 5, who: PEOPLE.rina, status: STATUS.verificator, next: STATUS.manager, reason: 'Verifikasi akses sesuai jabatan' },
      { chapter: 6, who: PEOPLE.bambang, status: STATUS.manager, next: STATUS.executor, reason: 'Disetujui ICT Manager' },
    ];
    for (const s of stages) {
      w.at(`${s.chapter} ${s.who.username}`);
      if (w.figuresDir && w.lang === 'id') {
        const mail = await waitForMail({ to: s.who.email, since: started,
          match: (m) => m.subject.includes(organik.nomor), what: `the notification to ${s.who.username}` });
        await w.htmlFigure(`gambar-${s.chapter}-2`, mail.html);
      }
      const f = chapterFigures(s.chapter);
      await S.login(w, s.who.username);
      await S.toList(w, f.lists);
      row = await S.findRow(w, s.status, organik.nomor, f.row);
      await S.openTicket(w, row, organik, f.ticket);
      await S.decide(w, organik, {
        decision: 'approve', reason: tagged(s.reason), actor: s.who.fullName, next: s.next,
        figs: { panel: `gambar-${s.chapter}-9`, confirm: `gambar-${s.chapter}-10`, log: `gambar-${s.chapter}-13` },
      });
      if (s.who === PEOPLE.rina) await unduhCsv();
      if (w.figuresDir && s.chapter === 5) {
        w.at('5 ICT Verificator: reject (Gambar 5.11, 5.12)');
        await decideOn(toManager, s.status, { decision: 'approve', reason: tagged(s.reason), actor: s.who.fullName, next: s.next });
        await decideOn(toVerif, s.status, {
          decision: 'reject', reason: tagged('Akses POS SPBU sudah dimiliki'), actor: s.who.fullName, next: STATUS.rejected,
          figs: { panel: 'gambar-5-11', confirm: 'gambar-5-12' },
        });
        await decideOn(tkjp, s.status, { decision: 'approve', reason: tagged(s.reason), actor: s.who.fullName, next: s.next });
      }
      if (w.figuresDir && s.chapter === 6) {
        w.at('6 ICT Manager: reject (Gambar 6.11, 6.12)');
        await decideOn(tkjp, s.status, { decision: 'approve', reason: tagged(s.reason), actor: s.who.fullName, next: s.next });
        await decideOn(toManager, s.status, {
          decision: 'reject', reason: tagged('Tidak sesuai kebijakan akses'), actor: s.who.fullName, next: STATUS.rejected,
          figs: { panel: 'gambar-6-11', confirm: 'gambar-6-12' },
        });
      }
      await S.logout(w, s.who.fullName);
    }

    // ---------------------------------------------------- chapter 7
    w.at('7 ICT Executor');
    if (w.figuresDir && w.lang === 'id') {
      const mail = await waitForMail({ to: PEOPLE.dedi.email, since: started,
        match: (m) => m.subject.includes(organik.nomor), what: 'the notification to the ICT Executor' });
      await w.htmlFigure('gambar-7-2', mail.html);
    }
    const f7 = chapterFigures(7);
    const userId = docs ? (w.lang === 'id' ? 'agus.salim' : `agus.salim.${w.lang}`) : `agus.${tag}`;
    await S.login(w, PEOPLE.dedi.username);
    await S.toList(w, f7.lists);
    row = await S.findRow(w, STATUS.executor, organik.nomor, f7.row);
    await S.openTicket(w, row, organik, f7.ticket);
    await S.decide(w, organik, {
      decision: 'confirm', userId, reason: tagged('User ID dibuat untuk SAP dan e-mail'),
      actor: PEOPLE.dedi.fullName, next: STATUS.completed,
      figs: { userId: 'gambar-7-9', panel: 'gambar-7-10', panel2: 'gambar-7-11', confirm: 'gambar-7-12' },
    });
    const main = await page.getByRole('main').innerText();
    w.check(main.includes(userId), `the completed ticket does not show the new User ID ${userId}`);
    if (w.figuresDir) {
      w.at('7 ICT Executor: reject (Gambar 7.13, 7.14)');
      await decideOn(tkjp, STATUS.executor, {
        decision: 'reject', atExecutor: true, reason: tagged('Pemohon sudah memiliki akses P-Serv'),
        actor: PEOPLE.dedi.fullName, next: STATUS.rejected, figs: { panel: 'gambar-7-13', confirm: 'gambar-7-14' },
      });
    }
    await S.logout(w, PEOPLE.dedi.fullName);

    // ---------------------------------------------------- chapter 3.2
    w.at('3.2 E-mail');
    const mail = await waitForMail({
      to: organik.expectEmail, since: started, what: 'the e-mail with the set-password link',
      match: (m) => m.subject.includes(organik.nomor) && m.text.includes('/password/set'),
    }).catch((e) => w.fail(e.message));
    w.check(mail.text.includes(userId), `the e-mail does not name the User ID ${userId}`);
    const link = (/(https?:\/\/\S+\/password\/set\?token=[A-Za-z0-9_-]+)/.exec(mail.text) || [])[1];
    w.check(link, 'no set-password link in the e-mail');
    w.check(link.startsWith(`${BASE_URL}/`), `the link ${link} does not lead to ${BASE_URL}`);
    await w.htmlFigure('gambar-3-14', mail.html);

    w.at('3.2 Ubah Password');
    const resp = await page.goto(link);
    w.check(resp.status() === 200, `the e-mailed link answered ${resp.status()}`);
    await w.heading('Ubah Password');
    const username = page.getByLabel('Username');
    w.check(await username.inputValue() === userId, `Username shows "${await username.inputValue()}", expected ${userId}`);
    w.check(!(await username.isEditable()), 'Username is editable on the set-password page');
    const password = docs ? 'Kopi-Tubruk-Pagi-2026' : `Kopi-Tubruk-${tag}!`;
    await page.getByLabel(w.t('Password Baru'), { exact: true }).fill(password);
    await page.getByLabel(w.t('Konfirmasi Password Baru')).fill(password);
    const show = page.getByLabel(w.t('Show Password'));
    if (await show.isVisible()) {
      await show.check();
      // Shown in clear text: the field is no longer a password field.
      const shown = [];
      for (const label of ['Password Baru', 'Konfirmasi Password Baru']) {
        shown.push(await page.getByLabel(w.t(label), { exact: true }).getAttribute('type') === 'text');
      }
      if (!shown.every(Boolean)) {
        w.defect('ticking "Show Password" does not show the password'
          + (w.js ? '' : ' (without JavaScript the checkbox is shown but does nothing)'));
      }
    } else if (w.js) {
      w.defect('no "Show Password" on the set-password page');
    }
    await w.settle('Ubah Password');
    await w.figure('gambar-3-15');
    await w.go(() => page.getByRole('button', { name: w.t('Ubah Password') }).click());
    await w.heading('Password Berhasil Diubah');
    const changed = page.getByRole('status').filter({ hasText: userId });
    w.check(await changed.count() === 1, `no status saying the password of ${userId} was set`);
    await w.settle('Password Berhasil Diubah');
    await w.figure('gambar-3-16');

    w.at('3.2 Login as the new User ID');
    await w.go(() => page.getByRole('link', { name: w.t('Kembali ke Halaman Login') }).click(), '/login');
    await S.login(w, userId, password);
    w.check(await S.userMenu(page, organik.fullName).count() === 1,
      `after logging in as ${userId} the user menu does not show ${organik.fullName}`);
    await S.logout(w, organik.fullName);
  } catch (e) {
    throw await stopped(w, e);
  } finally {
    files.cleanup();
  }
}

for (const c of CONFIGS) {
  test(`the manual, walked (${c.label})`, async (browser) => {
    const w = new Walk(browser, c);
    const t0 = Date.now();
    try {
      await walkManual(w);
      w.finish();
    } finally {
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      const extra = w.figuresDir ? `, ${w.figureNames.length} figures in ${w.figuresDir}` : '';
      const aborts = w.ignoredAborts ? `, ${w.ignoredAborts} aborted navigation(s) ignored` : '';
      console.log(`# walk (${c.label}): ${s} s${extra}${aborts}`);
      await w.close();
      if (c.lang && c.lang !== 'id') forgetLanguages();
    }
  });
}
