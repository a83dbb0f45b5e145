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
        var page: PageRequest

        /// Validates raw values from a query string or command-line flags, reporting every bad
        /// one at once. `states` entries may each be comma-separated. The API passes its opaque
        /// `cursor` (`PageRequest`); the CLI passes `before`, a plain job id.
        /// - Throws: `Problem.validation` naming each field at fault.
        static func parse(
            states rawStates: [String], kind: String?, tenant: String?, cursor: String? = nil, before rawBefore: String? = nil, limit: String?
        ) throws(Problem) -> Filter {
            var errors = FieldErrors()
            let names = rawStates.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var states: [JobState] = []
            for name in names {
                guard let state = JobState(rawValue: name) else {
                    errors.add("state", "\"\(name)\" is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
                    break
                }
                if !states.contains(state) { states.append(state) }
            }
            if let kind, !NewJob.isValidKind(kind) {
                errors.add("kind", NewJob.kindRule)
            }
            if let tenant {
                do throws(TenantSlug.Problem) { _ = try TenantSlug(tenant) } catch { errors.add("tenant", error.message) }
            }
            let page = PageRequest.parse(cursor: cursor, limit: limit, maximum: JobRoutes.maximumLimit, into: &errors)
            var before: Int64?
            for (field, text) in [("cursor", page.position), ("before", rawBefore)] {
                guard let text else { continue }
                if let id = Int64(text), id > 0 {
                    before = id
                } else {
                    errors.add(field, field == "cursor" ? "is not a cursor from this API (pass next_cursor back unchanged)"
                                                        : "must be a job id (a positive whole number)")
                }
            }
            try errors.throwIfAny()
            return Filter(states: states.isEmpty ? nil : states, kind: kind, tenant: tenant, before: before, page: page)
        }

        /// The page of jobs this filter selects, newest first.
        func page(in queue: JobQueue) async throws -> Page<Job> {
            let records = try await queue.list(states: states, kind: kind, tenant: tenant, before: before, limit: page.fetchLimit)
            return Page(fetched: records.map(Job.init), for: page) { String($0.id) }
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

    /// `perform` under the request's `Idempotency-Key` (scope `admin`, as `AdminRoutes`).
    func idempotent(_ request: Request, _ perform: () async throws -> StoredResponse) async throws -> Response {
        try await Idempotency.run(try Idempotency.key(request, body: .object([:])), scope: AdminRoutes.idempotencyScope,
                                  pool: queue.pool, perform).response
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("jobs") { request, _ in
            let query = request.uri.queryParameters
            let filter = try Filter.parse(
                states: query[values: "state"].map(String.init), kind: query["kind"].map(String.init),
                tenant: query["tenant"].map(String.init), cursor: query["cursor"].map(String.init), limit: query["limit"].map(String.init))
            return try JSONResponse.make(try await filter.page(in: queue))
        }
        group.get("jobs/stats") { _, _ in
            try JSONResponse.make(Stats(try await queue.depth()))
        }
        group.get("jobs/:id") { _, context in
            try JSONResponse.make(Job(try await queue.job(id: try Self.id(context.parameters.get("id")))))
        }
        group.post("jobs/:id/retry") { request, context in
            let id = try Self.id(context.parameters.get("id"))
            return try await idempotent(request) { try JSONResponse.stored(Job(try await queue.retry(id: id))) }
        }
        group.post("jobs/:id/cancel") { request, context in
            let id = try Self.id(context.parameters.get("id"))
            return try await idempotent(request) { try JSONResponse.stored(Job(try await queue.cancel(id: id))) }
        }
    }
}
