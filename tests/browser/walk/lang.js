// The walk in another language (issue 20): a person who picked English
// finds every control by its English label. The labels are not written
// twice: t(text) looks the Indonesian text up in the catalogues the pages
// are built from (templates/i18n/id.xml, msg-id.xml) and gives the text of
// the same key in the walk's language (en.xml, msg-en.xml). A text no
// catalogue holds (the product's vocabulary: Login, Approve, the status
// names; data typed by the walk) stays as it is. Texts the walk only
// matches in part (a notice that names the ticket) are looked up whole by
// key with k(key). One Indonesian text may have several translations (a
// column "Nopek", a form label "Employee No. (Nopek)"): t() then gives a
// RegExp matching any of them whole, which Playwright takes for a name or
// a label; tOne() gives the first, for text to type or to build with.
'use strict';
const fs = require('fs');
const path = require('path');

const I18N = path.join(__dirname, '..', '..', '..', 'templates', 'i18n');

function unescape(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}

// key -> text of one catalogue file (missing file: empty)
function catalogue(file) {
  const out = new Map();
  let src;
  try { src = fs.readFileSync(path.join(I18N, file), 'utf8'); } catch (e) { return out; }
  src = src.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of src.matchAll(/<text key="([^"]+)">([\s\S]*?)<\/text>/g)) out.set(m[1], unescape(m[2]));
  return out;
}

const cache = new Map();

// The translator of language `lang` ('id': every text as it is).
function translator(lang) {
  if (cache.has(lang)) return cache.get(lang);
  let tr;
  if (lang === 'id') {
    tr = { lang, t: (s) => s, tOne: (s) => s, alts: (s) => [s], k: (key) => catalogue('id.xml').get(key) ?? catalogue('msg-id.xml').get(key) };
  } else {
    const byKey = new Map([...catalogue(`${lang}.xml`), ...catalogue(`msg-${lang}.xml`)]);
    const fromId = new Map();
    for (const file of ['id.xml', 'msg-id.xml']) {
      for (const [key, text] of catalogue(file)) {
        const id = text.trim();
        const other = (byKey.get(key) || '').trim();
        if (!id || !other || id.includes('%')) continue;
        if (!fromId.has(id)) fromId.set(id, []);
        if (!fromId.get(id).includes(other)) fromId.get(id).push(other);
      }
    }
    const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    tr = {
      lang,
      t: (s) => {
        const all = fromId.get(s);
        if (!all) return s;
        return all.length === 1 ? all[0] : new RegExp(`^(?:${all.map(esc).join('|')})$`);
      },
      tOne: (s) => (fromId.get(s) || [s])[0],
      alts: (s) => fromId.get(s) || [s],
      k: (key) => {
        const v = byKey.get(key);
        if (v === undefined) throw new Error(`no text for key "${key}" in the ${lang} catalogues`);
        return v;
      },
    };
  }
  cache.set(lang, tr);
  return tr;
}

module.exports = { translator };
