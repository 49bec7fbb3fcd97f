// The manual's procedures as a person follows them, finding everything by
// what is on the screen: labels, roles and names, headings, status texts.
// Each takes a Walk (harness.js). Figure names follow the manual's
// "Gambar X.Y" as gambar-X-Y.
'use strict';
const { until, BASE_URL } = require('./harness');
const { giveCode } = require('../lib');

const DEMO_PASSWORD = 'Demo-Pserv-2026';
const CONFIRM_YES = 'Ya, Lanjutkan Pengajuan Ini';

// ------------------------------------------------------------ login, menu

function userMenu(page, fullName) {
  return page.getByRole('banner').getByRole('group').filter({ hasText: fullName });
}

async function openLoginPage(w) {
  const page = w.page;
  if (!(await page.getByRole('button', { name: 'Login' }).isVisible().catch(() => false))) {
    const res = await page.goto(`${BASE_URL}/`);
    w.check(res.status() === 200, `GET / answered ${res.status()}`);
  }
  await w.heading('Login');
}

// Chapter 2.1: Username, Password, Login -> Halaman Utama. The ICT roles
// and the Administrator then give their Kode Verifikasi (issue 19).
async function login(w, username, password = DEMO_PASSWORD) {
  const page = w.page;
  await openLoginPage(w);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await w.go(() => page.getByRole('button', { name: 'Login' }).click(),
    (p) => p === '/home' || p === '/login/mfa');
  if (w.path() === '/login/mfa') {
    await w.heading('Kode Verifikasi');
    await giveCode(page, username, (s) => w.t(s));
    w.check(w.path() === '/home', `expected to arrive at /home after Kode Verifikasi but the page is ${page.url()}`);
  }
  await w.heading('Halaman Utama');
}

// Chapter 2.2: the user menu (the user's full name, top right) -> Logout.
async function logout(w, fullName, figure) {
  const page = w.page;
  const menu = userMenu(page, fullName);
  w.check(await menu.count() === 1, `no user menu named "${fullName}" in the page header`);
  await menu.getByText(fullName, { exact: true }).first().click();
  const button = menu.getByRole('button', { name: 'Logout' });
  await button.waitFor({ state: 'visible' });
  if (figure) {
    await w.settle('user menu open');
    await w.figure(figure);
  }
  await w.go(() => button.click(), '/login');
  const bye = w.t('Anda telah logout dari P-Serv.');
  const notice = page.getByText(bye);
  w.check(await notice.isVisible(), `no "${bye}" after Logout`);
  w.check(await userMenu(page, fullName).count() === 0, 'the user menu is still there after Logout');
}

// ------------------------------------------------------------ chapter 3.1

function badgeKind(status) {
  return /^Waiting/.test(status) ? 'waiting' : status;
}

// What the form says about the Nopek look-up (e.g. the HR look-up limit:
// 30 per 10 minutes per address).
async function lookupMessage(w) {
  const text = await w.page.getByRole('group', { name: w.t('Data Pemohon'), exact: true }).innerText();
  const m = text.split('\n').filter((l) => /Nopek|pekerja|Terlalu|ditemukan|dimuat/i.test(l));
  return JSON.stringify(m);
}

// A part of the form: a fieldset, named by its legend.
function section(w, name) {
  return w.page.getByRole('group', { name: w.t(name), exact: true });
}

async function selectedText(select) {
  return (await select.getByRole('option', { selected: true }).allTextContents()).join(' | ').trim();
}

// One Form Pendaftaran User ID Baru, from the login page to the success
// page and back. `r` describes the request (see walk.test.js); `figs`
// names the figures this request stands for (or {}).
async function submitRequest(w, r, figs = {}) {
  const page = w.page;
  await openLoginPage(w);
  await w.go(() => page.getByRole('link', { name: 'Create New Account' }).click(), '/request/new');
  await w.heading('Form Pendaftaran User ID Baru');
  await w.settle('form, empty');
  if (figs.empty) await w.figure(figs.empty);

  const nomorField = page.getByLabel(w.t('Nomor'), { exact: true });
  const nomor = (await nomorField.inputValue()).trim();
  w.check(/^UID-\d{4}-\d{6}$/.test(nomor), `the form's Nomor "${nomor}" is not UID-YYYY-NNNNNN`);
  w.check(!(await nomorField.isEditable()), 'Nomor is editable; the manual says the system generates it');

  // 1. Data Pemohon: Jenis User ID.
  const kind = page.getByLabel(w.t('Jenis User ID'));
  const offered = (await kind.getByRole('option').allTextContents()).map((s) => s.trim());
  for (const k of ['User ID Unit', 'HO - Organik/PKWT', 'HO - TKJP']) {
    w.check(offered.includes(k), `Jenis User ID does not offer "${k}" (offers ${JSON.stringify(offered)})`);
  }
  if (figs.kinds && w.figuresDir) {
    // Gambar 3.3, the choice open: a browser draws an open <select>'s list
    // outside the page, where no screenshot reaches; shown as a list box
    // (size = its options) for the figure only, then closed again.
    await kind.evaluate((s) => s.setAttribute('size', String(s.options.length)));
    await w.figure(figs.kinds, section(w, 'Data Pemohon'));
    await kind.evaluate((s) => s.removeAttribute('size'));
  }
  await kind.selectOption({ label: r.kind });
  const apply = page.getByRole('button', { name: w.t('Terapkan'), exact: true });
  if (w.js) {
    w.check(!(await apply.isVisible()), 'the no-JavaScript button "Terapkan" shows although JavaScript runs');
  } else {
    await w.go(() => apply.click(), '/request/new');
    w.check(await selectedText(kind) === r.kind, `after Terapkan, Jenis User ID shows "${await selectedText(kind)}"`);
  }

  const fullName = page.getByLabel(w.t('Nama Lengkap'));
  const position = page.getByLabel(w.t('Pangkat/Jabatan'));
  const email = page.getByLabel(w.t('E-mail'), { exact: true });
  // (by key: Halaman Utama's "Divisi/Cab/Unit" link is another text in English)
  const unit = page.getByLabel(w.k('form.unit'));
  const atasan = page.getByLabel(w.t('Atasan'), { exact: true });
  const nopek = page.getByLabel(w.t('Nopek'));

  if (r.nopek) {
    // HO: the nopek fills the rest from the HR master, read-only.
    await nopek.fill(r.nopek);
    const lookup = page.getByRole('button', { name: w.t('Cari Data Pekerja') });
    if (w.js) {
      await until(() => fullName.inputValue(), (v) => v === r.fullName,
        `Nama Lengkap did not fill in to "${r.fullName}" after typing Nopek ${r.nopek}`).catch(async (e) => {
        w.fail(`${e.message}; the form says: ${await lookupMessage(w)}`);
      });
      w.check(!(await lookup.isVisible()), '"Cari Data Pekerja" shows although the auto-fill worked');
    } else {
      await w.go(() => lookup.click(), '/request/new');
      const v = await fullName.inputValue();
      if (v !== r.fullName) {
        w.fail(`after Cari Data Pekerja, Nama Lengkap is "${v}", expected "${r.fullName}";`
          + ` the form says: ${await lookupMessage(w)}`);
      }
      w.check(await nopek.inputValue() === r.nopek, 'Nopek was not kept after Cari Data Pekerja');
    }
    for (const [label, field] of [['Nama Lengkap', fullName], ['Pangkat/Jabatan', position], ['E-mail', email]]) {
      w.check(!(await field.isEditable()), `${label} is editable for ${r.kind}; it comes from the HR master`);
    }
    // The e-mail is shown masked (ag***@ptpr.example) until the request is
    // made; the ticket and the mail get the whole address.
    r.email = await email.inputValue();
    r.position = await position.inputValue();
    const shown = r.shownEmail || r.expectEmail;
    w.check(r.email === shown, `E-mail filled as "${r.email}", expected "${shown}"`);
    if (w.js) {
      // the auto-fill may set Divisi/Cab/Unit and Atasan after Nama Lengkap
      await until(async () => [await selectedText(unit), await selectedText(atasan)],
        ([uu, aa]) => uu === r.unit && aa.includes(r.atasanName), 'unit and Atasan').catch(() => {});
    }
    const u = await selectedText(unit);
    const a = await selectedText(atasan);
    w.check(u === r.unit, `Divisi/Cab/Unit shows "${u}", expected "${r.unit}"`);
    w.check(a.includes(r.atasanName), `Atasan shows "${a}", expected ${r.atasanName}`);
  } else {
    // User ID Unit: no Nopek; the requester types the data and picks the
    // unit, whose head (BUH) is the Atasan.
    w.check(await nopek.isDisabled(), 'Nopek is not disabled for User ID Unit');
    await fullName.fill(r.fullName);
    await position.fill(r.position);
    await email.fill(r.expectEmail);
    r.email = r.expectEmail;
    await unit.selectOption({ label: r.unit });
    if (w.js) {
      await until(() => selectedText(atasan), (t) => t.includes(r.atasanName),
        `choosing ${r.unit} did not pick its BUH ${r.atasanName} as Atasan`).catch((e) => w.fail(e.message));
    } else {
      const option = atasan.getByRole('option', { name: r.atasanName });
      w.check(await option.count() === 1, `Atasan offers no single option for ${r.atasanName}`);
      await atasan.selectOption({ label: (await option.textContent()).trim() });
    }
  }
  await w.settle(`form, ${r.nopek ? 'HO' : 'Unit'} data`);
  if (figs.data) await w.figure(figs.data, section(w, 'Data Pemohon'));

  // 2. Platform System.
  for (const name of Object.keys(r.platforms)) {
    await page.getByRole('checkbox', { name, exact: true }).check();
  }
  if (figs.platforms) await w.figure(figs.platforms, section(w, 'Platform System'));

  // 3. Catatan Platform System Dipilih: its sub-part of the same name (one
  //    note per ticked platform), then Catatan Pemohon.
  const notesLabel = w.t('Catatan Platform System Dipilih');
  const requesterNote = page.getByLabel(w.t('Catatan Pemohon'));
  const notesSection = page.getByRole('group', { name: notesLabel, exact: true }).filter({ has: requesterNote });
  const notes = page.getByRole('group', { name: notesLabel, exact: true }).filter({ hasNot: requesterNote });
  w.check(await notesSection.count() === 1 && await notes.count() === 1,
    `section 3 is not "${notesLabel}" with a sub-part "${notesLabel}" and ${w.t('Catatan Pemohon')}`);
  for (const [name, note] of Object.entries(r.platforms)) {
    const box = notes.getByRole('textbox', { name, exact: true });
    await box.fill(note);
  }
  if (w.js) {
    const unticked = notes.getByRole('textbox', { name: 'VPN Remote Access', exact: true });
    w.check(!(await unticked.isVisible()), 'the note of an unticked platform (VPN Remote Access) shows');
  }
  if (figs.notes) await w.figure(figs.notes, notes);
  await requesterNote.fill(r.note);
  if (figs.note) await w.figure(figs.note, notesSection);

  // 4. Upload Attachment.
  if (r.files) {
    // The control people see and press is Tambahkan File Baru: found by its
    // role and name (the file input, named by its label), with and without
    // JavaScript.
    const add = page.getByRole('button', { name: w.t('Tambahkan File Baru'), exact: true });
    w.check(await add.count() === 1, 'no single button "Tambahkan File Baru"');
    const visible = page.locator('label.file-add', { hasText: w.t('Tambahkan File Baru') });
    w.check(await visible.isVisible(), '"Tambahkan File Baru" is not visible');
    if (w.js) {
      // Each chosen file is listed with its remove action; a further choice
      // adds to the list. One file too many is removed again before review.
      const extra = r.files[0].replace(/(\.[a-z]+)$/, '-extra$1');
      require('fs').copyFileSync(r.files[0], extra);
      await add.setInputFiles([r.files[0], extra]);
      await add.setInputFiles(r.files.slice(1));
      const picked = page.getByRole('list', { name: w.t('File terpilih') });
      let text = await picked.textContent();
      for (const f of [...r.files, extra]) {
        const base = f.split('/').pop();
        if (!text.includes(base)) w.defect(`the chosen file ${base} is not listed under "File terpilih"`);
      }
      const extraBase = extra.split('/').pop();
      await picked.getByRole('button', { name: `${w.k('form.remove')} ${extraBase}`, exact: true }).click();
      text = await picked.textContent();
      w.check(!text.includes(extraBase), `${extraBase} is still listed after its remove button`);
      const inInput = await add.evaluate((el) => Array.from(el.files).map((f) => f.name));
      w.check(JSON.stringify(inInput) === JSON.stringify(r.files.map((f) => f.split('/').pop())),
        `after the remove the input holds ${JSON.stringify(inInput)}`);
    } else {
      await add.setInputFiles(r.files);
    }
    if (figs.files) await w.figure(figs.files, section(w, 'Upload Attachment'));
  }
  await w.settle(`form, filled (${r.nopek ? 'HO' : 'Unit'})`);

  // Review Permohonan: the filled form, read-only.
  await w.go(() => page.getByRole('button', { name: w.t('Review Permohonan') }).click(), '/request/new');
  const submit = page.getByRole('button', { name: w.t('Submit Permohonan') });
  if (!(await submit.isVisible())) {
    const errors = await page.getByRole('alert').allTextContents().catch(() => []);
    w.fail(`Review Permohonan did not lead to the review (messages: ${JSON.stringify(errors)})`);
  }
  const data = await page.getByRole('region', { name: w.t('Data Pemohon') }).innerText();
  for (const v of [nomor, r.kind, r.fullName, r.email, r.unit, r.atasanName, r.nopek || '']) {
    if (!data.includes(v)) w.defect(`the review's Data Pemohon does not show "${v}"`);
  }
  const plat = await page.getByRole('region', { name: w.t('Platform System'), exact: true }).innerText();
  const notesText = await page.getByRole('region', { name: notesLabel, exact: true }).innerText();
  for (const [name, note] of Object.entries(r.platforms)) {
    if (!plat.includes(name)) w.defect(`the review does not list the platform ${name}`);
    if (!notesText.includes(note)) w.defect(`the review does not show the note for ${name}`);
  }
  if (!notesText.includes(r.note)) w.defect('the review does not show Catatan Pemohon');
  if (r.files) {
    const files = await page.getByRole('region', { name: w.t('Upload Attachment') }).innerText();
    for (const f of r.files) {
      const base = f.split('/').pop();
      if (!files.includes(base)) w.defect(`the review does not list the attachment ${base}`);
    }
  }
  await w.settle('review');
  if (figs.review) await w.figure(figs.review);

  // Submit Permohonan -> the success page with the Nomor.
  await w.go(() => submit.click());
  await w.heading('Permohonan Berhasil Di-Submit');
  const status = page.getByRole('status').filter({ hasText: w.lang === 'id' ? 'berhasil di-submit' : /submitted/i });
  w.check(await status.count() === 1, 'the success page has no status saying the request was submitted');
  const shown = (await page.getByText(/^UID-\d{4}-\d{6}$/).first().textContent()).trim();
  w.check(shown === nomor, `the success page shows Nomor ${shown}, the form had ${nomor}`);
  await w.settle('request submitted');
  if (figs.done) await w.figure(figs.done);
  await w.go(() => page.getByRole('link', { name: w.t('Kembali ke Halaman Login') }).click(), '/login');
  return nomor;
}

// ------------------------------------------------- chapters 4 to 7: tickets

// Halaman Utama -> ICT Helpdesk -> Request UID Management System.
async function toList(w, figs = {}) {
  const page = w.page;
  await w.settle('Halaman Utama');
  if (figs.home) await w.figure(figs.home);
  await w.go(() => page.getByRole('link', { name: 'Go to ICT Helpdesk' }).click(), '/helpdesk');
  await w.heading('ICT Helpdesk');
  await w.settle('ICT Helpdesk');
  if (figs.helpdesk) await w.figure(figs.helpdesk);
  await w.go(() => page.getByRole('link', { name: w.t('Go to Form Request User ID') }).click(), '/requests');
  await w.heading('Request UID Management System');
  await w.settle('Request UID Management System');
  if (figs.list) await w.figure(figs.list);
}

// On a phone the list's filter is a closed disclosure (issue 18): open it.
async function openFilter(w) {
  const page = w.page;
  const summary = page.locator('summary.filter-summary');
  if (await summary.isVisible() && !(await page.getByLabel(w.t('Status'), { exact: true }).isVisible())) {
    await summary.click();
  }
}

// Filter on `status` (its exact text), find the ticket's row by its Nomor.
async function findRow(w, status, nomor, figs = {}) {
  const page = w.page;
  const select = page.getByLabel(w.t('Status'), { exact: true });
  await openFilter(w);
  await select.selectOption({ label: status });
  if (figs.filter) await w.figure(figs.filter);
  await w.go(() => page.getByRole('button', { name: w.t('Terapkan Filter') }).click(), '/requests');
  w.check(await selectedText(select) === status, `after Terapkan Filter the Status filter shows "${await selectedText(select)}"`);
  // Distinct for axe: the badges' colours (waiting, Completed, Rejected).
  await w.settle(`list filtered (${badgeKind(status)})`);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: nomor, exact: true }) });
  if (await row.count() === 0) {
    // Not on the first page (a shared database): search for the Nomor.
    await openFilter(w);
    await page.getByLabel(w.t('Cari'), { exact: true }).fill(nomor);
    await w.go(() => page.getByRole('button', { name: w.t('Terapkan Filter') }).click(), '/requests');
  }
  w.check(await row.count() === 1, `no row for ${nomor} under the Status filter "${status}"`);
  const text = await row.innerText();
  w.check(text.includes(status), `the row of ${nomor} does not show the status "${status}": ${text}`);
  if (figs.row) await w.figure(figs.row);
  return row;
}

function activityLog(page) {
  // The list under the "Activity Log" heading (its section).
  return page.getByRole('heading', { name: 'Activity Log', level: 2 }).locator('xpath=..');
}
function panel(page, executor) {
  // exact: in English "Approval Progress" (Progres Persetujuan) holds it too
  return page.getByRole('heading', { name: executor ? 'ICT Executor' : 'Approval', level: 2, exact: true }).locator('xpath=..');
}
function progress(w) {
  return w.page.getByRole('heading', { name: w.t('Progres Persetujuan'), level: 2 }).locator('xpath=..');
}

// Open the ticket from its row; read it.
async function openTicket(w, row, t, figs = {}) {
  const page = w.page;
  await w.go(() => row.getByRole('link', { name: w.t('Open') }).click(), (p) => /^\/requests\/\d+$/.test(p));
  await w.heading('Detail Request User ID');
  t.path = w.path();
  const body = await page.getByRole('main').innerText();
  for (const v of [t.nomor, t.fullName, t.kind]) {
    w.check(body.includes(v), `the ticket page does not show "${v}"`);
  }
  if (!new RegExp(`${w.tRe('Tanggal Pengajuan')}\\s+\\d{1,2} \\S+ \\d{4},? \\d{2}[.:]\\d{2} WIB`).test(body)) {
    w.defect('the ticket\'s Tanggal Pengajuan is not a date and time in WIB (e.g. "28 Nov 2026 15.11 WIB")');
  }
  w.check(await progress(w).getByRole('listitem').count() >= 4, 'Progres Persetujuan does not list the stages');
  await page.getByRole('heading', { name: 'Activity Log', level: 2 }).waitFor();
  if (figs.progress) await w.figure(figs.progress, progress(w));
  if (figs.ticket) await w.figure(figs.ticket);
}

// The dialog's question and the notice after it, in part (they name the
// ticket), per language.
const DECISIONS = {
  approve: { button: 'Approve', reasonLabel: 'Alasan', question: 'menyetujui', notice: 'Permohonan telah disetujui',
    en: { question: 'approve', notice: 'approved' } },
  reject: { button: 'Reject', reasonLabel: 'Alasan', question: 'menolak', notice: 'Permohonan telah ditolak',
    en: { question: 'reject', notice: 'rejected' } },
  confirm: { button: 'Confirm', reasonLabel: 'Catatan', question: 'membuat User ID', notice: 'User ID telah dibuat',
    en: { question: 'create the User ID', notice: 'User ID has been created' } },
};

// The approval panel (or the Executor's): reason, button, confirmation
// (a dialog with JavaScript, a page without), the ticket again.
// atExecutor: a decision in the Executor's panel other than Confirm (its
// Reject, Gambar 7.13/7.14): the reason is its Catatan.
async function decide(w, t, { decision, reason, userId, actor, next, atExecutor, figs = {} }) {
  const page = w.page;
  const d = DECISIONS[decision];
  const executor = Boolean(userId) || decision === 'confirm' || Boolean(atExecutor);
  await w.heading(executor ? 'ICT Executor' : 'Approval', 2);
  const log = activityLog(page);
  const before = await log.getByRole('listitem').count();
  if (userId) {
    await page.getByLabel(w.t('User ID Baru')).fill(userId);
    if (figs.userId) await w.figure(figs.userId, panel(page, true));
  }
  // (the Executor's Catatan by key: the form's "Catatan" is another text in English)
  await page.getByLabel(executor ? w.k('ticket.panel.note') : w.t(d.reasonLabel), { exact: true }).fill(reason);
  await w.settle(executor ? 'ticket, Executor panel' : 'ticket, approval panel');
  if (figs.panel) await w.figure(figs.panel, panel(page, executor));
  if (figs.panel2) await w.figure(figs.panel2, panel(page, executor));

  const button = page.getByRole('button', { name: d.button, exact: true });
  if (w.js) {
    await button.click();
    const dialog = page.getByRole('dialog', { name: w.t('Konfirmasi') });
    await dialog.waitFor({ state: 'visible' }).catch(() => w.fail(`${d.button} opened no "Konfirmasi" dialog`));
    const q = await dialog.innerText();
    w.check(q.includes(w.lang === 'id' ? d.question : d[w.lang].question), `the dialog asks "${q}"`);
    if (!w.escapeTried) {
      // Keyboard: Escape closes the dialog and gives focus back to the button.
      w.escapeTried = true;
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' }).catch(() => w.defect('Escape does not close the confirmation dialog'));
      const back = await button.evaluate((b) => b === document.activeElement);
      if (!back) w.defect(`after Escape the focus is not back on ${d.button}`);
      await button.click();
      await dialog.waitFor({ state: 'visible' });
    }
    if (userId) w.check(q.includes(userId), `the dialog does not name the User ID ${userId}: "${q}"`);
    await w.settle(`confirmation dialog (${decision})`);
    if (figs.confirm) await w.figure(figs.confirm, 'viewport');
    await w.go(() => dialog.getByRole('button', { name: w.t(CONFIRM_YES) }).click(), t.path);
  } else {
    await w.go(() => button.click(), `${t.path}/decide`);
    await w.heading('Konfirmasi');
    const q = await page.getByRole('main').innerText();
    w.check(q.includes(w.lang === 'id' ? d.question : d[w.lang].question), `the confirmation page does not ask to "${d.question}"`);
    w.check(q.includes(reason), 'the confirmation page does not repeat the reason');
    if (userId) w.check(q.includes(userId), `the confirmation page does not name the User ID ${userId}`);
    await w.settle(`confirmation page (${decision})`);
    if (figs.confirm) await w.figure(figs.confirm);
    await w.go(() => page.getByRole('button', { name: w.t(CONFIRM_YES) }).click(), t.path);
  }
  await w.heading('Detail Request User ID');
  const notice = page.getByRole('status').filter({ hasText: w.lang === 'id' ? d.notice : d[w.lang].notice });
  if (await notice.count() !== 1) {
    const said = await page.getByRole('alert').allInnerTexts().catch(() => []);
    const errors = await page.getByRole('main').getByText(/wajib|sudah|tidak/i).allInnerTexts().catch(() => []);
    w.fail(`no notice "${d.notice}…" after the decision (the page says: ${JSON.stringify(said.concat(errors))})`);
  }
  const data = await page.getByRole('heading', { name: w.t('Data Pemohon'), level: 2 }).locator('xpath=..').innerText();
  w.check(new RegExp(`${w.tRe('Status')}\\s+${next}`).test(data), `the ticket's Status is not "${next}" after ${d.button}`);
  const entries = log.getByRole('listitem');
  const after = await entries.count();
  w.check(after === before + 1, `the Activity Log went from ${before} to ${after} entries, expected one more`);
  const logText = await log.innerText();
  w.check(logText.includes(reason), `the Activity Log does not show the reason "${reason}"`);
  w.check(logText.includes(actor), `the Activity Log does not name ${actor}`);
  w.check(!(await page.getByRole('button', { name: d.button, exact: true }).isVisible()),
    `the ${d.button} button is still offered after the decision`);
  await w.settle(`ticket after a decision (${badgeKind(next)})`);
  if (figs.log) await w.figure(figs.log, log);
}

module.exports = {
  DEMO_PASSWORD, userMenu, openLoginPage, login, logout, submitRequest, toList, findRow,
  openTicket, decide, activityLog, selectedText, progress,
};
