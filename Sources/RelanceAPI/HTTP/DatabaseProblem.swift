import Hummingbird
import Postgres

/// What a client is told when the database fails under its request: a 503 problem+json
/// with `Retry-After`, a stable `type`, and a detail that names no driver message, host or
/// port (those go to the server log with the request id).
///
/// All of these are transient and the request can be sent again unchanged, so all are 503:
/// 409 stays for conflicts the client must resolve (a taken slug, a job in the wrong
/// state). A serialization failure or a deadlock rolled the whole transaction back, so a
/// retry is safe even for a write.
public enum DatabaseProblem {
    /// The problem for `error` and the seconds to put in `Retry-After`, or nil when the error
    /// is not a database outage (a constraint violation, a bug: mapped elsewhere).
    public static func problem(for error: PostgresError) -> (problem: Problem, retryAfter: Int)? {
        switch error {
        case .connectionFailed, .connectTimeout, .connectionClosed, .poolClosed:
            return (unavailable, 5)
        case .poolTimeout:
            return (busy("no database connection became free in time"), 1)
        case .server(let server):
            switch server.sqlState {
            case SQLState.queryCanceled, SQLState.lockNotAvailable:
                // A client's own cancellation surfaces as CancellationError, not 57014: this is
                // statement_timeout, lock_timeout or an operator's pg_cancel_backend.
                return (busy("the database did not answer in time"), 1)
            case SQLState.serializationFailure, SQLState.deadlockDetected:
                return (Problem(type: "transaction-conflict", title: "Service Unavailable", status: .serviceUnavailable,
                                detail: "the request conflicted with a concurrent one and was rolled back; send it again"), 1)
            case SQLState.tooManyConnections, SQLState.cannotConnectNow, SQLState.adminShutdown,
                 SQLState.idleInTransactionSessionTimeout:
                return (unavailable, 5)
            default:
                // Class 08: connection exception; class 57: operator intervention; 53: insufficient resources.
                return ["08", "53", "57"].contains(server.sqlStateClass) ? (unavailable, 5) : nil
            }
        case .decoding, .unexpectedResult:
            return nil
        }
    }

    static let unavailable = Problem(type: "database-unavailable", title: "Service Unavailable", status: .serviceUnavailable,
                                     detail: "the database cannot be reached right now; retry later")

    static func busy(_ detail: String) -> Problem {
        Problem(type: "database-busy", title: "Service Unavailable", status: .serviceUnavailable, detail: detail + "; retry later")
    }

    /// `problem` as a response with `Retry-After: retryAfter`.
    static func response(_ problem: Problem, retryAfter: Int) -> Response {
        var response = problem.response()
        response.headers[.retryAfter] = "\(retryAfter)"
        return response
    }
}
