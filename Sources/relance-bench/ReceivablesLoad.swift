import Foundation
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench receivables load`: `tenants` tenants (onboarded by `TenantProvisioner`, an
/// API key each), each with `customers` customers of `invoices` issued invoices of three
/// lines, all through the repositories (`CustomerRepository.create`,
/// `InvoiceRepository.create(issue: true)`) in the tenants' transactions: one transaction
/// per customer and its invoices, `parallel` tenants at a time.
///
/// Resumable: a tenant whose load finished (`bench_receivables.loaded_at`) is skipped, one
/// cut short goes on after the customers it has (a customer and its invoices commit
/// together). Prints progress and the rate, then writes the sample (see
/// `ReceivablesBenchmark`).
struct ReceivablesLoad {
    let settings: ReceivablesBenchmark.Settings
    let sqlDirectory: URL

    /// Invoices made so far, for the progress lines.
    actor Progress {
        let started = ContinuousClock.now
        var tenants = 0
        var invoices = 0

        func add(invoices count: Int) { invoices += count }

        func tenantDone(total: Int) -> String? {
            tenants += 1
            guard tenants % 10 == 0 || tenants == total else { return nil }
            let seconds = Throughput.milliseconds(ContinuousClock.now - started) / 1000
            return String(format: "  loaded %d/%d tenants, %d invoices in %.0f s (%.0f invoices/s)", tenants, total, invoices, seconds,
                          Double(invoices) / max(seconds, 0.001))
        }
    }

    func run() async throws {
        let configuration = try ReceivablesBenchmark.configuration()
        let pool = PostgresPool(connection: configuration, configuration: .init(size: settings.parallel + 1, acquireTimeout: .seconds(60)))
        let provisioner = TenantProvisioner(pool: pool, tenantMigrations: try MigrationSet.load(from: sqlDirectory, scope: .tenant),
                                            rolePrefix: ReceivablesBenchmark.rolePrefix)
        let database = TenantDatabase(pool: pool, rolePrefix: ReceivablesBenchmark.rolePrefix)
        try await ReceivablesBenchmark.createTables(pool)
        let loaded = Set(try await pool.query("SELECT n FROM public.bench_receivables WHERE loaded_at IS NOT NULL").map { try $0.decode(Int.self, at: 0) })
        let pending = (1...settings.tenants).filter { !loaded.contains($0) }
        print("receivables load: \(settings.tenants) tenants × \(settings.customers) customers × \(settings.invoices) invoices (3 lines, issued); "
              + "\(loaded.count) already loaded, \(pending.count) to load, \(settings.parallel) at a time")
        let progress = Progress()
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = pending.makeIterator()
            func start() {
                guard let n = next.next() else { return }
                group.addTask {
                    try await loadTenant(n, pool: pool, provisioner: provisioner, database: database, progress: progress)
                    if let line = await progress.tenantDone(total: pending.count) { print(line) }
                }
            }
            for _ in 0..<settings.parallel { start() }
            while try await group.next() != nil { start() }
        }
        let seconds = Throughput.milliseconds(ContinuousClock.now - started) / 1000
        let made = await progress.invoices
        print(String(format: "receivables_load: %d tenants loaded in %.1f s, %d invoices (%.0f invoices/s, %.0f lines/s)",
                     pending.count, seconds, made, Double(made) / max(seconds, 0.001), Double(3 * made) / max(seconds, 0.001)))
        let totals = try await pool.query("""
            SELECT count(*), (SELECT count(*) FROM public.bench_receivables_sample),
                   pg_size_pretty(pg_database_size(current_database()))
            FROM public.bench_receivables WHERE loaded_at IS NOT NULL
            """)[0]
        print("receivables_data: \(try totals.decode(Int.self, at: 0)) tenants loaded, \(try totals.decode(Int.self, at: 1)) sampled invoices, "
              + "database size \(try totals.decode(String.self, at: 2))")
        if let file = settings.sampleFile {
            let rows = try await pool.query("""
                SELECT r.token, s.invoice_id, s.customer_id FROM public.bench_receivables_sample s
                JOIN public.bench_receivables r USING (n) ORDER BY s.n, s.k
                """)
            let lines = try rows.map { "\(try $0.decode(String.self, at: 0))\t\(try $0.decode(UUID.self, at: 1).uuidString.lowercased())\t\(try $0.decode(UUID.self, at: 2).uuidString.lowercased())" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            print("receivables_sample_file: \(file) (\(lines.count) lines: key, invoice id, customer id)")
        }
        await pool.close()
    }

    private func loadTenant(_ n: Int, pool: PostgresPool, provisioner: TenantProvisioner, database: TenantDatabase,
                            progress: Progress) async throws {
        _ = try await ReceivablesBenchmark.tenantKey(n, pool: pool, provisioner: provisioner)
        let slug = try ReceivablesBenchmark.slug(n)
        let customers = CustomerRepository(), invoices = InvoiceRepository()
        let existing = try await database.withTransaction(slug) { tx in
            try await tx.query("SELECT count(*) FROM customers")[0].decode(Int.self, at: 0)
        }
        let firstDay = CalendarDate(year: 2026, month: 1, day: 1)!
        for c in existing..<settings.customers {
            try await database.withTransaction(slug) { tx in
                let customer = try await customers.create(NewCustomer(name: "Client \(n)-\(c + 1)"), in: tx)
                for i in 0..<settings.invoices {
                    let day = firstDay.adding(days: (c * settings.invoices + i) % 330)!
                    _ = try await invoices.create(ReceivablesBenchmark.invoice(customer: customer.id, date: day, index: i), actor: "bench", in: tx)
                }
            }
            await progress.add(invoices: settings.invoices)
        }
        // The sample and the mark, together: a tenant is loaded once it has its sample.
        let sample = try await database.withTransaction(slug) { tx in
            try await tx.query("SELECT id, customer_id FROM invoices ORDER BY random() LIMIT \(settings.sample)").map {
                (try $0.decode(UUID.self, at: 0), try $0.decode(UUID.self, at: 1))
            }
        }
        try await pool.withTransaction { tx in
            try await tx.query("DELETE FROM public.bench_receivables_sample WHERE n = $1", [n])
            try await tx.query("""
                INSERT INTO public.bench_receivables_sample (n, k, invoice_id, customer_id)
                SELECT $1, k, i, c FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS s(i, c, k)
                """, [n, sample.map { $0.0.uuidString }, sample.map { $0.1.uuidString }])
            try await tx.query("UPDATE public.bench_receivables SET loaded_at = now() WHERE n = $1", [n])
        }
    }
}
