import Foundation
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench receivables load|statement`: the data and the figures of the receivables
/// benchmark (docs/benchmarks.md, "Receivables"). The HTTP part (wrk next to pgbench) is run
/// by `deploy/local/bench receivables` with the scripts of deploy/local/bench-receivables.
///
/// What the load leaves behind, besides the tenants' data, for those scripts:
/// - `public.bench_receivables (n, slug, token, prefix, digest, loaded_at)`: tenant n
///   (`recv_00001`…) and its API key (a bench database: the secret is kept in clear);
/// - `public.bench_receivables_sample (n, k, invoice_id, customer_id)`: `sample` random
///   invoices per loaded tenant, k = 1…sample; pgbench picks (n, k) at random and reads
///   the ids by primary key inside its statements;
/// - `--sample-file`: the same sample as `token<TAB>invoice_id<TAB>customer_id` lines, for wrk.
enum ReceivablesBenchmark {
    struct Settings: Sendable {
        var action = "load"
        var tenants = 1000
        var customers = 100
        var invoices = 10
        /// Tenants loaded at the same time.
        var parallel = 8
        var sample = 20
        var sampleFile: String?
        /// The statement benchmark: movements on the customer's account, repetitions.
        var movements = 10_000
        var repetitions = 50
        var statementFile: String?
    }

    static let rolePrefix = "bench_"

    static func slug(_ n: Int) throws -> TenantSlug { try TenantSlug(String(format: "recv_%05d", n)) }

    static func run(_ settings: Settings, sqlDirectory: URL) async throws {
        switch settings.action {
        case "load": try await ReceivablesLoad(settings: settings, sqlDirectory: sqlDirectory).run()
        case "statement": try await StatementBenchmark(settings: settings, sqlDirectory: sqlDirectory).run()
        default: throw UsageError(message: "relance-bench receivables takes load or statement, not \(settings.action)")
        }
    }

    static func configuration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw UsageError(message: "set DATABASE_URL to a migrated database the benchmark may fill")
        }
        return PostgresConfiguration(connectionString: url, applicationName: "relance-bench")
    }

    /// The bench's own tables in `public` (readable by the tenant roles: pgbench's tenant
    /// transactions read the sampled ids from them).
    static func createTables(_ pool: PostgresPool) async throws {
        try await pool.query("""
            CREATE TABLE IF NOT EXISTS public.bench_receivables (
                n integer PRIMARY KEY, slug text NOT NULL, token text NOT NULL, prefix text NOT NULL, digest text NOT NULL,
                loaded_at timestamptz)
            """)
        try await pool.query("""
            CREATE TABLE IF NOT EXISTS public.bench_receivables_sample (
                n integer NOT NULL, k integer NOT NULL, invoice_id uuid NOT NULL, customer_id uuid NOT NULL, PRIMARY KEY (n, k))
            """)
        try await pool.query("GRANT USAGE ON SCHEMA public TO PUBLIC")
        try await pool.query("GRANT SELECT ON public.bench_receivables, public.bench_receivables_sample TO PUBLIC")
    }

    /// Tenant n's key: the one recorded in `bench_receivables`, or a new tenant's first key
    /// (or a new key of a tenant an interrupted run created without recording it).
    static func tenantKey(_ n: Int, pool: PostgresPool, provisioner: TenantProvisioner) async throws -> String {
        if let row = try await pool.query("SELECT token FROM public.bench_receivables WHERE n = $1", [n]).first {
            return try row.decode(String.self, at: 0)
        }
        let slug = try slug(n)
        let key: APIKey
        do {
            key = try await provisioner.create(NewTenant(slug: slug, displayName: "Receivables \(n)"), actor: "bench").key
        } catch TenancyError.slugTaken {
            key = try await TenantDirectory(pool: pool).createKey(tenant: slug.rawValue, firm: nil, name: "bench", scopes: ["read", "write"],
                                                                   actor: "bench").1
        }
        try await pool.query("INSERT INTO public.bench_receivables (n, slug, token, prefix, digest) VALUES ($1, $2, $3, $4, $5)",
                             [n, slug.rawValue, key.token, key.prefix, APIKeyHasher().storedDigest(of: key)])
        return key.token
    }

    /// An issued invoice of three lines (20 % and 5.5 % VAT), dated `date`.
    static func invoice(customer: UUID, date: CalendarDate, index: Int) -> NewInvoice {
        NewInvoice(customerID: customer, issueDate: date, lines: [
            .init(description: "Conseil \(index)", input: InvoiceLineInput(quantity: ScaledDecimal(units: 3, scale: 0),
                                                                          unitPrice: Int64(1000 + index % 5000), discountPercent: nil, taxRate: 2000)),
            .init(description: "Formation", input: InvoiceLineInput(quantity: ScaledDecimal(units: 15, scale: 1), unitPrice: 3333,
                                                                    discountPercent: ScaledDecimal(units: 10, scale: 0), taxRate: 2000)),
            .init(description: "Livre", input: InvoiceLineInput(quantity: ScaledDecimal(units: 125, scale: 3), unitPrice: 999,
                                                                discountPercent: nil, taxRate: 550)),
        ], issue: true)
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded(.up)))]
    }
}
