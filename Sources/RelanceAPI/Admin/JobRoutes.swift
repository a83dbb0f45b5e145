import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// The `/admin/v1/jobs` routes: the operators' view of the job queue (list, show, retry,
/// cancel, depth). Queue errors become problem+json in `ProblemMiddleware`; bad query values
/// are a 400 naming every field at fault. `relance jobs` shares the filters and the JSON.
struct JobRoutes {
    let queue: JobQueue

    /// The largest page `GET /admin/v1/jobs` and `relance jobs list` return.
    static let maximumLimit = 1000

    /// A job as the admin API and `relance jobs … --json` show it: snake_case keys, the payload
    /// as JSON (not as text), absent fields for missing values, ISO 8601 instants.
    struct Job: Encodable, Equatable {
        var id: Int64
        var tenant: String
        var kind: String
        var state: JobState
        var priority: Int16
        var attempt: Int
        var maxAttempts: Int
        var payload: JSONValue
        var uniqueKey: String?
        var lastError: String?
        var runAt: Date?
        var createdAt: Date
        var attemptedAt: Date?
        var finishedAt: Date?
        var leaseOwner: String?
        var leaseExpiresAt: Date?
        var cancelRequested: Bool

        init(_ record: JobRecord) {
            id = record.id
            tenant = record.tenant
            kind = record.kind
            state = record.state
            priority = record.priority
            attempt = record.attempt
            maxAttempts = record.maxAttempts
            // The payload is jsonb rendered as text, so it always parses; the fallback keeps
            // the text visible rather than failing a read-only view.
            payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(record.payload.utf8))) ?? .string(record.payload)
            uniqueKey = record.uniqueKey
            lastError = record.lastError
            runAt = record.runAt
            createdAt = record.createdAt
            attemptedAt = record.attemptedAt
            finishedAt = record.finishedAt
            leaseOwner = record.leaseOwner?.uuidString.lowercased()
            leaseExpiresAt = record.leaseExpiresAt
            cancelRequested = record.cancelRequested
        }
    }

    /// Unfinished jobs counted by state, overall and per kind (from `JobQueue.depth()`). Every
    /// unfinished state is present, with 0 when no job is in it.
    struct Stats: Encodable, Equatable {
        struct Kind: Encodable, Equatable {
            var kind: String
            var total: Int64
            var byState: [String: Int64]
        }

        var total: Int64
        var byState: [String: Int64]
        var byKind: [Kind]

        init(_ depths: [JobDepth]) {
            let zero = Dictionary(uniqueKeysWithValues: JobState.allCases.filter { !$0.isFinished }.map { ($0.rawValue, Int64(0)) })
            byState = zero
            var kinds: [String: [String: Int64]] = [:]
            for depth in depths {
                byState[depth.state.rawValue, default: 0] += depth.count
                kinds[depth.kind, default: zero][depth.state.rawValue, default: 0] += depth.count
            }
            total = byState.values.reduce(0, +)
            byKind = kinds.keys.sorted().map { kind in
                let states = kinds[kind] ?? zero
                return Kind(kind: kind, total: states.values.reduce(0, +), byState: states)
            }
        }
    }

    /// What to list: the arguments of `JobQueue.list`, validated.
    struct Filter: Equatable {
        var states: [JobState]?
        var kind: String?
        var tenant: String?
        var before: Int64?
        var limit: Int

        /// Validates raw values from a query string or command-line flags, reporting every bad
        /// one at once. `states` entries may each be comma-separated; `cursorField` names the
        /// cursor in errors (`cursor` for the API, `before` for the CLI).
        /// - Throws: `Problem.validation` naming each field at fault.
        static func parse(
            states rawStates: [String], kind: String?, tenant: String?, cursor: String?, cursorField: String, limit: String?
        ) throws(Problem) -> Filter {
            var errors: [Problem.FieldError] = []
            let names = rawStates.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var states: [JobState] = []
            for name in names {
                guard let state = JobState(rawValue: name) else {
                    errors.append(.init(field: "state", message: "\"\(name)\" is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))"))
                    break
                }
                if !states.contains(state) { states.append(state) }
            }
            if let kind, !NewJob.isValidKind(kind) {
                errors.append(.init(field: "kind", message: NewJob.kindRule))
            }
            if let tenant {
                do throws(TenantSlug.Problem) { _ = try TenantSlug(tenant) } catch { errors.append(.init(field: "tenant", message: error.message)) }
            }
            var before: Int64?
            if let cursor {
                if let id = Int64(cursor), id > 0 {
                    before = id
                } else {
                    errors.append(.init(field: cursorField, message: "must be a job id (a positive whole number)"))
                }
            }
            var pageSize = 50
            if let limit {
                if let value = Int(limit), (1...JobRoutes.maximumLimit).contains(value) {
                    pageSize = value
                } else {
                    errors.append(.init(field: "limit", message: "must be a whole number from 1 to \(JobRoutes.maximumLimit)"))
                }
            }
            if !errors.isEmpty { throw Problem.validation(errors) }
            return Filter(states: states.isEmpty ? nil : states, kind: kind, tenant: tenant, before: before, limit: pageSize)
        }

        /// The page of jobs this filter selects, newest first.
        func page(in queue: JobQueue) async throws -> AdminRoutes.Page<Job> {
            let records = try await queue.list(states: states, kind: kind, tenant: tenant, before: before, limit: limit)
            return AdminRoutes.Page(data: records.map(Job.init), nextCursor: records.count == limit ? records.last.map { String($0.id) } : nil)
        }
    }

    /// A job id from a path or an argument.
    /// - Throws: `Problem.validation` on `id` unless it is a positive whole number.
    static func id(_ text: String?) throws(Problem) -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw Problem.validation([.init(field: "id", message: "must be a job id (a positive whole number)")])
        }
        return id
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("jobs") { request, _ in
            let query = request.uri.queryParameters
            let filter = try Filter.parse(
                states: query[values: "state"].map(String.init), kind: query["kind"].map(String.init),
                tenant: query["tenant"].map(String.init), cursor: query["cursor"].map(String.init), cursorField: "cursor",
                limit: query["limit"].map(String.init))
            return try JSONResponse.make(try await filter.page(in: queue))
        }
        group.get("jobs/stats") { _, _ in
            try JSONResponse.make(Stats(try await queue.depth()))
        }
        group.get("jobs/:id") { _, context in
            try JSONResponse.make(Job(try await queue.job(id: try Self.id(context.parameters.get("id")))))
        }
        group.post("jobs/:id/retry") { _, context in
            try JSONResponse.make(Job(try await queue.retry(id: try Self.id(context.parameters.get("id")))))
        }
        group.post("jobs/:id/cancel") { _, context in
            try JSONResponse.make(Job(try await queue.cancel(id: try Self.id(context.parameters.get("id")))))
        }
    }
}
