import Foundation
import Postgres
import RelanceCore
import RelanceJobs
import RelanceStore
import SMTP

/// `relance-bench delivery`: e-mail reminders per second through the real worker
/// (`reminder.deliver`, `JobWorker`) to the SMTP server of `RELANCE_SMTP_URL` (the bench
/// script starts aiosmtpd on loopback), then the same reminders to the file outbox.
///
/// Before it (not timed): a tenant with `--reminders` customers, each with a billing contact
/// and an invoice one day late, and one dunning run, which records one e-mail reminder per
/// customer and enqueues its delivery job. Timed: from the worker's start until every
/// delivery job has finished. Prints e-mails per second for each transport.
struct DeliveryBenchmark {
    struct Settings: Sendable {
        var reminders = 2_000
        var concurrency = 16
    }

    let settings: Settings
    let sqlDirectory: URL

    func run() async throws {
        let configuration = try ReceivablesBenchmark.configuration()
        let pool = PostgresPool(connection: configuration, configuration: .init(size: settings.concurrency + 4, acquireTimeout: .seconds(120)))
        defer { Task { await pool.close() } }
        let prefix = "benchd_"
        let provisioner = TenantProvisioner(pool: pool, tenantMigrations: try MigrationSet.load(from: sqlDirectory, scope: .tenant), rolePrefix: prefix)
        let slug = try TenantSlug("bench_delivery_\(Int(Date().timeIntervalSince1970))")
        _ = try await provisioner.create(NewTenant(slug: slug, displayName: "Delivery bench"), actor: "bench")
        let database = TenantDatabase(pool: pool, rolePrefix: prefix)
        try await pool.query("UPDATE \(qualified: slug.schemaName, "settings") SET sender_email = 'compta@bench.example', sender_name = 'Bench SARL'")
        print("delivery: loading \(settings.reminders) customers with a late invoice each")
        let today = try await database.withTransaction(slug) { tx in try await ReceivablesSettings.today(in: tx) }
        try await database.withTransaction(slug) { tx in
            for index in 0..<settings.reminders {
                let customer = try await CustomerRepository().create(NewCustomer(name: "Client \(index)"), in: tx).id
                _ = try await CustomerRepository().createContact(NewContact(customerID: customer, role: .billing, email: "c\(index)@example.org"), in: tx)
                let due = today.adding(days: -1)!
                _ = try await InvoiceRepository().create(NewInvoice(
                    customerID: customer, issueDate: due.adding(days: -30)!, dueDate: due,
                    lines: [.init(description: "Prestation", input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0),
                                                                                    unitPrice: 12_345, discountPercent: nil, taxRate: 2000))],
                    issue: true), actor: "bench", in: tx)
            }
        }
        _ = try await DunningRunner(database: database).run(slug, asOf: today, dryRun: false, actor: "bench")

        let environment = ProcessInfo.processInfo.environment
        if let url = environment["RELANCE_SMTP_URL"], !url.isEmpty {
            let mailer = try SMTPClient(configuration: try SMTPConfiguration(url: url))
            let rate = try await deliver(pool: pool, database: database, slug: slug, mailer: mailer)
            print(String(format: "delivery_smtp_emails_per_s: %.0f (%d e-mails, %d slots, %@)", rate, settings.reminders, settings.concurrency,
                         environment["RELANCE_BENCH_SMTP_PEER"] ?? "the server of RELANCE_SMTP_URL"))
            // The same reminders again, to the file outbox.
            _ = try await database.withTransaction(slug) { tx in
                try await tx.query("UPDATE reminders SET status = 'pending'")
            }
            let ids = try await database.withTransaction(slug) { tx in
                try await tx.query("SELECT id FROM reminders").map { try $0.decode(UUID.self, at: 0) }
            }
            _ = try await JobQueue(pool: pool).enqueue(try ids.map {
                try NewJob(tenant: slug, kind: ReminderDeliveryHandler.kind, payload: ["reminder_id": $0.uuidString.lowercased()])
            })
        }
        let rate = try await deliver(pool: pool, database: database, slug: slug, mailer: nil)
        print(String(format: "delivery_outbox_emails_per_s: %.0f (%d e-mails written as .eml files, %d slots)", rate, settings.reminders, settings.concurrency))
        let sent = try await database.withTransaction(slug) { tx in
            try await tx.query("SELECT count(*)::int8 FROM reminders WHERE status = 'sent'")[0].decode(Int.self, at: 0)
        }
        print("delivery_reminders_sent: \(sent) of \(settings.reminders)")
    }

    /// Runs the tenant's delivery jobs with one worker of `concurrency` slots until none is
    /// left; returns e-mails per second.
    private func deliver(pool: PostgresPool, database: TenantDatabase, slug: TenantSlug, mailer: SMTPClient?) async throws -> Double {
        let outbox = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relance-bench-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let handler = ReminderDeliveryHandler(database: database, outbox: outbox, mailer: mailer, from: "relances@bench.example")
        let worker = JobWorker(pool: pool, handlers: [handler],
                               configuration: JobWorkerConfiguration(name: "bench-delivery", concurrency: settings.concurrency,
                                                                     claimBatch: settings.concurrency, pollInterval: .milliseconds(20)))
        let started = ContinuousClock.now
        let task = Task { try await worker.run() }
        while try await pool.query("SELECT count(*)::int8 FROM relance.jobs WHERE kind = 'reminder.deliver' AND tenant = $1",
                                   [slug.rawValue])[0].decode(Int64.self, at: 0) > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = Throughput.milliseconds(ContinuousClock.now - started) / 1000
        task.cancel()
        _ = try? await task.value
        return Double(settings.reminders) / seconds
    }
}
