#!/usr/bin/python3
"""oidc_op.py: a minimal OpenID Connect provider for t/auth/sso_oidc.t.

Just enough of the authorization code flow for mod_auth_openidc: discovery,
the JWKS (one RSA key made at start), a login form at the authorization
endpoint (whoever the test names signs in, no password), the token endpoint
(client_secret_basic or _post; the code once, within a minute) with an
RS256-signed ID token, and an end-session endpoint that sends the browser on
to post_logout_redirect_uri. Python 3's standard library and Debian's
python3-cryptography only. Never anything but a test double.

Usage: oidc_op.py PORT CLIENT_ID CLIENT_SECRET
Claims of a signed-in person: sub and email = the name typed; amr from the
form's "amr" field (comma-separated, default "pwd").
"""
import base64
import hashlib
import html
import json
import secrets
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

PORT, CLIENT_ID, CLIENT_SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ISSUER = f"http://127.0.0.1:{PORT}"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "pserv-test-1"
CODES = {}  # code -> (claims, redirect_uri, client_id, expires)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n):
    return b64u(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def jwt(claims):
    head = b64u(json.dumps({"alg": "RS256", "kid": KID, "typ": "JWT"}).encode())
    body = b64u(json.dumps(claims).encode())
    sig = KEY.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64u(sig)}"


def jwks():
    pub = KEY.public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID,
                      "n": uint(pub.n), "e": uint(pub.e)}]}


DISCOVERY = {
    "issuer": ISSUER,
    "authorization_endpoint": ISSUER + "/authorize",
    "token_endpoint": ISSUER + "/token",
    "jwks_uri": ISSUER + "/jwks",
    "end_session_endpoint": ISSUER + "/logout",
    "response_types_supported": ["code"],
    "subject_types_supported": ["public"],
    "id_token_signing_alg_values_supported": ["RS256"],
    "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                              "client_secret_post"],
    "scopes_supported": ["openid", "email"],
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("oidc_op: " + (fmt % args) + "\n")

    def send(self, status, body=b"", ctype="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, url):
        self.send(302, b"", "text/plain", [("Location", url)])

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        return dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/.well-known/openid-configuration":
            return self.send(200, DISCOVERY)
        if url.path == "/jwks":
            return self.send(200, jwks())
        if url.path == "/authorize":
            if q.get("response_type") != "code" or q.get("client_id") != CLIENT_ID:
                return self.send(400, {"error": "unsupported"})
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in q.items())
            return self.send(200, "<!doctype html><title>Test IdP</title>"
                             '<form method="post" action="/authorize">' + hidden
                             + '<input name="login"><input name="amr" value="pwd">'
                             "<button>Sign in</button></form>", "text/html")
        if url.path == "/logout":
            to = q.get("post_logout_redirect_uri")
            return self.redirect(to) if to else self.send(200, "signed out", "text/plain")
        return self.send(404, {"error": "not_found"})

    def do_POST(self):
        f = self.form()
        if self.path == "/authorize":
            if f.get("client_id") != CLIENT_ID or not f.get("login"):
                return self.send(400, {"error": "invalid_request"})
            code = secrets.token_urlsafe(24)
            claims = {"sub": f["login"], "email": f["login"],
                      "amr": [a for a in f.get("amr", "pwd").split(",") if a]}
            if f.get("nonce"):
                claims["nonce"] = f["nonce"]
            CODES[code] = (claims, f.get("redirect_uri"), f["client_id"], time.time() + 60)
            sep = "&" if "?" in f["redirect_uri"] else "?"
            return self.redirect(f["redirect_uri"] + sep + urllib.parse.urlencode(
                {"code": code, "state": f.get("state", "")}))
        if self.path == "/token":
            cid, secret = f.get("client_id"), f.get("client_secret")
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                cid, secret = urllib.parse.unquote(cid), urllib.parse.unquote(secret)
            if cid != CLIENT_ID or secret != CLIENT_SECRET:
                return self.send(401, {"error": "invalid_client"})
            got = CODES.pop(f.get("code", ""), None)
            if (f.get("grant_type") != "authorization_code" or not got
                    or got[1] != f.get("redirect_uri") or got[3] < time.time()):
                return self.send(400, {"error": "invalid_grant"})
            now = int(time.time())
            claims = dict(got[0], iss=ISSUER, aud=CLIENT_ID, iat=now, exp=now + 300)
            access = secrets.token_urlsafe(24)
            claims["at_hash"] = b64u(hashlib.sha256(access.encode()).digest()[:16])
            return self.send(200, {"access_token": access, "token_type": "Bearer",
                                   "expires_in": 300, "id_token": jwt(claims)})
        return self.send(404, {"error": "not_found"})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    print(f"oidc_op listening on {ISSUER}", flush=True)
    server.serve_forever()
