import Foundation
import HTTPTypes
import Hummingbird
import Postgres
import RelanceCore
import RelanceStore

/// `Idempotency-Key` on POST (and PATCH): a client that retries a request with the same key
/// gets the first response again (status, body, ETag, plus `Idempotent-Replayed: true`)
/// instead of a second change. Same key with another method, path or body: 422. Same key
/// while the first request is still running: 409. Keys are kept 24 hours, per tenant (the
/// tenant's `idempotency_keys`) or per scope (`admin`, in the control schema). Only
/// successful responses are stored: a request that failed can be retried with its key.
///
/// ```swift
/// let json = try await StrictJSONDecoder.read(request)
/// let body = try StrictJSONDecoder.decode(NewCustomer.self, from: json)
/// let key = try Idempotency.key(request, body: json)
/// let outcome = try await database.withTransaction(tenant.slug) { tx in
///     try await Idempotency.run(key, in: tx) {
///         try JSONResponse.stored(CustomerDTO(try await customers.create(body.new, in: tx)), status: .created)
///     }
/// }
/// return outcome.response
/// ```
enum Idempotency {
    static let headerName = HTTPField.Name("Idempotency-Key")!
    static let replayedHeaderName = HTTPField.Name("Idempotent-Replayed")!
    static let repository = IdempotencyRepository()

    /// A request's key and the fingerprint of the request it names.
    struct Key: Sendable, Equatable {
        var value: String
        var fingerprint: String
    }

    /// The outcome of an idempotent request.
    struct Outcome: Sendable {
        var stored: StoredResponse
        var replayed: Bool

        var response: Response { stored.response(replayed: replayed) }
    }

    /// The request's `Idempotency-Key` (1 to 255 visible ASCII characters), nil when it sends
    /// none. The fingerprint covers method, path and the body's canonical JSON (key order and
    /// spacing do not matter).
    /// - Throws: `Problem.validation` on `Idempotency-Key`.
    static func key(_ request: Request, body: JSONValue) throws(Problem) -> Key? {
        guard let value = request.headers[headerName] else { return nil }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw Problem.validation([.init(field: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters, e.g. a UUID")])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = (try? encoder.encode(body)) ?? Data()
        let fingerprint = Checksum.sha256(Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(canonical))
        return Key(value: value, fingerprint: fingerprint)
    }

    /// Tenant requests: runs `perform` in the caller's tenant transaction unless `key` has a
    /// recorded response, and records the response in that same transaction. Fields named in
    /// `redacting` (at any depth) are null in the recorded copy: a secret is shown once.
    /// - Throws: `Problem.idempotencyKeyReused` (422), `.idempotencyKeyInFlight` (409), or what
    ///   `perform` throws (nothing is recorded then).
    static func run(_ key: Key?, in tx: PostgresConnection, redacting: Set<String> = [],
                    _ perform: () async throws -> StoredResponse) async throws -> Outcome {
        guard let key else { return Outcome(stored: try await perform(), replayed: false) }
        switch try await repository.begin(key: key.value, fingerprint: key.fingerprint, in: tx) {
        case .replay(let stored): return Outcome(stored: stored, replayed: true)
        case .mismatch: throw Problem.idempotencyKeyReused()
        case .inFlight: throw Problem.idempotencyKeyInFlight()
        case .new:
            let stored = try await perform()
            try await repository.record(key: key.value, fingerprint: key.fingerprint, response: redact(stored, redacting), in: tx)
            return Outcome(stored: stored, replayed: false)
        }
    }

    /// Control-schema requests (the admin API, `scope` "admin"): claims the key, runs
    /// `perform`, stores its response; a failure gives the key back. Fields named in
    /// `redacting` (at any depth) are null in the stored copy: a secret is shown once.
    static func run(
        _ key: Key?, scope: String, pool: PostgresPool, redacting: Set<String> = [],
        _ perform: () async throws -> StoredResponse
    ) async throws -> Outcome {
        guard let key else { return Outcome(stored: try await perform(), replayed: false) }
        switch try await repository.claim(scope: scope, key: key.value, fingerprint: key.fingerprint, pool: pool) {
        case .replay(let stored): return Outcome(stored: stored, replayed: true)
        case .mismatch: throw Problem.idempotencyKeyReused()
        case .inFlight: throw Problem.idempotencyKeyInFlight()
        case .new:
            let stored: StoredResponse
            do {
                stored = try await perform()
            } catch {
                try? await repository.release(scope: scope, key: key.value, pool: pool)
                throw error
            }
            try await repository.complete(scope: scope, key: key.value, response: redact(stored, redacting), pool: pool)
            return Outcome(stored: stored, replayed: false)
        }
    }

    /// `stored` with the JSON fields named in `fields` set to null.
    static func redact(_ stored: StoredResponse, _ fields: Set<String>) -> StoredResponse {
        guard !fields.isEmpty, let json = try? JSONDecoder().decode(JSONValue.self, from: stored.body) else { return stored }
        func blank(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let object):
                .object(Dictionary(uniqueKeysWithValues: object.map { ($0.key, fields.contains($0.key) ? .null : blank($0.value)) }))
            case .array(let elements): .array(elements.map(blank))
            default: value
            }
        }
        var copy = stored
        copy.body = (try? JSONResponse.encode(blank(json))) ?? stored.body
        return copy
    }
}

extension StoredResponse {
    /// As an HTTP response; a replay says so in `Idempotent-Replayed: true`.
    func response(replayed: Bool = false) -> Response {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        if let etag { headers[.eTag] = etag }
        if replayed { headers[Idempotency.replayedHeaderName] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
