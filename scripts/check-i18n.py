#!/usr/bin/env python3
"""check-i18n.py: the pages' catalogues and templates agree (issue 20).

mod_pserv compiles every stylesheet once per language, putting in the texts
of templates/i18n/CODE.xml (mod_pserv/view.c, docs/TRANSLATING.md). This
fails (exit 1), naming file and line, when:

  - a catalogue is not <catalogue lang="CODE"> of <text key="KEY">, holds a
    key twice, or its key "lang" is not its own code;
  - the languages of mod_pserv/core/lang.c (pserv_lang_codes) and the
    catalogue files differ;
  - a key is in one catalogue and not in another (id.xml is the reference);
  - a template uses <t:k name="KEY"/> or t:ATTR="KEY" for a key the
    catalogues lack, or other markup of the namespace urn:pserv:i18n;
  - a converted template (CONVERTED below: grow it as templates move to the
    catalogue) prints literal text outside the catalogue: a text node a
    page shows, a human-read attribute (alt, title, placeholder,
    aria-label, a button's value) or a string literal in an XPath
    expression that reads like words (upper and lower case letters).
    Whitespace, punctuation, digits, <code> and the shared labels of
    ALLOWED (the same in every language) are fine.

and for the texts the C code writes (templates/i18n/msg-CODE.xml, msg.h):

  - msg-CODE.xml has exactly the keys of msg-id.xml, each text taking the
    same printf arguments (%s, %d ... in order) as the Indonesian one;
  - every key the C code asks for (the string literals in the key argument
    of pserv_tr, pserv_trf, pserv_msg, pserv_msgf, pserv_msgv, or wrapped
    in PSERV_MSG_KEY("...")) is in the catalogues, and every catalogue key
    is asked for somewhere;
  - a call's args format ("%s", "" ...) takes the arguments of the key's
    text;
  - a converted C file (CONVERTED_C below: grow it) holds no string literal
    with Indonesian words (INDONESIAN) outside comments and log lines.

Usage: scripts/check-i18n.py [TEMPLATES_DIR]   (default templates)
       scripts/check-i18n.py --self-test       (breaks copies, must fail)
"""
import os
import re
import shutil
import sys
import tempfile
import xml.dom.minidom as minidom
from xml.dom import Node

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), '..'))
XSL = 'http://www.w3.org/1999/XSL/Transform'
I18N = 'urn:pserv:i18n'

# The templates whose every text comes from the catalogue.
# (one list per area, so that work on different areas merges cleanly)
CONVERTED_SHELL = ['layout.xsl', 'login.xsl', 'home.xsl', 'error.xsl',
                   'message.xsl', 'maintenance.xsl', 'service_cards.xsl']

CONVERTED_FORM = ['request_form.xsl', 'request_done.xsl', 'confirm.xsl',
                  'status.xsl', 'status_cancel.xsl', 'privacy.xsl']

CONVERTED_AUTH = ['password_forgot.xsl', 'password_set.xsl', 'mfa.xsl',
                  'mail_decide.xsl', 'notify.xsl', 'helpdesk.xsl']

CONVERTED_TICKET = ['requests.xsl', 'ticket.xsl', 'ticket_parts.xsl',
                    'bulk.xsl', 'assign.xsl', 'delegation.xsl',
                    'delegation_parts.xsl']

CONVERTED_ADMIN = ['admin.xsl', 'admin_account.xsl', 'admin_account_new.xsl',
                   'admin_accounts.xsl', 'admin_employees.xsl',
                   'admin_import.xsl', 'admin_platform_form.xsl',
                   'admin_platforms.xsl', 'admin_stuck.xsl',
                   'admin_unit_form.xsl', 'admin_units.xsl',
                   'admin_units_import.xsl', 'admin_access.xsl',
                   'admin_subject.xsl']

CONVERTED = (CONVERTED_SHELL + CONVERTED_FORM + CONVERTED_AUTH
             + CONVERTED_TICKET + CONVERTED_ADMIN)

# The C files whose every text comes from the msg catalogues.
CONVERTED_C_SHELL = ['respond.c']

CONVERTED_C_FORM = ['handle_request.c', 'handle_status.c', 'handle_public.c',
                    'form.c', 'core/rform.c', 'core/validate.c', 'privacy.c',
                    'core/privacy.c']

# (maildecide.c too once its mails' link texts are the mail area's keys;
# core/password.c returns codes: handle_password.c words them)
CONVERTED_C_AUTH = ['auth.c', 'signin.c', 'handle_sso.c', 'handle_password.c',
                    'handle_mfa.c', 'mfa.c', 'handle_maildecide.c',
                    'handle_notify.c', 'handle_home.c', 'maintenance.c',
                    'handle_lang.c', 'session.c']

CONVERTED_C_TICKET = ['handle_ticket.c', 'handle_list.c', 'handle_bulk.c',
                      'handle_delegation.c', 'delegation.c', 'ticket.c',
                      'view.c', 'handle_api.c']

CONVERTED_C_ADMIN = ['handle_admin.c', 'handle_admin_edit.c',
                     'handle_admin_newacct.c', 'handle_admin_import.c',
                     'handle_admin_master.c', 'handle_admin_stuck.c',
                     'handle_admin_access.c', 'access.c',
                     'handle_admin_subject.c']

CONVERTED_C_MAIL = ['mail.c', 'remind.c', 'actors.c', 'account.c']

CONVERTED_C = (CONVERTED_C_SHELL + CONVERTED_C_FORM + CONVERTED_C_AUTH
               + CONVERTED_C_TICKET + CONVERTED_C_ADMIN + CONVERTED_C_MAIL)

# Words that give away an Indonesian string literal in C.
INDONESIAN = re.compile(
    r'\b(?:yang|tidak|Anda|untuk|dengan|dan|atau|sudah|belum|[Ss]ilakan|'
    r'[Mm]ohon|harus|wajib|[Pp]ermohonan|[Tt]iket|[Hh]alaman|berhasil|'
    r'gagal|[Aa]kun|tahap|oleh|pada|dari|ini|itu|akan|dapat|telah|Yth|'
    r'[Ss]etujui|[Tt]olak|[Bb]atal|[Pp]engguna|[Kk]embali|[Ss]impan|'
    r'[Ss]udah|[Mm]enunggu|[Pp]ersetujuan|[Dd]itolak|[Dd]isetujui)\b')

# Texts that are the same in every language: the product's names and the
# manual's English labels people are trained on (README, SPEC), each
# language's own name in the switch, and the short service icons.
ALLOWED = [
    'P-Serv', 'Perwira PTPR Service', 'PT Pertamina Retail',
    'Request UID Management System',
    'Login', 'Logout', 'Username', 'Password', 'Create New Account',
    'Approve', 'Reject', 'Confirm', 'Open',
    'Waiting for Approval Atasan Pemohon',
    'Waiting for Approval ICT Verificator',
    'Waiting for Approval ICT Manager', 'Waiting for ICT Executor',
    'Completed', 'Rejected', 'Returned for Revision', 'Cancelled',
    'ICT Helpdesk', 'Go to ICT Helpdesk', 'Administrator',
    'General Affair', 'Human Capital', 'Finance', 'Platform System',
    'Breadcrumb', 'Bahasa', 'English',
    'IT', 'AD', 'GA', 'HC', 'FN',
]

# Attributes a person reads (or hears).
HUMAN_ATTRS = {'alt', 'title', 'placeholder', 'aria-label',
               'aria-description', 'aria-roledescription', 'aria-placeholder',
               'label'}
BUTTON_INPUTS = {'submit', 'button', 'reset'}
# HTML elements that show code (a path, a log tag) as it stands.
CODE_ELEMENTS = {'code', 'kbd', 'samp'}
# XSLT elements whose text content is not shown as it stands.
HIDDEN = {'variable', 'param', 'comment', 'message', 'key', 'sort',
          'processing-instruction'}

LETTER = re.compile(r'[^\W\d_]', re.UNICODE)
AVT_EXPR = re.compile(r'\{[^{}]*\}')
LITERAL = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_ALLOWED_RE = re.compile(
    r'(?<![\w-])(?:' + '|'.join(re.escape(a) for a in
                                sorted(ALLOWED, key=len, reverse=True))
    + r')(?![\w-])')


def words_left(text):
    """text without the allowed labels: letters left means words to
    translate."""
    return LETTER.search(_ALLOWED_RE.sub(' ', text)) is not None


def line_of(node):
    return getattr(node, 'parse_line', '?')


def parse(path, errors):
    """A DOM with each element's line (minidom via expat keeps none)."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
        parser = minidom.parseString  # expat underneath
        doc = parser(data)
    except Exception as e:  # noqa: BLE001 (any parse error is the answer)
        errors.append('%s: not well-formed XML: %s' % (path, e))
        return None
    # Lines: walk the source's tags in order alongside the elements.
    text = data.decode('utf-8', 'replace')
    text = re.sub(r'<!--.*?-->', lambda m: re.sub(r'[^\n]', ' ', m.group(0)),
                  text, flags=re.S)
    starts = [text.count('\n', 0, m.start()) + 1
              for m in re.finditer(r'<(?![/?!])', text)]
    elems = [n for n in iter_nodes(doc.documentElement)
             if n.nodeType == Node.ELEMENT_NODE]
    for e, ln in zip(elems, starts):
        e.parse_line = ln
    return doc


def iter_nodes(node):
    yield node
    for c in node.childNodes:
        yield from iter_nodes(c)


def load_catalogue(path, code, errors):
    doc = parse(path, errors)
    keys = {}
    if doc is None:
        return keys
    root = doc.documentElement
    if root.tagName != 'catalogue' or root.getAttribute('lang') != code:
        errors.append('%s: the root must be <catalogue lang="%s">'
                      % (path, code))
    for n in root.childNodes:
        if n.nodeType in (Node.COMMENT_NODE,) or (
                n.nodeType == Node.TEXT_NODE and not n.data.strip()):
            continue
        if (n.nodeType != Node.ELEMENT_NODE or n.tagName != 'text'
                or not n.getAttribute('key')):
            errors.append('%s:%s: only <text key="KEY">...</text> here'
                          % (path, line_of(n)))
            continue
        key = n.getAttribute('key')
        if key in keys:
            errors.append('%s:%s: key "%s" twice' % (path, line_of(n), key))
        if any(c.nodeType == Node.ELEMENT_NODE for c in n.childNodes):
            errors.append('%s:%s: key "%s": text only, no markup'
                          % (path, line_of(n), key))
        keys[key] = ''.join(c.data for c in n.childNodes
                            if c.nodeType == Node.TEXT_NODE)
    if keys.get('lang') != code:
        errors.append('%s: key "lang" must be "%s"' % (path, code))
    return keys


def c_languages(root):
    """The codes of pserv_lang_codes in mod_pserv/core/lang.c, or None."""
    path = os.path.join(root, 'mod_pserv', 'core', 'lang.c')
    try:
        with open(path) as f:
            m = re.search(r'pserv_lang_codes\[[^]]*\]\s*=\s*\{([^}]*)\}',
                          f.read())
    except OSError:
        return None
    return re.findall(r'"([^"]*)"', m.group(1)) if m else None


def check_template(path, name, catalogues, errors):
    doc = parse(path, errors)
    if doc is None:
        return
    keys = set(catalogues.get('id', {}))
    converted = name in CONVERTED

    def where(node):
        return '%s:%s' % (path, line_of(node))

    def walk(node, shown):
        for a in list(node.attributes.values()) if node.attributes else []:
            if a.namespaceURI == I18N:
                if node.namespaceURI == XSL:
                    errors.append('%s: t:%s on an XSLT element (only on '
                                  'literal result elements)'
                                  % (where(node), a.localName))
                elif a.value not in keys:
                    errors.append('%s: t:%s="%s": no such key in the '
                                  'catalogues' % (where(node), a.localName,
                                                  a.value))
                elif node.hasAttribute(a.localName):
                    errors.append('%s: %s given twice (plain and t:%s)'
                                  % (where(node), a.localName, a.localName))
                continue
            if not converted:
                continue
            if node.namespaceURI == XSL:
                if a.name in ('select', 'test'):
                    for m in LITERAL.finditer(a.value):
                        lit = m.group(1) if m.group(1) is not None \
                            else m.group(2)
                        wordy = re.search(r'[A-Z]', lit) \
                            and re.search(r'[a-z]', lit)
                        if wordy and words_left(lit):
                            errors.append('%s: literal text \'%s\' in %s: '
                                          'put it in the catalogue'
                                          % (where(node), lit, a.name))
                continue
            # (a <button>'s value is posted, never shown: its content is)
            human = a.name in HUMAN_ATTRS or (
                a.name == 'value' and node.localName == 'input'
                and node.getAttribute('type') in BUTTON_INPUTS)
            if human and words_left(AVT_EXPR.sub(' ', a.value)):
                errors.append('%s: literal %s="%s": use t:%s="KEY"'
                              % (where(node), a.name, a.value, a.name))
        for c in node.childNodes:
            if c.nodeType == Node.ELEMENT_NODE:
                if c.namespaceURI == I18N:
                    if c.localName != 'k' or c.childNodes:
                        errors.append('%s: <%s> is not <t:k name="KEY"/>'
                                      % (where(c), c.tagName))
                    elif c.getAttribute('name') not in keys:
                        errors.append('%s: <t:k name="%s"/>: no such key in '
                                      'the catalogues'
                                      % (where(c), c.getAttribute('name')))
                    continue
                child_shown = shown
                if c.namespaceURI is None and c.localName in CODE_ELEMENTS:
                    child_shown = False
                if c.namespaceURI == XSL and (
                        c.localName in HIDDEN or (
                            c.localName == 'attribute'
                            and c.getAttribute('name') not in HUMAN_ATTRS)):
                    child_shown = False
                walk(c, child_shown)
            elif (c.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE)
                  and converted and shown and words_left(c.data)):
                errors.append('%s: literal text "%s": use <t:k name="KEY"/>'
                              % (where(node), ' '.join(c.data.split())))

    walk(doc.documentElement, True)


def format_args(text):
    """The arguments a printf format takes (mod_pserv/core/lang.c's
    pserv_format_args): per argument its length modifiers and conversion,
    "*" for a width or precision given as an argument."""
    out = []
    for m in re.finditer(r'%([-+ #0\']*)([0-9.*]*)([hlLqjzt]*)(.)', text):
        if m.group(4) == '%' and not (m.group(1) or m.group(2)
                                      or m.group(3)):
            continue
        out.extend('*' * m.group(2).count('*'))
        out.append(m.group(3) + m.group(4))
    return out


def c_literal(lit):
    """A C string literal's text (the escapes P-Serv uses)."""
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
        m.group(1), m.group(1)), lit)


C_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
C_CALL = re.compile(r'\b(pserv_trf?|pserv_msg[fv]?|PSERV_MSG_KEY)\s*\(')
# where the key is among a call's arguments (0-based), and its args format
C_KEY_ARG = {'pserv_tr': (1, None), 'pserv_trf': (1, 2),
             'pserv_msg': (1, None), 'pserv_msgf': (2, 3),
             'pserv_msgv': (2, 3), 'PSERV_MSG_KEY': (0, None)}


def c_strip(src):
    """src with comments blanked (lines kept), strings kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith('/*', i):
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif src.startswith('//', i):
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif src[i] == '"' or src[i] == "'":
            q, j = src[i], i + 1
            while j < n and src[j] != q:
                j += 2 if src[j] == '\\' else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return ''.join(out)


def c_args(src, start):
    """The arguments of the call whose '(' is at start-1, as source text."""
    args, depth, i, cur = [], 0, start, start
    while i < len(src):
        ch = src[i]
        if ch == '"' or ch == "'":
            j = i + 1
            while j < len(src) and src[j] != ch:
                j += 2 if src[j] == '\\' else 1
            i = j + 1
            continue
        if ch in '([{':
            depth += 1
        elif ch in ')]}':
            if depth == 0:
                args.append(src[cur:i])
                return args
            depth -= 1
        elif ch == ',' and depth == 0:
            args.append(src[cur:i])
            cur = i + 1
        i += 1
    return args


def c_uses(root, errors):
    """{key: [(file:line, args format or None)]} of the C code, and the
    converted files' Indonesian literals as errors."""
    uses = {}
    src_dir = os.path.join(root, 'mod_pserv')
    if not os.path.isdir(src_dir):
        return uses
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith('.c'):
            continue
        path = os.path.join(src_dir, name)
        with open(path, encoding='utf-8') as f:
            src = c_strip(f.read())
        for m in C_CALL.finditer(src):
            fn = m.group(1)
            args = c_args(src, m.end())
            line = src.count('\n', 0, m.start()) + 1
            where = '%s:%d' % (path, line)
            key_at, fmt_at = C_KEY_ARG[fn]
            if len(args) <= key_at:
                continue  # the declaration or definition
            keys = [c_literal(k) for k in C_STRING.findall(args[key_at])]
            fmt = None
            if fmt_at is not None and len(args) > fmt_at:
                lits = C_STRING.findall(args[fmt_at])
                fmt = ''.join(c_literal(x) for x in lits) \
                    if lits else None
            for k in keys:
                uses.setdefault(k, []).append((where, fmt))
        if name in CONVERTED_C:
            for ln, text in enumerate(src.split('\n'), 1):
                if re.search(r'\bap_log_r?error\b|PSERV_SQL|pserv\[', text):
                    continue
                for lit in C_STRING.findall(text):
                    if INDONESIAN.search(lit):
                        errors.append('%s:%d: Indonesian text "%s" in C: put '
                                      'it in i18n/msg-id.xml and ask with '
                                      'pserv_tr (msg.h)' % (path, ln, lit))
    for name in CONVERTED_C:
        if not os.path.exists(os.path.join(src_dir, name)):
            errors.append('%s: listed in CONVERTED_C but not there'
                          % os.path.join(src_dir, name))
    return uses


def check_messages(i18n, codes, root, errors):
    """The C texts' catalogues msg-CODE.xml against each other and the C
    code that asks for them."""
    cats = {}
    for code in codes:
        path = os.path.join(i18n, 'msg-%s.xml' % code)
        if not os.path.exists(path):
            errors.append('%s: missing (every language has one)' % path)
            continue
        cats[code] = load_catalogue(path, code, errors)
    ref = cats.get('id', {})
    for code, keys in cats.items():
        name = '%s/msg-%s.xml' % (i18n, code)
        for k in sorted(set(ref) - set(keys)):
            errors.append('%s: key "%s" is missing (it is in msg-id.xml)'
                          % (name, k))
        for k in sorted(set(keys) - set(ref)):
            errors.append('%s: key "%s" is not in msg-id.xml' % (name, k))
        for k in sorted(set(keys) & set(ref)):
            if format_args(keys[k]) != format_args(ref[k]):
                errors.append('%s: key "%s" takes the arguments %s, msg-id.xml '
                              '%s' % (name, k, format_args(keys[k]),
                                      format_args(ref[k])))
    uses = c_uses(root, errors)
    if not os.path.isdir(os.path.join(root, 'mod_pserv')):
        return
    for k, places in sorted(uses.items()):
        if k not in ref:
            errors.append('%s: key "%s" is not in %s/msg-id.xml'
                          % (places[0][0], k, i18n))
            continue
        for where, fmt in places:
            if fmt is not None and format_args(fmt) != format_args(ref[k]):
                errors.append('%s: key "%s" is formatted with "%s", its text '
                              'takes %s' % (where, k, fmt,
                                            format_args(ref[k])))
    for k in sorted(set(ref) - set(uses) - {'lang'}):
        errors.append('%s/msg-id.xml: key "%s" is never asked for by the C '
                      'code' % (i18n, k))


def check(templates, root=ROOT):
    """The list of problems found (empty: all is well)."""
    errors = []
    i18n = os.path.join(templates, 'i18n')
    files = sorted(f for f in os.listdir(i18n)
                   if re.match(r'^[a-z]{2,3}\.xml$', f)) \
        if os.path.isdir(i18n) else []
    codes = [f[:-4] for f in files]
    langs = c_languages(root)
    if langs is not None and sorted(langs) != sorted(codes):
        errors.append('%s: catalogues %s, but mod_pserv/core/lang.c has %s'
                      % (i18n, ', '.join(codes) or 'none', ', '.join(langs)))
    catalogues = {c: load_catalogue(os.path.join(i18n, c + '.xml'), c, errors)
                  for c in codes}
    if 'id' not in catalogues:
        errors.append('%s: no id.xml (Bahasa Indonesia, the default)' % i18n)
    ref = catalogues.get('id', {})
    for code, keys in catalogues.items():
        for k in sorted(set(ref) - set(keys)):
            errors.append('%s/%s.xml: key "%s" is missing (it is in id.xml)'
                          % (i18n, code, k))
        for k in sorted(set(keys) - set(ref)):
            errors.append('%s/%s.xml: key "%s" is not in id.xml'
                          % (i18n, code, k))
    check_messages(i18n, codes, root, errors)
    for name in CONVERTED:
        if not os.path.exists(os.path.join(templates, name)):
            errors.append('%s: listed in CONVERTED but not there'
                          % os.path.join(templates, name))
    for name in sorted(os.listdir(templates)):
        if name.endswith('.xsl'):
            check_template(os.path.join(templates, name), name, catalogues,
                           errors)
    return errors


def self_test():
    """Each broken copy of the real templates must fail, naming why; the
    unbroken copy must pass."""
    src = os.path.join(ROOT, 'templates')
    cases = [
        ('a key missing from en.xml', 'i18n/en.xml',
         '<text key="login.lead">', '<text key="login.lead.gone">',
         'key "login.lead" is missing'),
        ('a key only in en.xml', 'i18n/en.xml',
         '</catalogue>', '<text key="only.en">x</text></catalogue>',
         'key "only.en" is not in id.xml'),
        ('a key twice', 'i18n/id.xml', '</catalogue>',
         '<text key="lang">id</text></catalogue>', 'key "lang" twice'),
        ('the wrong "lang"', 'i18n/en.xml', '<text key="lang">en</text>',
         '<text key="lang">id</text>', 'key "lang" must be "en"'),
        ('a t:k of no key', 'login.xsl', '<t:k name="login.lead"/>',
         '<t:k name="login.no.such.key"/>',
         '<t:k name="login.no.such.key"/>: no such key'),
        ('a t:ATTR of no key', 'home.xsl', 't:aria-label="home.services"',
         't:aria-label="home.no.such"', 't:aria-label="home.no.such"'),
        ('other markup of the namespace', 'login.xsl',
         '<t:k name="login.lead"/>', '<t:text>Masuk</t:text>',
         '<t:text> is not <t:k'),
        ('literal Indonesian text', 'service_cards.xsl',
         '<t:k name="cards.open"/>', 'Segera hadir',
         'literal text "Segera hadir"'),
        ('a literal label attribute', 'home.xsl',
         't:aria-label="home.services"', 'aria-label="Daftar layanan"',
         'literal aria-label="Daftar layanan"'),
        ('a literal in XPath', 'layout.xsl',
         '<xsl:param name="label1"><t:k name="layout.home"/></xsl:param>',
         '<xsl:param name="label1" select="\'Halaman Utama\'"/>',
         "literal text 'Halaman Utama'"),
        ('a literal text in a with-param', 'admin.xsl',
         '<xsl:with-param name="label"><t:k name="admin.nav.stuck"/>',
         '<xsl:with-param name="label">Tiket Tertahan',
         'literal text "Tiket Tertahan"'),
        ('a C text missing from msg-en.xml', 'i18n/msg-en.xml',
         '<text key="error.404">', '<text key="error.404.gone">',
         'key "error.404" is missing (it is in msg-id.xml)'),
        ('a C text with other arguments', 'i18n/msg-en.xml',
         'Please log in first.', 'Please log in first, %s.',
         'key "error.401" takes the arguments'),
        ('a C key no catalogue has', '../mod_pserv/respond.c',
         '"error.title.404"', '"error.title.gone"',
         'key "error.title.gone" is not in'),
        ('a catalogue key nobody asks for', 'i18n/msg-id.xml',
         '</catalogue>', '<text key="never.asked">x</text></catalogue>',
         'key "never.asked" is never asked for'),
        ('Indonesian in a converted C file', '../mod_pserv/respond.c',
         'PSERV_MSG_KEY("error.400")', '"Permintaan tidak valid."',
         'Indonesian text "Permintaan tidak valid."'),
        ('a call formatting with other arguments', '../mod_pserv/respond.c',
         'pserv_tr(r, "api.error.403")',
         'pserv_trf(r, "api.error.403", "%s", "x")',
         'is formatted with "%s"'),
    ]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, 'templates')
        shutil.copytree(src, copy)
        shutil.copytree(os.path.join(ROOT, 'mod_pserv'),
                        os.path.join(tmp, 'mod_pserv'),
                        ignore=shutil.ignore_patterns('*.o', '*.lo', '*.slo',
                                                      '*.la', '.libs'))
        errors = check(copy, tmp)
        if errors:
            print('check-i18n self-test: the unbroken copy fails:\n  '
                  + '\n  '.join(errors))
            failed += 1
        for what, rel, old, new, expect in cases:
            path = os.path.join(copy, rel)
            with open(path, encoding='utf-8') as f:
                orig = f.read()
            if old not in orig:
                print('check-i18n self-test: %s: "%s" not in %s'
                      % (what, old, rel))
                failed += 1
                continue
            with open(path, 'w', encoding='utf-8') as f:
                f.write(orig.replace(old, new, 1))
            errors = check(copy, tmp)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(orig)
            if not any(expect in e for e in errors):
                print('check-i18n self-test: %s: not caught (wanted "%s", '
                      'got %s)' % (what, expect, errors))
                failed += 1
    if failed:
        return 1
    print('check-i18n self-test: the unbroken templates pass, %d broken '
          'copies fail' % len(cases))
    return 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    templates = argv[1] if len(argv) > 1 else os.path.join(ROOT, 'templates')
    errors = check(templates)
    for e in errors:
        print(e)
    if errors:
        print('check-i18n: %d problem(s) (docs/TRANSLATING.md)' % len(errors))
        return 1
    i18n = os.path.join(templates, 'i18n')
    print('check-i18n: %d languages, their catalogues with the same keys, '
          'every key used exists; %d templates and %d C files converted'
          % (len([f for f in os.listdir(i18n)
                  if re.match(r'^[a-z]{2,3}\.xml$', f)]),
             len(CONVERTED), len(CONVERTED_C)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
