import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceJobs
import RelanceStore
import RelanceTestSupport
import ServiceLifecycle
import SMTP
import Testing

/// `reminder.deliver` over SMTP to a real server (aiosmtpd, `smtp_peer.py`) through STARTTLS
/// and AUTH: what arrives, a temporary failure retried, a permanent one recorded with a task.
@Suite(.enabled(if: SMTPPeer.isAvailable, SMTPPeer.skipReason))
struct ReminderDeliveryHandlerTests {
    /// The tenant of `DunningRunHandlerTests` (A by e-mail, C by letter on 2026-03-09), with a
    /// sender address, its run recorded; returns the tenant and its reminder ids by channel.
    static func reminders(_ fixture: TenancyFixture) async throws -> (TenantSlug, TenantDatabase, [String: UUID]) {
        let (slug, database) = try await DunningRunHandlerTests.tenant(fixture)
        try await fixture.pool.query("UPDATE \(qualified: "t_acme", "settings") SET sender_email = 'compta@acme.fr', sender_name = 'Acme Services'")
        _ = try await DunningRunner(database: database).run(slug, asOf: CalendarDate("2026-03-09")!, dryRun: false, actor: "test")
        var ids: [String: UUID] = [:]
        for row in try await fixture.pool.query("SELECT channel, id FROM \(qualified: "t_acme", "reminders")") {
            ids[try row.decode(String.self, at: 0)] = try row.decode(UUID.self, at: 1)
        }
        return (slug, database, ids)
    }

    /// Runs the delivery jobs of the tenant's reminders with `mailer` until none is left (deadline 30 s).
    static func deliver(_ fixture: TenancyFixture, _ database: TenantDatabase, mailer: SMTPClient, outbox: URL) async throws {
        let handler = ReminderDeliveryHandler(database: database, outbox: outbox, mailer: mailer, from: "relances@relance.test",
                                              transientRetry: .milliseconds(50))
        let worker = JobWorker(pool: fixture.pool, handlers: [handler],
                               configuration: JobWorkerConfiguration(name: "test", concurrency: 4, claimBatch: 10, kindLimits: [:],
                                                                     lease: .seconds(30), heartbeat: .milliseconds(200),
                                                                     pollInterval: .milliseconds(20), flushInterval: .milliseconds(20)))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        let done = try await TestDatabase.eventually(timeout: .seconds(30)) {
            try await fixture.count("SELECT count(*)::int8 FROM relance.jobs WHERE kind = 'reminder.deliver'") == 0
        }
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(done, "the delivery jobs did not finish in 30 s")
    }

    static func mailer(_ peer: SMTPPeer) throws -> SMTPClient {
        let pki = try TestPKI.get()
        return try SMTPClient(configuration: try SMTPConfiguration(
            url: "smtp://relance:s%C3%A9cret@localhost:\(peer.port)?starttls=required&timeout=5", trustRoots: .only(pemFile: pki.caCertificate)))
    }

    static func outbox() -> URL { URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("outbox-\(UUID().uuidString)") }

    @Test func anEmailReminderArrivesOnceAsMultipartTextAndHTMLWithItsMessageID() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--require-starttls", "--auth", "relance:sécret"])
        try await TenancyFixture.with { fixture in
            let (_, database, ids) = try await Self.reminders(fixture)
            let outbox = Self.outbox()
            defer { try? FileManager.default.removeItem(at: outbox) }
            try await Self.deliver(fixture, database, mailer: try Self.mailer(peer), outbox: outbox)

            let received = try peer.receivedMessages()
            #expect(received.count == 1)
            let message = try #require(received.first)
            let email = try #require(ids["email"])
            #expect(message.summary.tls && message.summary.authenticated)
            #expect(message.summary.rcptTos == ["compta@martin.fr"])
            #expect(message.message.messageId == "<reminder.\(email.uuidString.lowercased())@relance>")
            #expect(message.message.from == [.init(displayName: "Acme Services", addrSpec: "relances@relance.test")])
            #expect(message.message.replyTo == [.init(displayName: "Acme Services", addrSpec: "compta@acme.fr")])
            #expect(message.message.subject == "Deuxième relance : factures impayées")
            let parts = message.message.parts.filter { !$0.contentType.hasPrefix("multipart/") }
            #expect(parts.map(\.contentType) == ["text/plain", "text/html"])
            #expect(parts.first?.text?.contains("- A : 100,00\u{00A0}€, échéance le 1er mars 2026 (8 jours de retard)") == true, "\(parts)")
            #expect(parts.last?.text?.contains("<p>Bonjour Martin SARL,</p>") == true, "\(parts)")
            #expect(message.message.defects.isEmpty)

            // Recorded sent with the server's reply; the letter went to the outbox.
            let detail = try await fixture.pool.query("""
                SELECT r.status, e.data->>'detail' FROM \(qualified: "t_acme", "reminders") r
                JOIN \(qualified: "t_acme", "events") e ON e.subject_id = r.id AND e.type = 'reminder.sent' WHERE r.id = $1
                """, [email]).first
            #expect(try detail?.decode(String.self, at: 0) == "sent")
            #expect(try detail?.decode(String.self, at: 1).contains("250") == true)
            #expect(FileManager.default.fileExists(atPath: outbox.appendingPathComponent("acme/\(try #require(ids["letter"]).uuidString.lowercased()).txt").path))
        }
    }

    @Test func aTemporaryFailureIsRetriedAndTheMessageArrivesOnce() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--auth", "relance:sécret", "--fail-data", "1"])
        try await TenancyFixture.with { fixture in
            let (_, database, ids) = try await Self.reminders(fixture)
            try await Self.deliver(fixture, database, mailer: try Self.mailer(peer), outbox: Self.outbox())
            #expect(try peer.receivedMessages().count == 1)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "reminders") WHERE status = 'sent'") == 2)
            let attempts = try await fixture.count("""
                SELECT attempt::int8 FROM relance.finished_jobs WHERE kind = 'reminder.deliver' AND payload->>'reminder_id' = $1
                """, [try #require(ids["email"]).uuidString.lowercased()])
            #expect(attempts == 2)
        }
    }

    @Test func aRefusedRecipientFailsTheReminderAndOpensATask() async throws {
        let pki = try TestPKI.get()
        let peer = try await SMTPPeer(pki.startTLSArguments + ["--auth", "relance:sécret", "--reject-rcpt", "compta@martin.fr"])
        try await TenancyFixture.with { fixture in
            let (_, database, ids) = try await Self.reminders(fixture)
            try await Self.deliver(fixture, database, mailer: try Self.mailer(peer), outbox: Self.outbox())
            #expect(try peer.receivedMessages().isEmpty)
            let status = try await fixture.pool.query("SELECT status FROM \(qualified: "t_acme", "reminders") WHERE id = $1",
                                                      [try #require(ids["email"])])[0].decode(String.self, at: 0)
            #expect(status == "failed")
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "tasks") WHERE kind = 'failed_delivery' AND status = 'open'") == 1)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE kind = 'reminder.deliver' AND state = 'succeeded'") == 2)
        }
    }
}
