/// An error from the PostgreSQL client: what failed, with the context a caller needs to act.
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// The server rejected a statement. `ServerError` carries SQLSTATE and diagnostics.
    case server(ServerError)
    /// Opening a connection failed (bad conninfo, unreachable host, authentication, TLS).
    case connectionFailed(reason: String)
    /// The connection broke or was closed while in use; it is not reused.
    case connectionClosed(reason: String)
    /// A column could not be decoded into the requested Swift type.
    case decoding(DecodingFailure)
    /// No pooled connection became free within the pool's acquire timeout.
    case poolTimeout(waited: Duration, poolSize: Int)
    /// A new connection could not be opened within the pool's acquire timeout (a server that
    /// does not answer, e.g. a blackholed host); the attempt may still finish in the background.
    case connectTimeout(waited: Duration)
    /// The pool was shut down.
    case poolClosed
    /// The server answered in a way this client does not handle (e.g. a COPY where rows were expected).
    case unexpectedResult(String)

    /// The SQLSTATE of a server error, e.g. `23505` for a unique violation.
    public var sqlState: String? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    public var description: String {
        switch self {
        case .server(let error): return error.description
        case .connectionFailed(let reason): return "could not connect to PostgreSQL: \(reason)"
        case .connectionClosed(let reason): return "PostgreSQL connection closed: \(reason)"
        case .decoding(let failure): return failure.description
        case .poolTimeout(let waited, let size):
            return "no connection became free within \(waited) (pool of \(size) connections, all in use)"
        case .connectTimeout(let waited): return "could not open a connection to PostgreSQL within \(waited)"
        case .poolClosed: return "the connection pool is shut down"
        case .unexpectedResult(let what): return "unexpected result from PostgreSQL: \(what)"
        }
    }

    /// The diagnostics PostgreSQL sends with an error (see "Error Message Fields" in its docs).
    public struct ServerError: Sendable, CustomStringConvertible {
        /// Five-character SQLSTATE code.
        public var sqlState: String
        /// ERROR, FATAL, PANIC (not localised).
        public var severity: String
        public var message: String
        public var detail: String?
        public var hint: String?
        public var schema: String?
        public var table: String?
        public var column: String?
        public var constraint: String?
        public var dataType: String?
        /// 1-based character offset of the error in the statement, if the server gave one.
        public var position: Int?

        public init(
            sqlState: String, severity: String = "ERROR", message: String, detail: String? = nil,
            hint: String? = nil, schema: String? = nil, table: String? = nil, column: String? = nil,
            constraint: String? = nil, dataType: String? = nil, position: Int? = nil
        ) {
            self.sqlState = sqlState
            self.severity = severity
            self.message = message
            self.detail = detail
            self.hint = hint
            self.schema = schema
            self.table = table
            self.column = column
            self.constraint = constraint
            self.dataType = dataType
            self.position = position
        }

        /// The class of the SQLSTATE (its first two characters), e.g. `23` for integrity violations.
        public var sqlStateClass: Substring { sqlState.prefix(2) }

        public var description: String {
            var text = "\(severity) \(sqlState): \(message)"
            if let detail { text += " (detail: \(detail))" }
            if let hint { text += " (hint: \(hint))" }
            if let constraint { text += " (constraint: \(constraint))" }
            return text
        }
    }

    /// Why a value could not be decoded, naming the column and both types.
    public struct DecodingFailure: Sendable, CustomStringConvertible {
        public var column: String
        public var columnIndex: Int
        public var postgresType: String
        public var swiftType: String
        public var reason: String

        public var description: String {
            "cannot decode column \"\(column)\" (#\(columnIndex), PostgreSQL \(postgresType)) as \(swiftType): \(reason)"
        }
    }
}

/// Well-known SQLSTATE codes, for callers that map errors.
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let notNullViolation = "23502"
    public static let checkViolation = "23514"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let queryCanceled = "57014"
    public static let insufficientPrivilege = "42501"
    public static let undefinedTable = "42P01"
    public static let invalidSchemaName = "3F000"
    public static let adminShutdown = "57P01"
    public static let lockNotAvailable = "55P03"
    public static let idleInTransactionSessionTimeout = "25P03"
    public static let tooManyConnections = "53300"
    public static let cannotConnectNow = "57P03"
}
