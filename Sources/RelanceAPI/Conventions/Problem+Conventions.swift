import Hummingbird

extension Problem {
    /// 412: `If-Match` names a version that is no longer the current one.
    static func preconditionFailed(_ detail: String) -> Problem {
        Problem(type: "precondition-failed", title: "Precondition Failed", status: .preconditionFailed, detail: detail)
    }

    /// 422: an `Idempotency-Key` reused for another request (method, path or body).
    static func idempotencyKeyReused() -> Problem {
        Problem(type: "idempotency-key-reused", title: "Idempotency-Key reused", status: .unprocessableContent,
                detail: "this Idempotency-Key was used for a different request in the last 24 hours; use a new key",
                errors: [.init(field: "Idempotency-Key", message: "was used for a different request")])
    }

    /// 409: the first request with this `Idempotency-Key` is still being processed.
    static func idempotencyKeyInFlight() -> Problem {
        Problem(type: "idempotency-key-in-flight", title: "Conflict", status: .conflict,
                detail: "a request with this Idempotency-Key is still in progress; retry later",
                errors: [.init(field: "Idempotency-Key", message: "is in use by a request in progress")])
    }
}
