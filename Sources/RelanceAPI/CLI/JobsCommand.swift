import ArgumentParser
import Foundation
import RelanceCore
import RelanceStore

/// `relance jobs list|show|retry|cancel|enqueue`: the operators' view of the job queue, the
/// same as `/admin/v1/jobs`. `--json` prints what the admin API returns.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, show, retry, cancel and enqueue jobs.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self, Enqueue.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List jobs, newest first, unfinished and finished.",
            discussion: "When the page is full, the last line tells the --before value of the next page.")
        @Option(name: .customLong("state"), help: "Only jobs in this state (repeatable or comma-separated): \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).")
        var states: [String] = []
        @Option(help: "Only jobs of this kind.") var kind: String?
        @Option(help: "Only jobs of this tenant (slug).") var tenant: String?
        @Option(help: "Only jobs older than this id (the last id of the previous page).") var before: String?
        @Option(help: "At most this many (1-\(JobRoutes.maximumLimit)).") var limit = 50
        @Flag(help: "Print JSON, as the admin API does.") var json = false

        func run() async throws {
            try await CLIContext.run { context in
                let filter = try JobRoutes.Filter.parse(
                    states: states, kind: kind, tenant: tenant, before: before, limit: String(limit))
                let page = try await filter.page(in: JobQueue(pool: context.pool))
                if json { return try CLIContext.print(page) }
                print(JobsCommand.table(header: ["ID", "STATE", "KIND", "TENANT", "PRI", "ATTEMPT", "RUN/FINISHED AT", "LAST ERROR"],
                                        rows: page.data.map(JobsCommand.row)))
                if page.nextCursor != nil, let last = page.data.last { print("more: --before \(last.id)") }
            }
        }
    }

    /// What `show`, `retry` and `cancel` take: a job id, and `--json`.
    struct OneJob: ParsableArguments {
        @Argument(help: "The job id.") var id: String
        @Flag(help: "Print the job as JSON, as the admin API does.") var json = false

        /// Parses the id, runs `action` on the queue and prints the job it returns.
        func run(_ action: (JobQueue, Int64) async throws -> JobRecord) async throws {
            try await CLIContext.run { context in
                try JobsCommand.output(JobRoutes.Job(try await action(JobQueue(pool: context.pool), try JobRoutes.id(id))), json: json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job, unfinished or finished.")
        @OptionGroup var job: OneJob

        func run() async throws { try await job.run { queue, id in try await queue.job(id: id) } }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a job again now.",
            discussion: "A discarded or cancelled job comes back with its attempts reset; a failed or waiting one runs now. A running or succeeded job cannot be retried.")
        @OptionGroup var job: OneJob

        func run() async throws { try await job.run { queue, id in try await queue.retry(id: id) } }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a job.",
            discussion: "A waiting job ends at once; a running one is stopped by its worker (cancel_requested). A finished job cannot be cancelled.")
        @OptionGroup var job: OneJob

        func run() async throws { try await job.run { queue, id in try await queue.cancel(id: id) } }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enqueue a job for a tenant (e.g. --kind relance.probe).",
            discussion: "Fails (exit 1) when an unfinished job holds the --unique-key.")
        @Option(help: "Tenant slug; the tenant must exist.") var tenant: String
        @Option(help: "Job kind, such as dunning.run.") var kind: String
        @Option(help: "The handler's input, a JSON object.") var payload = "{}"
        @Option(help: "0 (first) to 4 (last).") var priority = 2
        @Option(help: "While a job with this key is unfinished, no other job with it is enqueued.") var uniqueKey: String?
        @Option(help: "Not before this instant, ISO 8601 with an offset (2026-11-23T08:00:00Z); default now.") var runAt: String?
        @Option(help: "Attempts before the job is discarded (1-100).") var maxAttempts = 20
        @Flag(help: "Print the job as JSON.") var json = false

        func run() async throws {
            try await CLIContext.run { context in
                let new = try validated()
                guard try await context.tenancy.directory.tenant(new.tenant.rawValue) != nil else {
                    throw TenancyError.tenantNotFound(new.tenant.rawValue)
                }
                let queue = JobQueue(pool: context.pool)
                guard let id = try await queue.enqueue([new]).first else {
                    throw Problem.conflict("not enqueued: an unfinished job holds unique key \"\(uniqueKey ?? "")\"", field: "unique-key")
                }
                try JobsCommand.output(JobRoutes.Job(try await queue.job(id: id)), json: json)
            }
        }

        /// The job the flags describe, or every flag at fault at once.
        func validated() throws -> NewJob {
            var errors: [Problem.FieldError] = []
            var slug: TenantSlug?
            do throws(TenantSlug.Problem) { slug = try TenantSlug(tenant) } catch { errors.append(.init(field: "tenant", message: error.message)) }
            let json = payload.trimmingCharacters(in: .whitespacesAndNewlines)
            // The job's own rules, named as the flags are; then a full parse of the payload,
            // since here it is text a person typed.
            errors += NewJob.problems(kind: kind, payloadJSON: json, priority: priority, maxAttempts: maxAttempts, uniqueKey: uniqueKey)
                .map { .init(field: $0.field.replacingOccurrences(of: "_", with: "-"), message: $0.message) }
            if !errors.contains(where: { $0.field == "payload" }), !((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any]) {
                errors.append(.init(field: "payload", message: "must be a JSON object"))
            }
            var runAtDate: Date?
            if let runAt {
                runAtDate = JobsCommand.instant(runAt)
                if runAtDate == nil { errors.append(.init(field: "run-at", message: "must be an ISO 8601 instant with an offset, such as 2026-11-23T08:00:00Z")) }
            }
            guard errors.isEmpty, let slug else { throw Problem.validation(errors) }
            return try NewJob(tenant: slug, kind: kind, payloadJSON: json, priority: Int16(priority), runAt: runAtDate,
                              maxAttempts: maxAttempts, uniqueKey: uniqueKey)
        }
    }

    /// Runs `action` on the job `id` names and prints the job it returns.
    // MARK: - Output

    /// `2026-11-23T08:00:00Z` or with fractional seconds; nil for anything else.
    static func instant(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Prints `job` as JSON, or as aligned `name  value` lines for people.
    static func output(_ job: JobRoutes.Job, json: Bool) throws {
        if json { return try CLIContext.print(job) }
        func time(_ date: Date?) -> String { date.map { $0.formatted(.iso8601) } ?? "-" }
        var lines: [[String]] = [
            ["id", String(job.id)], ["tenant", job.tenant], ["kind", job.kind],
            ["state", job.state.rawValue + (job.cancelRequested ? " (cancel requested)" : "")],
            ["priority", String(job.priority)], ["attempt", "\(job.attempt) of \(job.maxAttempts)"],
            ["unique key", job.uniqueKey ?? "-"], ["created at", time(job.createdAt)], ["run at", time(job.runAt)],
            ["attempted at", time(job.attemptedAt)], ["finished at", time(job.finishedAt)],
        ]
        if let owner = job.leaseOwner { lines.append(["lease", "\(owner) until \(time(job.leaseExpiresAt))"]) }
        lines.append(["last error", job.lastError ?? "-"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        lines.append(["payload", String(decoding: try encoder.encode(job.payload), as: UTF8.self)])
        print(table(header: nil, rows: lines))
    }

    /// One line of `relance jobs list`.
    static func row(_ job: JobRoutes.Job) -> [String] {
        let when = job.state.isFinished ? job.finishedAt : job.runAt
        var error = job.lastError?.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        if error.count > 60 { error = error.prefix(59) + "…" }
        return [String(job.id), job.state.rawValue + (job.cancelRequested ? "*" : ""), job.kind, job.tenant, String(job.priority),
                "\(job.attempt)/\(job.maxAttempts)", when.map { $0.formatted(.iso8601) } ?? "-", error]
    }

    /// Columns padded to their widest cell, two spaces apart; the last column is not padded.
    static func table(header: [String]?, rows: [[String]]) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
