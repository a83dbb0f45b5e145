import Hummingbird
import Logging
import Postgres
import RelanceStore

/// The one place errors become HTTP responses: every 4xx/5xx leaves as problem+json.
///
/// `Problem` passes through; Hummingbird's `HTTPError` (unknown route, bad body) keeps its
/// status; a unique violation becomes 409 naming the constraint's field; a database outage
/// (unreachable, pool exhausted, statement timeout, serialization failure, connection lost)
/// becomes a 503 with `Retry-After` (`DatabaseProblem`); anything else is a 500. The details
/// of a 503 or a 500 go to the log with the request id, not to the caller.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            return response
        } catch let problem as Problem {
            return problem.response()
        } catch let error as TenancyError {
            return Self.problem(for: error).response()
        } catch let error as QueueError {
            return Self.problem(for: error).response()
        } catch let error as ReceivablesError {
            return Self.problem(for: error).response()
        } catch let error as HTTPError {
            let status = error.status
            let type = status == .notFound ? "not-found" : (status.code < 500 ? "bad-request" : "internal")
            return Problem(type: type, title: status.reasonPhrase, status: status,
                           detail: error.body ?? status.reasonPhrase).response()
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            guard case .server(let server) = error else { throw error }
            return Problem.conflict("a record with this \(Self.field(of: server)) already exists", field: Self.field(of: server)).response()
        } catch let error as PostgresError {
            guard let (problem, retryAfter) = DatabaseProblem.problem(for: error) else {
                context.logger.error("request failed", metadata: ["error": "\(error)", "request_id": "\(context.id)"])
                return Problem.internalError(requestID: context.id).response()
            }
            context.logger.warning("database unavailable for a request", metadata: [
                "error": "\(error)", "request_id": "\(context.id)", "problem": "\(problem.type)",
            ])
            return DatabaseProblem.response(problem, retryAfter: retryAfter)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return Problem.internalError(requestID: context.id).response()
        }
    }

    static func problem(for error: TenancyError) -> Problem {
        switch error {
        case .slugTaken: .conflict(error.description, field: "slug")
        case .tenantNotFound, .firmNotFound, .apiKeyNotFound: .notFound(error.description)
        case .invalidStatus: .conflict(error.description, field: "status")
        }
    }

    /// Job not found → 404; a state that forbids the operation or a taken unique key → 409
    /// naming `state` or `unique_key`; a job that breaks a rule → 400.
    static func problem(for error: QueueError) -> Problem {
        switch error {
        case .jobNotFound: .notFound(error.description)
        case .invalidState: .conflict(error.description, field: "state")
        case .uniqueKeyTaken: .conflict(error.description, field: "unique_key")
        case .invalidJob(let reason): .validation([.init(field: "job", message: reason)])
        }
    }

    /// Not found → 404; a conflict → 409 naming its field; a refused value → 400 naming it.
    static func problem(for error: ReceivablesError) -> Problem {
        switch error {
        case .notFound(let detail): .notFound(detail)
        case .conflict(let field, let detail): .conflict(detail, field: field)
        case .invalid(let field, let message): .validation([.init(field: field, message: message)])
        }
    }

    /// `invoices_number_key` → `number`: the constraint name without its table and suffix.
    static func field(of error: PostgresError.ServerError) -> String {
        guard var name = error.constraint else { return "key" }
        if let table = error.table, name.hasPrefix(table + "_") { name.removeFirst(table.count + 1) }
        for suffix in ["_key", "_pkey", "_idx", "_unique"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name.isEmpty ? "key" : name
    }
}
