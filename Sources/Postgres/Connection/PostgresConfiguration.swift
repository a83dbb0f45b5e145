import Foundation
internal import CLibPQ

/// Where and how to connect: a libpq conninfo string or `postgres://` URL.
///
/// Anything libpq understands passes through untouched, including TLS settings such as
/// `sslmode=verify-full sslrootcert=…`. Settings the string leaves out come from libpq's own
/// `PG*` environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`, …).
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

    public init(connectionString: String = "", applicationName: String = "swift-postgres", statementCacheCapacity: Int = 256) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.statementCacheCapacity = max(0, statementCacheCapacity)
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

    /// The target without secrets, for logs: `user@host:port/dbname`.
    public var redactedDescription: String {
        var values: [String: String] = [:]
        if !connectionString.isEmpty, let options = PQconninfoParse(connectionString, nil) {
            var cursor = options
            while let keyword = cursor.pointee.keyword {
                if let value = cursor.pointee.val { values[String(cString: keyword)] = String(cString: value) }
                cursor += 1
            }
            PQconninfoFree(options)
        }
        let environment = ProcessInfo.processInfo.environment
        let user = values["user"] ?? environment["PGUSER"] ?? "(default user)"
        let host = values["host"] ?? environment["PGHOST"] ?? "(default host)"
        let port = values["port"] ?? environment["PGPORT"] ?? "5432"
        let database = values["dbname"] ?? environment["PGDATABASE"] ?? user
        return "\(user)@\(host):\(port)/\(database)"
    }
}
