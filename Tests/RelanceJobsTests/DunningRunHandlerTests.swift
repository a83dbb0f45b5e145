import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceJobs
import RelanceStore
import RelanceTestSupport
import ServiceLifecycle
import Testing

/// `dunning.run` jobs through the real worker and queue, against the real PostgreSQL.
@Suite struct DunningRunHandlerTests {
    /// A tenant with one reachable customer owing invoices A (due 2026-03-01) and C (due 2026-02-01).
    static func tenant(_ fixture: TenancyFixture) async throws -> (TenantSlug, TenantDatabase) {
        let slug = try TenantSlug("acme")
        _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Acme"), actor: "test")
        let database = TenantDatabase(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix)
        try await database.withTransaction(slug) { tx in
            let customer = try await CustomerRepository().create(NewCustomer(name: "Martin SARL"), in: tx).id
            _ = try await CustomerRepository().createContact(NewContact(customerID: customer, role: .billing, email: "compta@martin.fr"), in: tx)
            for (number, issued, due) in [("A", "2026-02-01", "2026-03-01"), ("C", "2026-01-02", "2026-02-01")] {
                _ = try await InvoiceRepository().create(NewInvoice(
                    customerID: customer, number: number, issueDate: CalendarDate(issued)!, dueDate: CalendarDate(due)!,
                    lines: [.init(description: "Prestation", input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0), unitPrice: 10_000,
                                                                                    discountPercent: nil, taxRate: 0))],
                    issue: true), actor: "test", in: tx)
            }
        }
        return (slug, database)
    }

    /// Runs a worker with the dunning handler until every job of the tenant has finished (deadline 30 s).
    static func work(_ fixture: TenancyFixture, _ database: TenantDatabase, outbox: URL? = nil) async throws {
        var handlers: [any JobHandler] = [DunningRunHandler(database: database)]
        if let outbox { handlers.append(ReminderDeliveryHandler(database: database, outbox: outbox)) }
        let worker = JobWorker(pool: fixture.pool, handlers: handlers,
                               configuration: JobWorkerConfiguration(name: "test", concurrency: 2, claimBatch: 10, kindLimits: [:],
                                                                     lease: .seconds(30), heartbeat: .milliseconds(200),
                                                                     pollInterval: .milliseconds(20), flushInterval: .milliseconds(20)))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        let kinds = outbox == nil ? "('dunning.run')" : "('dunning.run', 'reminder.deliver')"
        while try await fixture.count("SELECT count(*)::int8 FROM relance.jobs WHERE tenant = 'acme' AND kind IN \(unescaped: kinds)") > 0 {
            guard ContinuousClock.now < deadline else { Issue.record("jobs did not finish in 30 s"); break }
            try await Task.sleep(for: .milliseconds(20))
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test func aDayRunTwiceByTheWorkerRecordsItsRemindersOnce() async throws {
        try await TenancyFixture.with { fixture in
            let (slug, database) = try await Self.tenant(fixture)
            let jobs = try (0..<2).map { _ in try NewJob(tenant: slug, kind: DunningRunHandler.kind, payload: ["as_of": "2026-03-09"]) }
            _ = try await JobQueue(pool: fixture.pool).enqueue(jobs)
            try await Self.work(fixture, database)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE tenant = 'acme' AND state = 'succeeded'") == 2)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "reminders")") == 2)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "dunning_steps")") == 2)
            #expect(try await fixture.count("SELECT runs::int8 FROM \(qualified: "t_acme", "dunning_runs") WHERE run_date = '2026-03-09'") == 2)
        }
    }

    @Test func aScheduledRunRespectsAutomaticDunningAndRunsItsOwnDay() async throws {
        try await TenancyFixture.with { fixture in
            let (slug, database) = try await Self.tenant(fixture)
            let queue = JobQueue(pool: fixture.pool)
            try await fixture.pool.query("UPDATE \(qualified: "t_acme", "settings") SET automatic_dunning = false")
            _ = try await queue.enqueue([try NewJob(tenant: slug, kind: DunningRunHandler.kind,
                                                    payload: ["schedule": "dunning.run", "occurrence": "2026-03-09T07:00:00"])])
            try await Self.work(fixture, database)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "dunning_runs")") == 0)

            // Switched on: the occurrence's own date runs, even if the job runs later.
            try await fixture.pool.query("UPDATE \(qualified: "t_acme", "settings") SET automatic_dunning = true")
            _ = try await queue.enqueue([try NewJob(tenant: slug, kind: DunningRunHandler.kind,
                                                    payload: ["schedule": "dunning.run", "occurrence": "2026-03-09T07:00:00"])])
            try await Self.work(fixture, database)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "dunning_runs") WHERE run_date = '2026-03-09'") == 1)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "reminders")") == 2)

            // An earlier day than the last run completes without running; a bad date is discarded.
            _ = try await queue.enqueue([try NewJob(tenant: slug, kind: DunningRunHandler.kind, payload: ["as_of": "2026-03-01"]),
                                         try NewJob(tenant: slug, kind: DunningRunHandler.kind, payload: ["as_of": "2026-02-30"])])
            try await Self.work(fixture, database)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "dunning_runs")") == 1)
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE tenant = 'acme' AND state = 'discarded'") == 1)
        }
    }

    @Test func eachReminderIsWrittenToTheOutboxOnceAndMarkedSent() async throws {
        try await TenancyFixture.with { fixture in
            let (slug, database) = try await Self.tenant(fixture)
            let outbox = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("outbox-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: outbox) }
            _ = try await JobQueue(pool: fixture.pool).enqueue([try NewJob(tenant: slug, kind: DunningRunHandler.kind, payload: ["as_of": "2026-03-09"])])
            try await Self.work(fixture, database, outbox: outbox)
            let folder = outbox.appendingPathComponent("acme")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files.filter { $0.hasSuffix(".eml") }.count == 1 && files.filter { $0.hasSuffix(".txt") }.count == 1, "\(files)")
            let raw = try String(contentsOf: folder.appendingPathComponent(try #require(files.first { $0.hasSuffix(".eml") })), encoding: .utf8)
            #expect(raw.contains("To: compta@martin.fr\r\n"), "\(raw)")
            #expect(raw.contains("Message-ID: <reminder."))
            #expect(raw.contains("Subject: =?UTF-8?B?"))
            #expect(raw.contains("Content-Type: multipart/alternative") && raw.contains("Content-Type: text/html; charset="), "\(raw)")
            let eml = QuotedPrintable.decode(raw)
            #expect(eml.contains("- A : 100,00\u{00A0}€, échéance le 1er mars 2026 (8 jours de retard)"), "\(eml)")
            let letter = try String(contentsOf: folder.appendingPathComponent(try #require(files.first { $0.hasSuffix(".txt") })), encoding: .utf8)
            #expect(letter.contains("Mise en demeure de payer") && letter.contains("- C : 100,00\u{00A0}€"), "\(letter)")
            // The formal notice claims late interest (100.00 × 12.15 % × 36 / 365 = 1.20) and the €40 indemnity.
            #expect(letter.contains("  intérêts de retard : 1,20\u{00A0}€ ; indemnité forfaitaire pour frais de recouvrement : 40,00\u{00A0}€"), "\(letter)")
            #expect(letter.contains("Total, pénalités comprises : 141,20\u{00A0}€"), "\(letter)")
            #expect(!eml.contains("intérêts de retard"), "\(eml)")
            let claimed = try await fixture.pool.query("""
                SELECT i.number, ri.late_interest, ri.indemnity FROM \(qualified: "t_acme", "reminder_items") ri
                JOIN \(qualified: "t_acme", "invoices") i ON i.id = ri.invoice_id ORDER BY i.number
                """).map { "\(try $0.decode(String.self, at: 0)) \(try $0.decode(Int64?.self, at: 1).map(String.init) ?? "-") \(try $0.decode(Int64?.self, at: 2).map(String.init) ?? "-")" }
            #expect(claimed == ["A - -", "C 120 4000"])
            #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_acme", "reminders") WHERE status = 'sent'") == 2)

            // Delivering again writes nothing new: the reminders are no longer pending.
            let ids = try await fixture.pool.query("SELECT id FROM \(qualified: "t_acme", "reminders")").map { try $0.decode(UUID.self, at: 0) }
            _ = try await JobQueue(pool: fixture.pool).enqueue(try ids.map {
                try NewJob(tenant: slug, kind: ReminderDeliveryHandler.kind, payload: ["reminder_id": $0.uuidString.lowercased()])
            })
            try FileManager.default.removeItem(at: folder)
            try await Self.work(fixture, database, outbox: outbox)
            #expect(!FileManager.default.fileExists(atPath: folder.path))
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE tenant = 'acme' AND kind = 'reminder.deliver' AND state = 'succeeded'") == 4)
        }
    }
}
