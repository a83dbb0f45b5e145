import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// relance-worker delivering e-mail reminders to a real SMTP server (aiosmtpd) while it is
/// killed with kill -9 again and again: every reminder arrives, counted at the server by
/// `Message-ID`; a duplicate is possible only where a kill fell between the server's
/// acceptance and the commit that records it (the one window no protocol closes), and the
/// test reports how many there were.
@Suite(.enabled(if: SMTPPeer.isAvailable, SMTPPeer.skipReason))
struct ReminderDeliveryProcessTests {
    static let reminders = 2_000
    static let kills = 20

    @Test func kill9TwentyTimesDuringABatchOf2000RemindersLosesNone() async throws {
        let peer = try await SMTPPeer()
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("bulk")
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Bulk"), actor: "test")
            let database = TenantDatabase(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix)
            let today = try await database.withTransaction(slug) { tx in try await ReceivablesSettings.today(in: tx) }
            // One customer per reminder, each with a billing contact and an invoice at J+1 today.
            try await database.withTransaction(slug) { tx in
                for index in 0..<Self.reminders {
                    let customer = try await CustomerRepository().create(NewCustomer(name: "Client \(index)"), in: tx).id
                    _ = try await CustomerRepository().createContact(NewContact(customerID: customer, role: .billing, email: "c\(index)@example.org"), in: tx)
                    let due = today.adding(days: -1)!
                    _ = try await InvoiceRepository().create(NewInvoice(
                        customerID: customer, issueDate: due.adding(days: -30)!, dueDate: due,
                        lines: [.init(description: "Prestation", input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0),
                                                                                        unitPrice: 10_000, discountPercent: nil, taxRate: 0))],
                        issue: true), actor: "test", in: tx)
                }
            }
            _ = try await DunningRunner(database: database).run(slug, asOf: today, dryRun: false, actor: "test")
            func sent() async throws -> Int {
                try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_bulk", "reminders") WHERE status = 'sent'")
            }
            try #require(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_bulk", "reminders")") == Self.reminders)

            let outbox = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("outbox-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: outbox) }
            let environment = [
                "DATABASE_URL": fixture.configuration.connectionString,
                "RELANCE_HOST": "127.0.0.1",
                "RELANCE_WORKER_PORT": String(ScratchServer.freePort()),
                "RELANCE_TENANT_ROLE_PREFIX": fixture.provisioner.rolePrefix,
                "RELANCE_SMTP_URL": "smtp://127.0.0.1:\(peer.port)?starttls=none&timeout=5",
                "RELANCE_SMTP_FROM": "relances@relance.test",
                "RELANCE_OUTBOX_DIR": outbox.path,
                "RELANCE_WORKER_CONCURRENCY": "4",  // the suite runs alongside: keep the machine responsive
                "RELANCE_WORKER_HEARTBEAT_SECONDS": "1",
                "RELANCE_WORKER_DEAD_AFTER_SECONDS": "3",
                "RELANCE_JOB_LEASE_SECONDS": "6",  // a killed worker's jobs wait for their lease to expire
                "RELANCE_QUEUE_POLL_MS": "100",
                "RELANCE_LOG_LEVEL": "warning",
            ]
            var worker = try ChildProcess(product: "relance-worker", environment: environment)
            var killed = 0
            while killed < Self.kills {
                // Mid-batch: let the worker deliver a little, then kill it wherever it is.
                let before = peer.receivedCount
                guard before < Self.reminders - 50 else { break }
                let progressed = try await TestDatabase.eventually(timeout: .seconds(60)) {
                    peer.receivedCount >= before + 25
                }
                try #require(progressed, "no progress after \(killed) kills: \(worker.output)")
                worker.signal(SIGKILL)
                #expect(await worker.waitForExit(timeout: .seconds(10)) == 128 + SIGKILL)
                killed += 1
                worker = try ChildProcess(product: "relance-worker", environment: environment)
            }
            let finished = try await TestDatabase.eventually(timeout: .seconds(180)) { try await sent() == Self.reminders }
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: .seconds(20)) == 0, "\(worker.output)")
            let delivered = try await sent()
            try #require(finished, "\(delivered) of \(Self.reminders) sent: \(worker.output)")

            // At the server: every reminder's Message-ID, each once but for the kill window.
            let received = try peer.receivedMessages().compactMap(\.message.messageId)
            let expected = Set(try await fixture.pool.query("SELECT id FROM \(qualified: "t_bulk", "reminders")")
                .map { "<reminder.\(try $0.decode(UUID.self, at: 0).uuidString.lowercased())@relance>" })
            let counts = Dictionary(grouping: received) { $0 }.mapValues(\.count)
            let duplicates = counts.values.reduce(0) { $0 + $1 - 1 }
            #expect(Set(received) == expected, "lost: \(expected.subtracting(received).count), unknown: \(Set(received).subtracting(expected).count)")
            #expect(killed == Self.kills, "the batch ended after \(killed) kills")
            // A duplicate only for a reminder whose delivery a kill interrupted (its job ran again).
            let interrupted = Set(try await fixture.pool.query("""
                SELECT payload->>'reminder_id' FROM relance.finished_jobs WHERE kind = 'reminder.deliver' AND attempt > 1
                """).map { "<reminder.\(try $0.decode(String.self, at: 0))@relance>" })
            let duplicated = Set(counts.filter { $0.value > 1 }.keys)
            #expect(duplicated.isSubset(of: interrupted), "duplicates of deliveries no kill interrupted: \(duplicated.subtracting(interrupted))")
            #expect(counts.values.allSatisfy { $0 <= 2 }, "a reminder arrived more than twice")
            print("reminder delivery under kill -9: \(Self.reminders) reminders, \(killed) kills, \(received.count) messages received, \(counts.count) distinct, \(duplicates) duplicate(s), all of deliveries a kill interrupted between the server's acceptance and the commit (\(interrupted.count) deliveries ran again)")
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE kind = 'reminder.deliver' AND state <> 'succeeded'") == 0)
        }
    }
}
