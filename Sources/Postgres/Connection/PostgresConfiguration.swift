import Foundation
internal import CLibPQ

/// Where and how to connect: a libpq conninfo string or `postgres://` URL.
///
/// Anything libpq understands passes through untouched, including TLS settings such as
/// `sslmode=verify-full sslrootcert=…`. Settings the string leaves out come from libpq's own
/// `PG*` environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`, …).
///
/// Timeouts: `connectTimeout` becomes libpq's `connect_timeout`, and the two session
/// timeouts travel in the startup packet's `options` (`-c statement_timeout=…`), so they are
/// the session's defaults: `RESET ALL` restores them, and a transaction that needs longer
/// can `SET LOCAL statement_timeout`. A connection string (or `PGCONNECT_TIMEOUT` /
/// `PGOPTIONS`) that sets them wins: its `options` come after these in the startup packet.
public struct PostgresConfiguration: Sendable {
    /// A conninfo string (`host=… dbname=…`) or URL (`postgres://user@host/db`); empty means
    /// "libpq's environment variables and defaults only".
    public var connectionString: String
    /// Reported to the server as `application_name` unless the connection string sets one.
    public var applicationName: String
    /// How many statements each connection keeps prepared (named, by SQL text), so repeated
    /// statements skip parsing and planning. 0 disables it: needed behind a PgBouncer in
    /// transaction mode older than 1.21, which cannot route named statements.
    public var statementCacheCapacity: Int
    /// libpq's `connect_timeout` (whole seconds, at least 2, per host tried); nil leaves it to
    /// the connection string, `PGCONNECT_TIMEOUT` or libpq (which waits forever).
    public var connectTimeout: Duration?
    /// The session's `statement_timeout`; nil sends none (the server's, role's or database's applies).
    public var statementTimeout: Duration?
    /// The session's `idle_in_transaction_session_timeout`; nil sends none.
    public var idleInTransactionSessionTimeout: Duration?

    public init(
        connectionString: String = "", applicationName: String = "swift-postgres", statementCacheCapacity: Int = 256,
        connectTimeout: Duration? = nil, statementTimeout: Duration? = nil, idleInTransactionSessionTimeout: Duration? = nil
    ) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.statementCacheCapacity = max(0, statementCacheCapacity)
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.idleInTransactionSessionTimeout = idleInTransactionSessionTimeout
    }

    /// `DATABASE_URL` if it is set and not empty, else libpq's `PG*` variables.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        applicationName: String = "swift-postgres"
    ) -> PostgresConfiguration {
        PostgresConfiguration(connectionString: environment["DATABASE_URL"] ?? "", applicationName: applicationName)
    }

    /// Checks the connection string's syntax without connecting.
    /// - Throws: `PostgresError.connectionFailed` with libpq's explanation.
    public func validate() throws(PostgresError) {
        guard !connectionString.isEmpty else { return }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &message) else {
            let reason = message.map { String(cString: $0) } ?? "invalid connection string"
            if let message { PQfreemem(message) }
            throw .connectionFailed(reason: "invalid connection string: \(reason.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        PQconninfoFree(options)
    }

    /// The keywords and values given to `PQconnectdbParams` (with `expand_dbname`): libpq
    /// processes them in order and the last value of a keyword wins, so `connect_timeout`
    /// comes before the connection string (the string's wins) and the merged `options` after.
    func connectParameters(environment: [String: String] = ProcessInfo.processInfo.environment) -> [(String, String)] {
        let given = connectionStringValues
        var parameters: [(String, String)] = []
        if let connectTimeout, given["connect_timeout"] == nil, (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty {
            parameters.append(("connect_timeout", "\(max(2, Int(connectTimeout.components.seconds)))"))
        }
        parameters.append(("dbname", connectionString))
        var options: [String] = []
        if let statementTimeout { options.append("-c statement_timeout=\(Self.milliseconds(statementTimeout))") }
        if let idleInTransactionSessionTimeout {
            options.append("-c idle_in_transaction_session_timeout=\(Self.milliseconds(idleInTransactionSessionTimeout))")
        }
        if !options.isEmpty {
            // Given explicitly, `options` replaces PGOPTIONS and the string's: append them so they still win.
            if let theirs = given["options"] ?? environment["PGOPTIONS"], !theirs.isEmpty { options.append(theirs) }
            parameters.append(("options", options.joined(separator: " ")))
        }
        parameters.append(("fallback_application_name", applicationName))
        parameters.append(("client_encoding", "UTF8"))
        return parameters
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The keywords the connection string sets, with their values.
    private var connectionStringValues: [String: String] {
        var values: [String: String] = [:]
        if !connectionString.isEmpty, let options = PQconninfoParse(connectionString, nil) {
            var cursor = options
            while let keyword = cursor.pointee.keyword {
                if let value = cursor.pointee.val { values[String(cString: keyword)] = String(cString: value) }
                cursor += 1
            }
            PQconninfoFree(options)
        }
        return values
    }

    /// The target without secrets, for logs: `user@host:port/dbname`.
    public var redactedDescription: String {
        let values = connectionStringValues
        let environment = ProcessInfo.processInfo.environment
        let user = values["user"] ?? environment["PGUSER"] ?? "(default user)"
        let host = values["host"] ?? environment["PGHOST"] ?? "(default host)"
        let port = values["port"] ?? environment["PGPORT"] ?? "5432"
        let database = values["dbname"] ?? environment["PGDATABASE"] ?? user
        return "\(user)@\(host):\(port)/\(database)"
    }
}
