#!/usr/bin/python3
"""scripts/chaos_client.py: the clients behind scripts/chaos.sh (Debian's
python3, standard library only).

  chaos_client.py login BASE USER             print "pserv_session=TOKEN"
  chaos_client.py submit BASE --seconds S ... public form: open, review
                                              (with a PNG), submit; in a loop
  chaos_client.py approve BASE --db CONNINFO  move the chaos tickets along
                                              the four approvals; in a loop
  chaos_client.py poll BASE --path P          GET P (with --cookie) every
                                              --interval seconds
  chaos_client.py slow BASE                   --idle N silent connections,
                                              --drip N slow-drip uploads (1 B/s)
                                              and --steady N uploads at --rate
                                              B/s (above MinRate) while GET
                                              /login is polled each second
  chaos_client.py flood BASE                  --workers N threads POST /login
                                              with a wrong password for
                                              --seconds S while GET /healthz
                                              is polled: its latency before
                                              and during the flood

Every HTTP request is logged to --log as one line
"start_epoch elapsed_s what status" (status 0: connection failed or cut,
-1: timed out), and a summary is printed as one JSON line at the end:
requests, by_status, max_elapsed, ok (tickets submitted / decisions made).
"""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse

DEMO_PASSWORD = 'Demo-Pserv-2026'
PNG = bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806'
    '0000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201'
    'a5f3e3d30000000049454e44ae426082')
# Who decides at each stage of a UNIT-JKT ticket.
DECIDERS = {
    'atasan': 'siti.rahayu',
    'verificator': 'rina.wulandari',
    'manager': 'bambang.sutrisno',
    'executor': 'dedi.kurniawan',
}


class Log:
    def __init__(self, path):
        self.fh = open(path, 'a') if path else None
        self.lock = threading.Lock()
        self.by_status = {}
        self.n = 0
        self.max_elapsed = 0.0
        self.ok = 0

    def add(self, start, elapsed, what, status):
        with self.lock:
            self.n += 1
            self.by_status[str(status)] = self.by_status.get(str(status), 0) + 1
            self.max_elapsed = max(self.max_elapsed, elapsed)
            if self.fh:
                self.fh.write('%.3f %.3f %s %s\n' % (start, elapsed, what, status))
                self.fh.flush()

    def summary(self):
        return json.dumps({'requests': self.n, 'by_status': self.by_status,
                           'max_elapsed': round(self.max_elapsed, 3),
                           'ok': self.ok})


class Browser:
    """One cookie jar on one server (host:port)."""

    def __init__(self, base, log, timeout):
        u = urllib.parse.urlsplit(base)
        self.base = base.rstrip('/')
        self.host, self.port = u.hostname, u.port or 80
        self.cookies = {}
        self.log = log
        self.timeout = timeout
        self.conn = None
        self.last_used = 0.0

    def cookie_header(self):
        return '; '.join('%s=%s' % kv for kv in self.cookies.items())

    def request(self, what, method, path, body=None, ctype=None, origin=True):
        headers = {'Connection': 'keep-alive'}
        if self.cookies:
            headers['Cookie'] = self.cookie_header()
        if ctype:
            headers['Content-Type'] = ctype
        if method == 'POST' and origin:
            headers['Origin'] = self.base
        start = time.time()
        status, text, resp = 0, '', None
        # Apache closes a keep-alive connection idle for KeepAliveTimeout
        # (5 s): do not race it with a request on a connection idle that long.
        if self.conn is not None and start - self.last_used > 2:
            self.close()
        # A keep-alive connection the server closes just as a request goes
        # out on it (the event MPM closes idle keep-alive connections when
        # its workers are busy) fails before any answer: a browser sends
        # the request again on a new connection, and so does this client,
        # once. A new connection that fails still counts as a failure.
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(
                        self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read().decode('utf-8', 'replace')
                status = resp.status
                if status == 503 and 'tidak tersedia' not in text:
                    status = '503-not-the-503-page'
                for k, v in resp.getheaders():
                    if k.lower() == 'set-cookie':
                        name, _, rest = v.partition('=')
                        val = rest.split(';', 1)[0]
                        if val and 'max-age=0' not in v.lower() \
                                and 'expires=thu, 01 jan 1970' not in v.lower():
                            self.cookies[name.strip()] = val
                        else:
                            self.cookies.pop(name.strip(), None)
                if resp.getheader('Connection', '').lower() == 'close':
                    self.close()
            except TimeoutError:
                status = -1
                self.close()
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError):
                self.close()
                status = 0
                if reused and resp is None and attempt == 1:
                    continue
            except (OSError, http.client.HTTPException):
                status = 0
                self.close()
            break
        self.last_used = time.time()
        self.log.add(start, self.last_used - start, what, status)
        return status, text, resp

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None


def hidden(html, name):
    m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % re.escape(name), html)
    return m and m.group(1).replace('&amp;', '&')


def multipart(fields, files):
    b = '----chaos%016x' % random.getrandbits(64)
    out = []
    for k, v in fields:
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                    % (b, k, v)).encode())
    for k, fname, ctype, data in files:
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                    'Content-Type: %s\r\n\r\n' % (b, k, fname, ctype)).encode() + data + b'\r\n')
    out.append(('--%s--\r\n' % b).encode())
    return b''.join(out), 'multipart/form-data; boundary=' + b


def login(base, user, log, timeout=30):
    br = Browser(base, log, timeout)
    st, html, _ = br.request('login-page', 'GET', '/login')
    csrf = hidden(html, 'csrf') if st == 200 else None
    if not csrf:
        return None
    body = urllib.parse.urlencode({'csrf': csrf, 'username': user,
                                   'password': DEMO_PASSWORD})
    st, _, resp = br.request('login', 'POST', '/login', body,
                             'application/x-www-form-urlencoded')
    if st != 303 or '/login' in (resp.getheader('Location') or '/login'):
        return None
    return br if 'pserv_session' in br.cookies else None


def submit_once(br, tag):
    """One ticket through the public form; True when submitted."""
    br.cookies.pop('pserv_session', None)
    st, html, _ = br.request('form', 'GET', '/request/new')
    if st != 200:
        return False
    csrf, token = hidden(html, 'csrf'), hidden(html, 'form_token')
    if not csrf or not token:
        return False
    # a name holds letters, spaces and . ' - only
    n = '%s %s' % (tag, ''.join(random.choice('abcdefghijklmnopqrstuvwxyz')
                                for _ in range(8)))
    fields = [('csrf', csrf), ('form_token', token), ('kind', 'UNIT'),
              ('full_name', 'Chaos ' + n), ('position', 'Staf Uji'),
              ('email', 'chaos.%d@unit.example' % random.getrandbits(30)),
              ('unit_code', 'UNIT-JKT'), ('atasan_nopek', '10050002'),
              ('note', 'Catatan ' + n),
              ('platform', 'SAP'), ('note_SAP', 'Akses SAP ' + n),
              ('platform', 'EMAIL'), ('note_EMAIL', 'Kotak surat ' + n),
              ('action', 'review')]
    body, ctype = multipart(fields, [('attachments', 'ktp.png', 'image/png',
                                      PNG + n.encode())])
    st, html, _ = br.request('review', 'POST', '/request/new', body, ctype)
    if st != 200 or 'action="/request/submit"' not in html:
        return False
    m = re.search(r'<form[^>]*action="/request/submit"[^>]*>(.*?)</form>', html, re.S)
    pairs = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', m.group(1))
    pairs = [(k, v.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
              .replace('&quot;', '"')) for k, v in pairs]
    st, html, _ = br.request('submit', 'POST', '/request/submit',
                             urllib.parse.urlencode(pairs),
                             'application/x-www-form-urlencoded')
    return st == 200 and 'Berhasil' in html


def psql(conninfo, sql):
    out = subprocess.run(['psql', '-X', '-q', '-At', '-d', conninfo, '-c', sql],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def decide_once(browsers, conninfo, tag, reject_share):
    row = psql(conninfo, "SELECT id, status FROM requests WHERE full_name LIKE "
               "'Chaos %s %%' AND status NOT IN ('completed', 'rejected') "
               "ORDER BY random() LIMIT 1" % tag)
    if not row:
        return None
    rid, status = row.split('|')
    br = browsers[status]
    st, html, _ = br.request('ticket', 'GET', '/requests/%s' % rid)
    if st != 200:
        return False
    csrf = hidden(html, 'csrf')
    if not csrf:
        return False
    form = {'csrf': csrf, 'status': status, 'confirm': '1',
            'reason': 'Chaos %s %s' % (tag, status),
            'decision': 'reject' if random.random() < reject_share else 'approve'}
    if status == 'executor':
        form['user_id'] = 'c%s%08x' % (tag.lower()[:8], random.getrandbits(32))
    st, _, resp = br.request('decide', 'POST', '/requests/%s/decide' % rid,
                             urllib.parse.urlencode(form),
                             'application/x-www-form-urlencoded')
    return st == 303


def slow(a, log):
    """Silent connections and slow-drip uploads against the server while
    GET /login is polled: when each was closed (seconds from the start) and
    what the polls got."""
    import socket
    u = urllib.parse.urlsplit(a.base)
    addr = (u.hostname, u.port or 80)
    t0 = time.time()
    idle = [socket.create_connection(addr) for _ in range(a.idle)]
    drip = []
    for _ in range(a.drip):
        s = socket.create_connection(addr)
        s.sendall(('POST /request/submit HTTP/1.1\r\nHost: %s:%d\r\n'
                   'Content-Type: application/x-www-form-urlencoded\r\n'
                   'Content-Length: 100000\r\n\r\ncsrf=' % addr).encode())
        drip.append(s)
    # Uploads that keep coming at --rate bytes a second, above MinRate, to
    # the upload route: only the body's time cap (RequestReadTimeout
    # body=20-60) ends them; each has its own thread.
    steady_status, steady_closed_at = [], []
    steady_lock = threading.Lock()

    def steady_one():
        try:
            c = socket.create_connection(addr)
            c.sendall(('POST /request/new HTTP/1.1\r\nHost: %s:%d\r\n'
                       'Content-Type: multipart/form-data; boundary=x\r\n'
                       'Content-Length: 28000000\r\n\r\n' % addr).encode())
            c.settimeout(0.1)
            chunk = b'a' * max(1, a.rate // 10)
            d = b''
            while time.time() - t0 < a.seconds:
                try:
                    d = c.recv(4096)
                    break
                except socket.timeout:
                    c.send(chunk)
            c.close()
            m = re.match(rb'HTTP/1\.[01] (\d+)', d)
            st = m.group(1).decode() if m else ('open' if not d and time.time() - t0 >= a.seconds else 'closed')
        except OSError:
            st = 'reset'
        with steady_lock:
            steady_status.append(st)
            steady_closed_at.append(time.time() - t0)
    steady = [threading.Thread(target=steady_one) for _ in range(a.steady)]
    for t in steady:
        t.start()
    for s in idle + drip:
        s.setblocking(False)
    idle_open, drip_open = set(range(len(idle))), set(range(len(drip)))
    idle_closed_at, drip_closed_at, drip_status = [], [], []
    br = Browser(a.base, log, a.timeout)
    last_drip = 0
    while time.time() - t0 < a.seconds and (idle_open or drip_open
                                             or any(t.is_alive() for t in steady)):
        st, _, _ = br.request('login', 'GET', '/login')
        br.close()
        if st == 200:
            log.ok += 1
        now = time.time()
        for i in list(idle_open):
            try:
                d = idle[i].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                d = b''
            idle_open.discard(i)
            idle_closed_at.append(now - t0)
        for i in list(drip_open):
            try:
                d = drip[i].recv(4096)
            except BlockingIOError:
                if now - last_drip >= 1:
                    try:
                        drip[i].send(b'a')     # one byte a second
                    except OSError:
                        drip_open.discard(i)
                        drip_closed_at.append(now - t0)
                        drip_status.append('reset')
                continue
            except OSError:
                d = b''
            drip_open.discard(i)
            drip_closed_at.append(now - t0)
            m = re.match(rb'HTTP/1\.[01] (\d+)', d)
            drip_status.append(m.group(1).decode() if m else 'closed')
        if now - last_drip >= 1:
            last_drip = now
        time.sleep(max(0, 1 - (time.time() - now)))
    for s in idle + drip:
        s.close()
    for t in steady:
        t.join()
    sc = sorted(steady_closed_at)
    return {'steady': a.steady, 'steady_rate': a.rate,
            'steady_status': {k: steady_status.count(k) for k in set(steady_status)},
            'steady_closed_first': round(sc[0], 1) if sc else None,
            'steady_closed_last': round(sc[-1], 1) if sc else None,
            'idle': a.idle, 'idle_still_open': len(idle_open),
            'idle_closed_first': round(min(idle_closed_at), 1) if idle_closed_at else None,
            'idle_closed_last': round(max(idle_closed_at), 1) if idle_closed_at else None,
            'drip_still_open': len(drip_open),
            'drip_closed_at': [round(x, 1) for x in drip_closed_at],
            'drip_status': drip_status,
            'login_polls': log.n, 'login_by_status': log.by_status,
            'login_max_elapsed': round(log.max_elapsed, 3)}


def flood(a, log):
    """--workers threads POST /login (wrong password, fresh CSRF each) for
    --seconds, after a quiet --baseline; GET /healthz every --interval
    throughout. Latency of /healthz (p50, max) quiet and during."""
    hz = Log(None)
    t0 = time.time()
    quiet_until = t0 + a.baseline
    end = quiet_until + a.seconds
    samples = {'quiet': [], 'flood': []}
    posts = {}
    plock = threading.Lock()

    def poll():
        br = Browser(a.base, hz, a.timeout)
        while time.time() < end:
            t = time.time()
            st, _, _ = br.request('healthz', 'GET', '/healthz')
            br.close()
            samples['quiet' if t < quiet_until else 'flood'].append(
                (time.time() - t, st))
            time.sleep(max(0, a.interval - (time.time() - t)))

    def hammer(i):
        br = Browser(a.base, log, a.timeout)
        while time.time() < quiet_until:
            time.sleep(0.05)
        n = 0
        while time.time() < end:
            st, html, _ = br.request('login-page', 'GET', '/login')
            csrf = hidden(html, 'csrf') if st == 200 else None
            if not csrf:
                continue
            n += 1
            body = urllib.parse.urlencode({'csrf': csrf,
                                           'username': 'flood.%d.%d' % (i, n),
                                           'password': 'Salah-Flood-2026'})
            st, _, _ = br.request('login', 'POST', '/login', body,
                                  'application/x-www-form-urlencoded')
            with plock:
                posts[str(st)] = posts.get(str(st), 0) + 1

    threads = [threading.Thread(target=poll)] + \
        [threading.Thread(target=hammer, args=(i,)) for i in range(a.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    def stat(v):
        ms = sorted(x[0] * 1000 for x in v)
        if not ms:
            return None
        return {'n': len(ms), 'p50_ms': round(ms[len(ms) // 2], 1),
                'max_ms': round(ms[-1], 1),
                'not_200': sum(1 for x in v if x[1] != 200)}
    return {'workers': a.workers, 'seconds': a.seconds,
            'posts': sum(posts.values()), 'post_status': posts,
            'healthz_quiet': stat(samples['quiet']),
            'healthz_flood': stat(samples['flood'])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('cmd', choices=['login', 'submit', 'approve', 'poll', 'slow', 'flood'])
    ap.add_argument('base')
    ap.add_argument('user', nargs='?')
    ap.add_argument('--seconds', type=float, default=10)
    ap.add_argument('--count', type=int, default=0, help='stop after N successes')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--log')
    ap.add_argument('--tag', default='T')
    ap.add_argument('--db', help='libpq conninfo (approve)')
    ap.add_argument('--reject-share', type=float, default=0.1)
    ap.add_argument('--timeout', type=float, default=30)
    ap.add_argument('--pause', type=float, default=0, help='seconds between iterations')
    ap.add_argument('--until-done', action='store_true',
                    help='approve: stop when no chaos ticket waits for a decision')
    ap.add_argument('--path', default='/login')
    ap.add_argument('--cookie', default='')
    ap.add_argument('--interval', type=float, default=0.1)
    ap.add_argument('--idle', type=int, default=200)
    ap.add_argument('--drip', type=int, default=1)
    ap.add_argument('--steady', type=int, default=0)
    ap.add_argument('--rate', type=int, default=700, help='steady: bytes a second')
    ap.add_argument('--baseline', type=float, default=3,
                    help='flood: quiet seconds first')
    a = ap.parse_args()
    log = Log(a.log)

    if a.cmd == 'login':
        br = login(a.base, a.user, log, a.timeout)
        if not br:
            sys.exit('login as %s failed' % a.user)
        print('pserv_session=' + br.cookies['pserv_session'])
        return

    if a.cmd == 'poll':
        br = Browser(a.base, log, a.timeout)
        if a.cookie:
            name, _, val = a.cookie.partition('=')
            br.cookies[name] = val
        end = time.time() + a.seconds
        while time.time() < end:
            t = time.time()
            st, _, _ = br.request('poll', 'GET', a.path)
            if st == 200:
                log.ok += 1
            time.sleep(max(0, a.interval - (time.time() - t)))
        print(log.summary())
        return
    if a.cmd == 'slow':
        print(json.dumps(slow(a, log)))
        return
    if a.cmd == 'flood':
        print(json.dumps(flood(a, log)))
        return

    end = time.time() + a.seconds
    stop = threading.Event()

    def worker(i):
        random.seed(os.getpid() * 1000 + i)
        if a.cmd == 'submit':
            br = Browser(a.base, log, a.timeout)
        else:
            browsers = {}
        while time.time() < end and not stop.is_set():
            if a.cmd == 'submit':
                ok = submit_once(br, a.tag)
            else:
                if len(browsers) < len(DECIDERS):
                    for st, user in DECIDERS.items():
                        if st not in browsers:
                            b = login(a.base, user, log, a.timeout)
                            if b:
                                browsers[st] = b
                    if len(browsers) < len(DECIDERS):
                        time.sleep(0.2)
                        continue
                ok = decide_once(browsers, a.db, a.tag, a.reject_share)
                if ok is None:          # nothing left to decide
                    if a.until_done:
                        stop.set()
                        break
                    time.sleep(0.2)
                    continue
            if ok:
                with log.lock:
                    log.ok += 1
                    if a.count and log.ok >= a.count:
                        stop.set()
            if a.pause:
                time.sleep(a.pause)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(a.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(log.summary())


if __name__ == '__main__':
    main()
