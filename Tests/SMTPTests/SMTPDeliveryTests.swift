import Foundation
import Logging
import SMTP
import RelanceTestSupport
import Testing

/// The client against a real SMTP server (aiosmtpd, `smtp_peer.py`): what arrives, and how
/// each kind of failure is reported.
@Suite(.enabled(if: SMTPPeer.isAvailable, SMTPPeer.skipReason))
struct SMTPDeliveryTests {
    static let envelope = SMTPEnvelope(sender: "billing@example.com", recipients: ["client@example.org"])
    static let message = Array("From: billing@example.com\r\nTo: client@example.org\r\nSubject: Test\r\n\r\nHello.\r\n".utf8)

    /// A client whose logs (at trace) are kept in `logs`: every test checks they hold no secret.
    func client(_ url: String, trustRoots: SMTPConfiguration.TrustRoots? = nil, logs: LogRecorder = LogRecorder()) throws -> SMTPClient {
        try SMTPClient(configuration: SMTPConfiguration(url: url, trustRoots: trustRoots), logger: logs.logger())
    }

    func trustingTestCA() throws -> SMTPConfiguration.TrustRoots {
        .only(pemFile: try TestPKI.get().caCertificate)
    }

    @Test func plainTextDeliveryWithStartTLSNone() async throws {
        let peer = try await SMTPPeer()
        let reply = try await client("smtp://127.0.0.1:\(peer.port)?starttls=none").send(Self.envelope, message: Self.message)
        #expect(reply.code == 250)
        #expect(reply.description == "250 2.0.0 Ok: queued as PEER1")
        let received = try await peer.message(1)
        #expect(received.raw == Self.message)
        #expect(received.summary.mailFrom == "billing@example.com")
        #expect(received.summary.rcptTos == ["client@example.org"])
        #expect(!received.summary.tls)
    }

    @Test func startTLSRequiredWithAuthPlainDeliversTheExactMessage() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--require-starttls", "--auth", "mailer:s3cr:t@pass"])
        let smtp = try client(
            "smtp://mailer:s3cr%3At%40pass@localhost:\(peer.port)?starttls=required", trustRoots: .only(pemFile: pki.caCertificate))
        let message = Array("Subject: STARTTLS\r\nX-Bytes: 8-bit é\r\n\r\nLine one\r\nLine two\r\n".utf8)
        let reply = try await smtp.send(
            SMTPEnvelope(sender: "billing@example.com", recipients: ["a@example.org", "b@example.org"]), message: message)
        #expect(reply.code == 250)
        #expect(reply.lines == ["2.0.0 Ok: queued as PEER1"])
        #expect(reply.enhancedStatusCode == "2.0.0")
        let received = try await peer.message(1)
        #expect(received.raw == message)
        #expect(received.summary.tls)
        #expect(received.summary.authenticated)
        #expect(received.summary.authLogin == "mailer")
        #expect(received.summary.rcptTos == ["a@example.org", "b@example.org"])
        // 8-bit content, and the server offers 8BITMIME: the client says so.
        #expect(received.summary.mailOptions.contains("BODY=8BITMIME"))
        #expect(received.summary.mailOptions.contains("SIZE=\(message.count)"))
    }

    @Test func logsCarryNoSecrets() async throws {
        let pki = try TestPKI.get()
        let logs = LogRecorder()
        for mechanism in ["LOGIN", "PLAIN"] {
            let peer = try await SMTPPeer(pki.startTLSArguments + ["--auth", "mailer:Sup3r-Secret", "--auth-exclude", mechanism])
            let smtp = try client("smtp://mailer:Sup3r-Secret@localhost:\(peer.port)", trustRoots: .only(pemFile: pki.caCertificate), logs: logs)
            _ = try await smtp.send(Self.envelope, message: Array("Subject: private\r\n\r\nBody text that is private.\r\n".utf8))
            #expect(try await peer.message(1).summary.authenticated)
        }
        let lines = logs.lines
        #expect(lines.contains { $0.contains("AUTH PLAIN") })
        #expect(lines.contains { $0.contains("AUTH LOGIN") })
        // Neither the password, nor its base64 forms (LOGIN's and PLAIN's), nor the message's content.
        for secret in ["Sup3r-Secret", "U3VwM3ItU2VjcmV0", "AG1haWxlcgBTdXAzci1TZWNyZXQ", "private"] {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret) was logged")
        }
    }

    @Test func authLoginWhenPlainIsNotOffered() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--auth", "mailer:pw", "--auth-exclude", "PLAIN"])
        let smtp = try client("smtp://mailer:pw@127.0.0.1:\(peer.port)", trustRoots: .only(pemFile: pki.caCertificate))
        _ = try await smtp.send(Self.envelope, message: Self.message)
        let received = try await peer.message(1)
        #expect(received.summary.tls)  // opportunistic STARTTLS, taken because offered
        #expect(received.summary.authenticated)
        #expect(received.summary.authLogin == "mailer")
    }

    @Test func implicitTLS() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.implicitTLSArguments + ["--auth", "mailer:pw"])
        let smtp = try client("smtps://mailer:pw@127.0.0.1:\(peer.port)", trustRoots: .only(pemFile: pki.caCertificate))
        let reply = try await smtp.send(Self.envelope, message: Self.message)
        #expect(reply.description == "250 2.0.0 Ok: queued as PEER1")
        let received = try await peer.message(1)
        #expect(received.raw == Self.message)
        #expect(received.summary.tls)
        #expect(received.summary.authenticated)
    }

    @Test func anUntrustedCertificateFailsTheConnectionAndSendsNothing() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.implicitTLSArguments)
        let smtp = try client("smtps://127.0.0.1:\(peer.port)", trustRoots: .only(pemFile: pki.otherCACertificate))
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .connection = error else { Issue.record("expected .connection, got \(error)"); return }
        #expect(!peer.hasReceivedAnything)
    }

    @Test func startTLSRequiredButNotOfferedFailsBeforeAnyMail() async throws {
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=required", trustRoots: try trustingTestCA())
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .tlsRequired = error else { Issue.record("expected .tlsRequired, got \(error)"); return }
        #expect(!error.isTransient)
        #expect(!peer.hasReceivedAnything)
    }

    @Test func credentialsAreNeverSentInPlainTextUnlessStartTLSNone() async throws {
        let peer = try await SMTPPeer(["--auth", "mailer:pw", "--auth-allow-plaintext"])
        // Opportunistic (the default) and no STARTTLS offered: refuse rather than send the password.
        let opportunistic = try client("smtp://mailer:pw@127.0.0.1:\(peer.port)", trustRoots: try trustingTestCA())
        let error = try await #require(throws: SMTPError.self) { try await opportunistic.send(Self.envelope, message: Self.message) }
        guard case .tlsRequired = error else { Issue.record("expected .tlsRequired, got \(error)"); return }
        #expect(!peer.hasReceivedAnything)
        // starttls=none says plain text is intended.
        _ = try await client("smtp://mailer:pw@127.0.0.1:\(peer.port)?starttls=none").send(Self.envelope, message: Self.message)
        #expect(try await peer.message(1).summary.authenticated)
    }

    @Test func aBadPasswordIsAPermanentAuthenticationError() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--auth", "mailer:right"])
        let smtp = try client("smtp://mailer:wrong@127.0.0.1:\(peer.port)?starttls=required", trustRoots: .only(pemFile: pki.caCertificate))
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .permanent(let code, let message, let command) = error else { Issue.record("expected .permanent, got \(error)"); return }
        #expect(code == 535)
        #expect(command == "AUTH PLAIN")
        #expect(message.contains("5.7.8"))
        #expect(!error.isTransient)
        #expect(!"\(error)".contains("wrong"))
        #expect(!peer.hasReceivedAnything)
    }

    @Test func credentialsWithoutAuthOnTheServerAreAnError() async throws {
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://mailer:pw@127.0.0.1:\(peer.port)?starttls=none")
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .authenticationUnavailable = error else { Issue.record("expected .authenticationUnavailable, got \(error)"); return }
        #expect(!peer.hasReceivedAnything)
    }

    @Test func aTransientFailureAtEndOfDataThenASuccessfulRetry() async throws {
        let peer = try await SMTPPeer(["--fail-data", "1"])
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .transient(let code, let message, let command) = error else { Issue.record("expected .transient, got \(error)"); return }
        #expect(code == 451)
        #expect(message == "4.3.0 try again")
        #expect(command == "end of data")
        #expect(error.isTransient)
        #expect(!peer.hasReceivedAnything)

        let reply = try await smtp.send(Self.envelope, message: Self.message)
        #expect(reply.description == "250 2.0.0 Ok: queued as PEER1")
        #expect(try await peer.message(1).raw == Self.message)
    }

    @Test func aTransientFailureOnRecipient() async throws {
        let peer = try await SMTPPeer(["--fail-rcpt", "1"])
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        #expect(error.isTransient)
        #expect(error.replyCode == 451)
        _ = try await smtp.send(Self.envelope, message: Self.message)
        #expect(try peer.receivedMessages().count == 1)
    }

    @Test func anUnknownRecipientIsPermanentAndNothingIsSent() async throws {
        let peer = try await SMTPPeer(["--reject-rcpt", "nobody@example.org"])
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        let envelope = SMTPEnvelope(sender: "billing@example.com", recipients: ["client@example.org", "nobody@example.org"])
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(envelope, message: Self.message) }
        guard case .permanent(let code, let message, let command) = error else { Issue.record("expected .permanent, got \(error)"); return }
        #expect(code == 550)
        #expect(message == "5.1.1 no such user")
        #expect(command == "RCPT TO:<nobody@example.org>")
        #expect(!error.isTransient)
        #expect(!peer.hasReceivedAnything)
    }

    @Test func beforeDataRunsAfterTheRecipientsAndItsErrorStopsTheSend() async throws {
        struct LeaseLost: Error {}
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        let calls = Counter()
        await #expect(throws: LeaseLost.self) {
            try await smtp.send(Self.envelope, message: Self.message) {
                calls.add()
                throw LeaseLost()
            }
        }
        #expect(calls.current == 1)
        #expect(!peer.hasReceivedAnything)

        // A refused recipient fails before beforeData is asked.
        let rejecting = try await SMTPPeer(["--reject-rcpt", "client@example.org"])
        await #expect(throws: SMTPError.self) {
            try await client("smtp://127.0.0.1:\(rejecting.port)?starttls=none").send(Self.envelope, message: Self.message) {
                calls.add()
            }
        }
        #expect(calls.current == 1)

        // And when it returns, the message goes.
        _ = try await smtp.send(Self.envelope, message: Self.message) { calls.add() }
        #expect(calls.current == 2)
        #expect(try peer.receivedMessages().count == 1)
    }

    @Test func dotStuffingAndLineEndings() async throws {
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        // LF and CR line endings, lines starting with dots, a lone dot, no final line break.
        let sent = Array("Subject: dots\n\n.leading dot\n..two dots\n.\nmiddle . dot\r.\r\n. \nlast".utf8)
        _ = try await smtp.send(Self.envelope, message: sent)
        let received = try await peer.message(1)
        #expect(String(decoding: received.raw, as: UTF8.self)
            == "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nmiddle . dot\r\n.\r\n. \r\nlast\r\n")
        #expect(!received.summary.bareLf)
    }

    @Test func aUTF8SubjectAndDisplayNamesArriveDecoded() async throws {
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        let subject = "Relevé de compte — 1 250,00 € restant dû ✓ (rappel n°2, merci de régler avant la fin du mois)"
        let message = MIMEMessage(
            from: try MIMEAddress("billing@example.com", displayName: "Société Générale d'Éclairage"),
            to: [
                try MIMEAddress("zoe@example.org", displayName: "Zoë Martin-Lefèvre"),
                try MIMEAddress("jean@example.org", displayName: "Dupont, Jean \"JD\""),
            ],
            cc: [try MIMEAddress("ops@example.org")],
            bcc: [try MIMEAddress("archive@example.com")],
            replyTo: [try MIMEAddress("accounts@example.com", displayName: "Comptabilité")],
            subject: subject,
            date: Date(timeIntervalSince1970: 1_733_207_220),
            messageID: try MIMEMessageID("reminder.42.2@example.com"),
            text: "Bonjour Zoë,\nvotre solde est de 1 250,00 €.\n",
            headers: [try MIMEHeader("X-Campaign", "relances — décembre")]
        )
        let reply = try await smtp.send(message)
        #expect(reply.code == 250)
        let received = try await peer.message(1)
        #expect(received.summary.rcptTos == ["zoe@example.org", "jean@example.org", "ops@example.org", "archive@example.com"])
        let parsed = received.message
        #expect(parsed.subject == subject)
        #expect(parsed.from == [.init(displayName: "Société Générale d'Éclairage", addrSpec: "billing@example.com")])
        #expect(parsed.to == [
            .init(displayName: "Zoë Martin-Lefèvre", addrSpec: "zoe@example.org"),
            .init(displayName: "Dupont, Jean \"JD\"", addrSpec: "jean@example.org"),
        ])
        #expect(parsed.cc == [.init(displayName: "", addrSpec: "ops@example.org")])
        #expect(parsed.replyTo == [.init(displayName: "Comptabilité", addrSpec: "accounts@example.com")])
        #expect(parsed.header("Bcc") == nil)
        #expect(parsed.header("X-Campaign") == "relances — décembre")
        #expect(parsed.messageId == "<reminder.42.2@example.com>")
        #expect(parsed.date == "Tue, 03 Dec 2024 06:27:00 +0000")
        #expect(parsed.contentType == "text/plain")
        // Text line breaks are CRLF in MIME's canonical form.
        #expect(parsed.parts.first?.text == "Bonjour Zoë,\r\nvotre solde est de 1 250,00 €.\r\n")
        #expect(parsed.defects.isEmpty)
        // 7-bit on the wire, lines within 78 characters.
        #expect(received.raw.allSatisfy { $0 < 0x80 })
        #expect(received.summary.maxLineLength <= 78)
        #expect(!received.summary.mailOptions.contains("BODY=8BITMIME"))
    }

    @Test func aMultipartMessageWithAnAttachmentRoundTrips() async throws {
        let peer = try await SMTPPeer()
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none")
        var pdf = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        pdf += (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        pdf += Array("\n.\n\r\n--=_m_\n%%EOF\n".utf8)
        let text = "Bonjour,\n\nVeuillez trouver ci-joint votre relevé.\n.\nUne ligne très longue: " + String(repeating: "abc é ", count: 40) + "\nFin.  \n"
        let html = "<html><body><p>Bonjour,</p><p>Votre relevé est joint — merci.</p>" + String(repeating: "<p>ligne=ligne</p>", count: 30) + "</body></html>"
        let message = MIMEMessage(
            from: try MIMEAddress("billing@example.com", displayName: "Billing"),
            to: [try MIMEAddress("client@example.org")],
            subject: "Votre relevé",
            messageID: try MIMEMessageID("<statement.7@example.com>"),
            text: text,
            html: html,
            attachments: [
                try MIMEAttachment(filename: "relevé de compte décembre 2024 — Société Générale d'Éclairage.pdf", contentType: "application/pdf", data: pdf),
                try MIMEAttachment(filename: "data.csv", contentType: "text/csv", data: Array("a;b\n1;2\n".utf8)),
            ]
        )
        _ = try await smtp.send(message)
        let received = try await peer.message(1)
        let parsed = received.message
        #expect(parsed.defects.isEmpty)
        #expect(parsed.contentType == "multipart/mixed")
        #expect(parsed.parts.map(\.contentType) == [
            "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf", "text/csv",
        ])
        #expect(parsed.parts[2].text == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parsed.parts[2].charset == "utf-8")
        #expect(parsed.parts[3].text == html)
        #expect(parsed.parts[4].data == pdf)
        #expect(parsed.parts[4].filename == "relevé de compte décembre 2024 — Société Générale d'Éclairage.pdf")
        #expect(parsed.parts[4].disposition == "attachment")
        #expect(parsed.parts[4].transferEncoding == "base64")
        #expect(parsed.parts[5].data == Array("a;b\n1;2\n".utf8))
        #expect(parsed.parts[5].filename == "data.csv")
        #expect(received.summary.maxLineLength <= 78)
        #expect(received.raw.allSatisfy { $0 < 0x80 })
    }

    @Test func smtpUTF8IsUsedWhenAnAddressNeedsIt() async throws {
        let peer = try await SMTPPeer(["--smtputf8"])
        let envelope = SMTPEnvelope(sender: "billing@example.com", recipients: ["zoë@exemple.fr"])
        _ = try await client("smtp://127.0.0.1:\(peer.port)?starttls=none").send(envelope, message: Self.message)
        let received = try await peer.message(1)
        #expect(received.summary.mailOptions.contains("SMTPUTF8"))
        #expect(received.summary.rcptTos == ["zoë@exemple.fr"])

        let plain = try await SMTPPeer()
        let error = try await #require(throws: SMTPError.self) {
            try await client("smtp://127.0.0.1:\(plain.port)?starttls=none").send(envelope, message: Self.message)
        }
        guard case .smtpUTF8Unavailable = error else { Issue.record("expected .smtpUTF8Unavailable, got \(error)"); return }
        #expect(!plain.hasReceivedAnything)
    }

    @Test func heloWhenTheServerDoesNotKnowEHLO() async throws {
        let peer = try await SMTPPeer(["--no-ehlo"])
        let reply = try await client("smtp://127.0.0.1:\(peer.port)?starttls=none").send(Self.envelope, message: Self.message)
        #expect(reply.code == 250)
        #expect(try await peer.message(1).raw == Self.message)
        // HELO has no extensions, so no STARTTLS either.
        let error = try await #require(throws: SMTPError.self) {
            try await client("smtp://127.0.0.1:\(peer.port)?starttls=required", trustRoots: try trustingTestCA())
                .send(Self.envelope, message: Self.message)
        }
        guard case .tlsRequired = error else { Issue.record("expected .tlsRequired, got \(error)"); return }
    }

    @Test func aSilentServerTimesOut() async throws {
        let peer = try await SMTPPeer(["--silent"])
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none&timeout=1")
        let started = ContinuousClock.now
        let error = try await #require(throws: SMTPError.self) { try await smtp.send(Self.envelope, message: Self.message) }
        guard case .timeout(let command) = error else { Issue.record("expected .timeout, got \(error)"); return }
        #expect(command == "greeting")
        #expect(error.isTransient)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func cancellingTheTaskEndsTheSendAtOnce() async throws {
        let peer = try await SMTPPeer(["--silent"])
        let smtp = try client("smtp://127.0.0.1:\(peer.port)?starttls=none&timeout=60")
        let started = ContinuousClock.now
        let task = Task { try await smtp.send(Self.envelope, message: Self.message) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aRefusedConnectionIsTransient() async throws {
        // A port nothing listens on: the peer's, once it has stopped.
        let peer = try await SMTPPeer()
        let port = peer.port
        peer.process.terminate()
        let error = try await #require(throws: SMTPError.self) {
            try await client("smtp://127.0.0.1:\(port)?starttls=none").send(Self.envelope, message: Self.message)
        }
        guard case .connection = error else { Issue.record("expected .connection, got \(error)"); return }
        #expect(error.isTransient)
    }
}
