import Foundation
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench receivables statement`: one customer of tenant `recv_statement` with
/// `movements` movements on its account (issued invoices, each paid the same day by a
/// payment allocated oldest-due-first: two movements a pair), made through
/// `InvoiceRepository` and `PaymentRepository`, 100 pairs a transaction; then
/// `LedgerRepository.statement` over the whole range, `repetitions` times in a tenant
/// transaction of its own (after 3 unmeasured ones): median and p99.
///
/// Resumable: movements already on the account count. `--statement-file` gets
/// `token<TAB>customer id<TAB>from<TAB>to` for the HTTP measurement.
struct StatementBenchmark {
    let settings: ReceivablesBenchmark.Settings
    let sqlDirectory: URL

    /// n of the statement tenant in `bench_receivables` (the loaded tenants are 1…N).
    static let tenant = 0

    func run() async throws {
        let pool = PostgresPool(connection: try ReceivablesBenchmark.configuration(), configuration: .init(size: 2))
        let provisioner = TenantProvisioner(pool: pool, tenantMigrations: try MigrationSet.load(from: sqlDirectory, scope: .tenant),
                                            rolePrefix: ReceivablesBenchmark.rolePrefix)
        let database = TenantDatabase(pool: pool, rolePrefix: ReceivablesBenchmark.rolePrefix)
        try await ReceivablesBenchmark.createTables(pool)
        let slug = try TenantSlug("recv_statement")
        let token: String
        if let row = try await pool.query("SELECT token FROM public.bench_receivables WHERE n = $1", [Self.tenant]).first {
            token = try row.decode(String.self, at: 0)
        } else {
            let key = try await provisioner.create(NewTenant(slug: slug, displayName: "Receivables statement"), actor: "bench").key
            try await pool.query("INSERT INTO public.bench_receivables (n, slug, token, prefix, digest) VALUES ($1, $2, $3, $4, $5)",
                                 [Self.tenant, slug.rawValue, key.token, key.prefix, APIKeyHasher().storedDigest(of: key)])
            token = key.token
        }
        let customers = CustomerRepository(), invoices = InvoiceRepository(), payments = PaymentRepository()
        let (customerID, existing) = try await database.withTransaction(slug) { tx in
            let id = try await tx.query("SELECT id FROM customers ORDER BY created_at LIMIT 1").first?.decode(UUID.self, at: 0)
            var customer = id
            if customer == nil { customer = try await customers.create(NewCustomer(name: "Client au long relevé"), in: tx).id }
            return (customer!, try await tx.query("SELECT count(*) FROM ledger_entries WHERE customer_id = $1", [customer!])[0].decode(Int.self, at: 0))
        }
        // Pairs spread over 2025, in date order.
        let pairs = settings.movements / 2
        let first = CalendarDate(year: 2025, month: 1, day: 1)!
        func day(_ pair: Int) -> CalendarDate { first.adding(days: pair * 365 / max(pairs, 1))! }
        if existing < settings.movements {
            print("receivables statement: making \(settings.movements - existing) movements (invoice + payment pairs) for one customer")
            let started = ContinuousClock.now
            var pair = existing / 2
            while pair < pairs {
                let batch = pair..<min(pairs, pair + 100)
                try await database.withTransaction(slug) { tx in
                    for p in batch {
                        let invoice = try await invoices.create(ReceivablesBenchmark.invoice(customer: customerID, date: day(p), index: p),
                                                                actor: "bench", in: tx)
                        _ = try await payments.record(NewPayment(customerID: customerID, amount: invoice.total, currency: invoice.currency,
                                                                 receivedOn: day(p), method: .transfer, reference: "VIR-\(p + 1)"),
                                                      actor: "bench", in: tx)
                    }
                }
                pair = batch.upperBound
            }
            print(String(format: "  made in %.1f s", Throughput.milliseconds(ContinuousClock.now - started) / 1000))
        }
        let last = day(pairs - 1)
        let ledger = LedgerRepository()
        var durations: [Double] = []
        var movements = 0
        for repetition in 0..<(settings.repetitions + 3) {
            let started = ContinuousClock.now
            let statement = try await database.withTransaction(slug) { tx in
                try await ledger.statement(customerID: customerID, from: first, to: last, in: tx)
            }
            if repetition >= 3 { durations.append(Throughput.milliseconds(ContinuousClock.now - started)) }
            movements = statement.statement.lines.count
        }
        durations.sort()
        print("receivables_statement_ms: movements=\(movements) from=\(first) to=\(last) " + String(
            format: "median=%.1f p99=%.1f min=%.1f max=%.1f (%d runs of LedgerRepository.statement in a tenant transaction)",
            ReceivablesBenchmark.percentile(durations, 0.5), ReceivablesBenchmark.percentile(durations, 0.99),
            durations.first ?? 0, durations.last ?? 0, durations.count))
        if let file = settings.statementFile {
            try "\(token)\t\(customerID.uuidString.lowercased())\t\(first)\t\(last)\n".write(toFile: file, atomically: true, encoding: .utf8)
        }
        await pool.close()
    }
}
