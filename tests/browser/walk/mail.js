// The SMTP sink's Maildir (scripts/dev.sh mail_start): find a message by
// its recipient and subject, and read its text and HTML parts. A few lines
// of MIME: headers (with RFC 2047 words), multipart bodies, and the
// quoted-printable or base64 transfer encodings. No extra packages.
'use strict';
const fs = require('fs');
const path = require('path');

// MAIL_DIR: one Maildir or several separated by ":". By default the two
// sinks `make test` starts (var/mail on 8025 for the browser tests' server,
// var/mail-test on 8026 for the Apache::Test server): both servers' mail
// workers send from the same TEST_DB outbox, so while both run a message
// may leave through either.
const VAR = path.join(__dirname, '..', '..', '..', 'var');
const MAIL_DIRS = (process.env.MAIL_DIR || [path.join(VAR, 'mail'), path.join(VAR, 'mail-test')].join(':'))
  .split(':').filter(Boolean);
const MAIL_DIR = MAIL_DIRS.join(', ');

function decodeQP(s) {
  const bytes = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    const m = text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.substr(i + 1, 2));
    if (m) { bytes.push(parseInt(text.substr(i + 1, 2), 16)); i += 2; } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body, encoding) {
  const e = (encoding || '').trim().toLowerCase();
  if (e === 'quoted-printable') return decodeQP(body);
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

// "=?UTF-8?Q?...?=" and "=?UTF-8?B?...?=" words in a header value.
function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g, (all, cs, enc, text) => (
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQP(text.replace(/_/g, ' '))));
}

// { headers: {lower-name: value}, body } of one entity.
function splitEntity(raw) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = decodeWords(line.slice(c + 1).trim());
  }
  return { headers, body };
}

// Every leaf part: [{ type, text }].
function leaves(raw) {
  const { headers, body } = splitEntity(raw);
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const b = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (type.startsWith('multipart/') && b) {
    const parts = body.split(`--${b[1]}`).slice(1);
    return parts.filter((p) => !p.startsWith('--')).flatMap((p) => leaves(p.replace(/^\r?\n/, '')));
  }
  return [{ type: type.split(';')[0].trim(), text: decodeBody(body, headers['content-transfer-encoding']) }];
}

function parse(raw, file) {
  const { headers } = splitEntity(raw);
  const parts = leaves(raw);
  const text = (parts.find((p) => p.type === 'text/plain') || { text: '' }).text;
  const html = (parts.find((p) => p.type === 'text/html') || { text: '' }).text;
  return { file, headers, to: headers.to || '', subject: headers.subject || '', text, html };
}

// The messages in new/ written since `since` (ms), newest last.
function recent(since) {
  const out = [];
  for (const maildir of MAIL_DIRS) {
    const dir = path.join(maildir, 'new');
    let names = [];
    try { names = fs.readdirSync(dir); } catch (e) { continue; }
    for (const name of names) {
      const file = path.join(dir, name);
      let st;
      try { st = fs.statSync(file); } catch (e) { continue; }
      if (st.mtimeMs + 2000 < since) continue;
      out.push({ file, mtime: st.mtimeMs });
    }
  }
  return out.sort((a, b) => a.mtime - b.mtime).map(({ file }) => {
    if (!parsed.has(file)) parsed.set(file, parse(fs.readFileSync(file, 'utf8'), file));
    return parsed.get(file);
  });
}
const parsed = new Map();   // file -> message (a delivered file never changes)

// Waits (polling, up to timeoutMs) for a message to `to` whose subject and
// text pass `match`; the mail worker sends within a few seconds.
async function waitForMail({ to, since, match = () => true, timeoutMs = 30000, what = 'the e-mail' }) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = recent(since).filter((m) => m.to.toLowerCase().includes(to.toLowerCase()) && match(m));
    if (found.length) return found[found.length - 1];
    if (Date.now() > end) {
      throw new Error(`${what} to ${to} did not arrive in ${MAIL_DIR} (new/) within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

module.exports = { MAIL_DIR, waitForMail, parse, decodeQP };
