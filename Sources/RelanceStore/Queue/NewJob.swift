import Foundation
import RelanceCore

/// A job to enqueue.
public struct NewJob: Sendable, Equatable {
    /// Jobs with a lower number run first.
    public static let priorities: ClosedRange<Int16> = 0...4

    public var tenant: TenantSlug
    /// What runs it: a worker claims only the kinds it has handlers for.
    public var kind: String
    /// The handler's input, a JSON document (an object).
    public var payload: String
    public var priority: Int16
    /// Not before this instant; `nil` means now (the database's clock).
    public var runAt: Date?
    public var maxAttempts: Int
    /// While a job with this key is unfinished, enqueuing another one with the same key does nothing.
    public var uniqueKey: String?

    /// - Parameter payload: encoded as a JSON object with sorted keys.
    /// - Throws: `QueueError.invalidJob` naming the first rule broken (see `problems`), or an
    ///   `EncodingError` for a payload JSON cannot express.
    public init(
        tenant: TenantSlug, kind: String, payload: some Encodable = [String: String](), priority: Int16 = 2,
        runAt: Date? = nil, maxAttempts: Int = 20, uniqueKey: String? = nil
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        try self.init(tenant: tenant, kind: kind, payloadJSON: json, priority: priority, runAt: runAt,
                      maxAttempts: maxAttempts, uniqueKey: uniqueKey)
    }

    /// A job whose payload is already JSON text (it must be an object).
    public init(
        tenant: TenantSlug, kind: String, payloadJSON: String, priority: Int16 = 2,
        runAt: Date? = nil, maxAttempts: Int = 20, uniqueKey: String? = nil
    ) throws {
        if let problem = NewJob.problems(kind: kind, payloadJSON: payloadJSON, priority: Int(priority),
                                         maxAttempts: maxAttempts, uniqueKey: uniqueKey).first {
            throw QueueError.invalidJob("\(problem.field) \(problem.message)")
        }
        self.tenant = tenant
        self.kind = kind
        self.payload = payloadJSON
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
    }

    /// A rule a job breaks: the field (snake_case, as in the API) and what it must be.
    public struct Problem: Sendable, Equatable {
        public var field: String
        public var message: String
    }

    /// Every rule the given values break, in field order; empty when they make a valid job.
    /// The payload check is the cheap one (a JSON object starts with `{`); PostgreSQL parses it
    /// when the job is inserted and refuses the whole statement if it is not JSON.
    public static func problems(kind: String, payloadJSON: String, priority: Int, maxAttempts: Int, uniqueKey: String?) -> [Problem] {
        var problems: [Problem] = []
        if !isValidKind(kind) { problems.append(Problem(field: "kind", message: kindRule)) }
        if payloadJSON.first != "{" { problems.append(Problem(field: "payload", message: "must be a JSON object")) }
        if !(Int(priorities.lowerBound)...Int(priorities.upperBound)).contains(priority) {
            problems.append(Problem(field: "priority", message: "must be from \(priorities.lowerBound) to \(priorities.upperBound)"))
        }
        if !(1...100).contains(maxAttempts) { problems.append(Problem(field: "max_attempts", message: "must be from 1 to 100")) }
        if let uniqueKey, !(1...500).contains(uniqueKey.utf8.count) {
            problems.append(Problem(field: "unique_key", message: "must have 1 to 500 bytes"))
        }
        return problems
    }

    /// What a job kind must look like, in words for errors.
    public static let kindRule = "must match ^[a-z][a-z0-9_.-]{0,99}$"

    /// Whether `kind` is a valid job kind (`dunning.run`, `reminder.deliver`, …).
    public static func isValidKind(_ kind: String) -> Bool {
        let bytes = Array(kind.utf8)
        guard (1...100).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }
}
