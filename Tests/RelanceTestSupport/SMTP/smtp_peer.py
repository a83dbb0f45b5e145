"""A real SMTP server (aiosmtpd) for the SMTP client's tests.

    python smtp_peer.py --out DIR [--port N] [options]

Listens on 127.0.0.1 (port 0: a free one) and prints `READY <port>` on stdout once it
accepts connections. Each accepted message is written to DIR as `<n>.eml` (the raw bytes
received, after SMTP's dot-unstuffing) and then `<n>.json` (the envelope, the session, and
the message as Python's `email` package parses it), n counting from 1. A test that sees
`<n>.json` can read both.

Options:
  --starttls-cert PEM --starttls-key PEM   offer STARTTLS with this certificate
  --require-starttls                       refuse mail before STARTTLS
  --tls-cert PEM --tls-key PEM             implicit TLS from the first byte
  --auth USER:PASSWORD                     require AUTH with these credentials
  --auth-exclude MECHANISM                 do not offer PLAIN or LOGIN (repeatable)
  --auth-allow-plaintext                   offer AUTH without TLS
  --fail-data N                            answer the first N messages (end of data) 451
  --fail-rcpt N                            answer the first N RCPT commands 451
  --reject-rcpt ADDRESS                    answer RCPT for ADDRESS 550 (repeatable)
  --smtputf8                               offer SMTPUTF8
  --no-ehlo                                answer EHLO 502 (an old server: HELO only)
  --silent                                 accept connections but never say anything
  --raw-only                               write only n.eml (no parsed n.json): a faster sink for benchmarks

Stops on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import base64
import email
import email.policy
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.out = args.out
        self.count = 0
        self.data_failures = 0
        self.rcpt_failures = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.args.reject_rcpt:
            return "550 5.1.1 no such user"
        if self.rcpt_failures < self.args.fail_rcpt:
            self.rcpt_failures += 1
            return "451 4.3.0 try again"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.append(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_failures < self.args.fail_data:
            self.data_failures += 1
            return "451 4.3.0 try again"
        self.count += 1
        n = self.count
        raw = envelope.original_content
        if self.args.raw_only:
            with open(os.path.join(self.out, f"{n}.eml"), "wb") as f:
                f.write(raw)
            return f"250 2.0.0 Ok: queued as PEER{n}"
        with open(os.path.join(self.out, f"{n}.eml"), "wb") as f:
            f.write(raw)
        summary = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "auth_login": session.auth_data.login.decode("utf-8") if isinstance(session.auth_data, LoginPassword) else None,
            "max_line_length": max((len(line) for line in raw.split(b"\r\n")), default=0),
            "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
            "message": describe(raw),
        }
        temporary = os.path.join(self.out, f".{n}.json")
        with open(temporary, "w") as f:
            json.dump(summary, f, indent=1)
        os.replace(temporary, os.path.join(self.out, f"{n}.json"))
        return f"250 2.0.0 Ok: queued as PEER{n}"


def describe(raw):
    """The message as Python's email package (policy.default) reads it."""
    message = email.message_from_bytes(raw, policy=email.policy.default)

    def addresses(name):
        header = message[name]
        if header is None:
            return []
        return [{"display_name": a.display_name, "addr_spec": a.addr_spec} for a in header.addresses]

    parts = []
    defects = [str(d) for d in message.defects]
    for part in message.walk():
        defects += [str(d) for d in part.defects]
        if part.is_multipart():
            parts.append({"content_type": part.get_content_type(), "multipart": True})
            continue
        payload = part.get_payload(decode=True) or b""
        entry = {
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "filename": part.get_filename(),
            "disposition": part.get_content_disposition(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "base64": base64.b64encode(payload).decode("ascii"),
        }
        if part.get_content_maintype() == "text":
            entry["text"] = part.get_content()
        parts.append(entry)
    return {
        "subject": message["subject"],
        "from": addresses("from"),
        "to": addresses("to"),
        "cc": addresses("cc"),
        "reply_to": addresses("reply-to"),
        "message_id": message["message-id"],
        "date": message["date"],
        "content_type": message.get_content_type(),
        "headers": [[k, str(v)] for k, v in message.items()],
        "parts": parts,
        "defects": defects,
    }


class HeloOnlySMTP(SMTP):
    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.1 EHLO not implemented")


def server_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--starttls-cert")
    parser.add_argument("--starttls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth")
    parser.add_argument("--auth-exclude", action="append", default=[])
    parser.add_argument("--auth-allow-plaintext", action="store_true")
    parser.add_argument("--fail-data", type=int, default=0)
    parser.add_argument("--fail-rcpt", type=int, default=0)
    parser.add_argument("--reject-rcpt", action="append", default=[])
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--no-ehlo", action="store_true")
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--raw-only", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    loop = asyncio.get_running_loop()
    if args.silent:
        held = []

        async def hold(reader, writer):
            held.append(writer)
            await asyncio.Event().wait()

        server = await asyncio.start_server(hold, "127.0.0.1", args.port)
    else:
        handler = Handler(args)
        starttls = server_context(args.starttls_cert, args.starttls_key) if args.starttls_cert else None
        implicit = server_context(args.tls_cert, args.tls_key) if args.tls_cert else None
        options = {
            "hostname": "peer.test",
            "enable_SMTPUTF8": args.smtputf8,
            "tls_context": starttls,
            "require_starttls": args.require_starttls,
            # With implicit TLS the whole session is protected, but aiosmtpd only counts STARTTLS.
            "auth_require_tls": not (args.auth_allow_plaintext or implicit is not None),
            "auth_exclude_mechanism": args.auth_exclude,
        }
        if args.auth:
            user, password = args.auth.split(":", 1)

            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = (
                    isinstance(auth_data, LoginPassword)
                    and auth_data.login == user.encode()
                    and auth_data.password == password.encode()
                )
                return AuthResult(success=ok, handled=False, auth_data=auth_data)

            options["authenticator"] = authenticator
            options["auth_required"] = True
        protocol = HeloOnlySMTP if args.no_ehlo else SMTP
        server = await loop.create_server(lambda: protocol(handler, **options), "127.0.0.1", args.port, ssl=implicit)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
