import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceStore

/// Every setting of the Relance executables, read from environment variables only
/// (documented in docs/operations.md). Reading validates everything at once, so a bad
/// deployment fails at start with every problem named, not later at first use.
public struct Settings: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable { case json, text }

    public var database: PostgresConfiguration
    public var host: String
    public var apiPort: Int
    public var adminPort: Int
    public var workerPort: Int
    public var schedulerPort: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var poolSize: Int
    public var poolTimeout: Duration
    public var shutdownGrace: Duration
    /// Bearer token of the admin API; nil where the process has no admin API.
    public var adminToken: String?
    /// How API keys are stored and checked: keyed by `RELANCE_API_KEY_PEPPER` when it is set.
    public var apiKeyHasher: APIKeyHasher
    public var sqlDirectory: URL
    public var exportDirectory: URL
    /// The public base URL of the tenant API, for the payment links it hands out
    /// (`{base}/pay/{token}`); `RELANCE_PUBLIC_URL`, default `http://localhost:8080`.
    public var publicBaseURL: String
    /// Requests a client address may send to the public pay page per minute
    /// (`RELANCE_PAY_PAGE_RATE_PER_MINUTE`, default 30), per relance-api replica.
    public var payPageRatePerMinute: Int
    /// Proxies in front of relance-api that append the address they saw to
    /// `X-Forwarded-For` (`RELANCE_TRUSTED_PROXIES`, default 0): the pay page's rate limit
    /// counts the address that many entries from the right, not the TCP peer.
    public var trustedProxies: Int
    /// Prefix of tenant role names, unique per Relance database on a PostgreSQL cluster.
    public var tenantRolePrefix: String
    /// How long relance-api keeps an API key's lookup (`RELANCE_AUTH_CACHE_TTL_MS`); zero
    /// turns the cache off.
    public var authCacheTTL: Duration
    /// The most key lookups relance-api keeps (`RELANCE_AUTH_CACHE_SIZE`).
    public var authCacheSize: Int
    /// Where webhooks may go: with `RELANCE_WEBHOOKS_ALLOW_LOOPBACK=1`, loopback too (and
    /// `http://` to it), for tests and local runs. relance-api checks endpoint URLs with it,
    /// relance-worker every delivery; set it identically for both.
    public var webhooks: WebhookURLPolicy
    /// Job processing (relance-worker).
    public var worker: WorkerSettings
    /// Scheduling (relance-scheduler).
    public var scheduler: SchedulerSettings

    /// Reads the settings. Throws `SettingsError` listing every invalid variable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, applicationName: String) throws(SettingsError) {
        var reader = Reader(environment: environment)
        database = PostgresConfiguration.fromEnvironment(environment, applicationName: applicationName)
        host = reader.string("RELANCE_HOST", default: "0.0.0.0")
        apiPort = reader.port("RELANCE_API_PORT", default: 8080)
        adminPort = reader.port("RELANCE_ADMIN_PORT", default: 8081)
        workerPort = reader.port("RELANCE_WORKER_PORT", default: 9101)
        schedulerPort = reader.port("RELANCE_SCHEDULER_PORT", default: 9102)
        logLevel = reader.logLevel("RELANCE_LOG_LEVEL", default: .info)
        logFormat = reader.choice("RELANCE_LOG_FORMAT", default: .json)
        poolSize = reader.integer("RELANCE_DB_POOL_SIZE", default: 10, range: 1...500)
        poolTimeout = .milliseconds(reader.integer("RELANCE_DB_POOL_TIMEOUT_MS", default: 5000, range: 1...600_000))
        database.statementCacheCapacity = reader.integer("RELANCE_DB_STATEMENT_CACHE", default: 256, range: 0...10_000)
        let defaults = Self.sessionTimeoutDefaults(applicationName: applicationName)
        database.connectTimeout = Self.optional(.seconds(reader.integer("RELANCE_DB_CONNECT_TIMEOUT_SECONDS", default: 5, range: 0...600)))
        database.statementTimeout = Self.optional(.milliseconds(
            reader.integer("RELANCE_DB_STATEMENT_TIMEOUT_MS", default: defaults.statement, range: 0...86_400_000)))
        database.idleInTransactionSessionTimeout = Self.optional(.milliseconds(
            reader.integer("RELANCE_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", default: defaults.idleInTransaction, range: 0...86_400_000)))
        shutdownGrace = .seconds(reader.integer("RELANCE_SHUTDOWN_GRACE_SECONDS", default: 25, range: 1...3600))
        adminToken = environment["RELANCE_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let token = adminToken, token.utf8.count < 16 {
            reader.problems.append(ConfigurationError(variable: "RELANCE_ADMIN_TOKEN", value: "(\(token.utf8.count) characters)", expected: "at least 16 characters"))
        }
        let pepper = environment["RELANCE_API_KEY_PEPPER"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        if let pepper, pepper.count < 32 {
            reader.problems.append(ConfigurationError(variable: "RELANCE_API_KEY_PEPPER", value: "(\(pepper.count) bytes)", expected: "at least 32 bytes"))
        }
        apiKeyHasher = APIKeyHasher(pepper: pepper)
        sqlDirectory = SQLDirectory.resolve(environment: environment)
        exportDirectory = URL(fileURLWithPath: reader.string("RELANCE_EXPORT_DIR", default: "/var/lib/relance/exports"))
        publicBaseURL = reader.string("RELANCE_PUBLIC_URL", default: "http://localhost:8080")
        while publicBaseURL.hasSuffix("/") { publicBaseURL.removeLast() }
        if let url = URL(string: publicBaseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil {
        } else {
            reader.problems.append(ConfigurationError(variable: "RELANCE_PUBLIC_URL", value: publicBaseURL, expected: "an http(s) URL such as https://pay.example.com"))
        }
        payPageRatePerMinute = reader.integer("RELANCE_PAY_PAGE_RATE_PER_MINUTE", default: 30, range: 1...10_000)
        trustedProxies = reader.integer("RELANCE_TRUSTED_PROXIES", default: 0, range: 0...10)
        tenantRolePrefix = reader.string("RELANCE_TENANT_ROLE_PREFIX", default: "relance_")
        if !TenantRole.isValidPrefix(tenantRolePrefix) {
            reader.problems.append(ConfigurationError(variable: "RELANCE_TENANT_ROLE_PREFIX", value: tenantRolePrefix, expected: "at most 20 lowercase letters, digits and _"))
        }
        authCacheTTL = .milliseconds(reader.integer("RELANCE_AUTH_CACHE_TTL_MS", default: 2000, range: 0...10_000))
        authCacheSize = reader.integer("RELANCE_AUTH_CACHE_SIZE", default: 10_000, range: 1...1_000_000)
        webhooks = WebhookURLPolicy(allowsLoopback: reader.flag("RELANCE_WEBHOOKS_ALLOW_LOOPBACK", default: false))
        worker = WorkerSettings(environment: environment, applicationName: applicationName, reader: &reader)
        scheduler = SchedulerSettings(environment: environment, reader: &reader)
        // A running job holds a tenant transaction and checks its lease on a second connection;
        // claims, completions and heartbeats need theirs: fewer connections than jobs + 2 can
        // leave every job waiting for a connection that another waiting job holds.
        if applicationName.hasPrefix("relance-worker") {
            if environment["RELANCE_DB_POOL_SIZE"] == nil {
                poolSize = max(poolSize, worker.concurrency + 4)
            } else if poolSize < worker.concurrency + 2 {
                reader.problems.append(ConfigurationError(variable: "RELANCE_DB_POOL_SIZE", value: "\(poolSize)",
                                                          expected: "at least RELANCE_WORKER_CONCURRENCY + 2 (\(worker.concurrency + 2)) for relance-worker"))
            }
        }
        do {
            try database.validate()
        } catch {
            reader.problems.append(ConfigurationError(variable: "DATABASE_URL", value: "(redacted)", expected: "\(error)"))
        }
        if !reader.problems.isEmpty { throw SettingsError(problems: reader.problems) }
    }

    /// The API-key cache these settings ask for; nil when `RELANCE_AUTH_CACHE_TTL_MS` is 0.
    public var authCache: AuthenticationCache? {
        authCacheTTL > .zero ? AuthenticationCache(ttl: authCacheTTL, capacity: authCacheSize) : nil
    }

    /// The session timeouts (milliseconds, 0 = none sent) of each process kind: a request
    /// must answer quickly, a job may work longer (and a job that needs more sets
    /// `SET LOCAL statement_timeout` in its transaction); the CLI runs migrations and exports,
    /// which have no natural bound.
    static func sessionTimeoutDefaults(applicationName: String) -> (statement: Int, idleInTransaction: Int) {
        switch applicationName {
        case "relance-api": (5_000, 15_000)
        case "relance-worker": (60_000, 60_000)
        case "relance-scheduler": (30_000, 60_000)
        default: (0, 0)
        }
    }

    /// nil for a zero duration: "send nothing, leave it to the connection string or the server".
    private static func optional(_ duration: Duration) -> Duration? { duration == .zero ? nil : duration }

    /// Requires the admin token (relance-api serves the admin API).
    public func requireAdminToken() throws(SettingsError) -> String {
        guard let adminToken else {
            throw SettingsError(problems: [ConfigurationError(variable: "RELANCE_ADMIN_TOKEN", value: nil, expected: "a secret of at least 16 characters for the admin API")])
        }
        return adminToken
    }

    struct Reader {
        let environment: [String: String]
        var problems: [ConfigurationError] = []

        func string(_ name: String, default fallback: String) -> String {
            guard let value = environment[name], !value.isEmpty else { return fallback }
            return value
        }

        mutating func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                problems.append(ConfigurationError(variable: name, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)"))
                return fallback
            }
            return value
        }

        /// `1`/`true`/`yes` or `0`/`false`/`no` (any case).
        mutating func flag(_ name: String, default fallback: Bool) -> Bool {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            switch text.lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no": return false
            default:
                problems.append(ConfigurationError(variable: name, value: text, expected: "1 or 0 (true or false)"))
                return fallback
            }
        }

        mutating func port(_ name: String, default fallback: Int) -> Int {
            integer(name, default: fallback, range: 1...65535)
        }

        mutating func logLevel(_ name: String, default fallback: Logger.Level) -> Logger.Level {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                problems.append(ConfigurationError(variable: name, value: text, expected: "one of trace, debug, info, notice, warning, error, critical"))
                return fallback
            }
            return level
        }

        mutating func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default fallback: Choice) -> Choice where Choice.RawValue == String {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Choice(rawValue: text.lowercased()) else {
                problems.append(ConfigurationError(variable: name, value: text, expected: "one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))"))
                return fallback
            }
            return value
        }
    }
}

/// Every invalid setting at once.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationError]
    public var description: String {
        "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
