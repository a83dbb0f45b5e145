import Foundation
import Hummingbird

/// An RFC 9457 `application/problem+json` error: a stable `type`, a human `detail`, and,
/// for validation failures, the fields at fault.
public struct Problem: Error, Sendable, Encodable {
    /// One invalid input field.
    public struct FieldError: Sendable, Encodable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [FieldError]?

    public init(type: String, title: String, status: HTTPResponse.Status, detail: String, errors: [FieldError]? = nil) {
        self.type = "https://relance.dev/problems/" + type
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(type: "unauthorized", title: "Unauthorized", status: .unauthorized, detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(type: "forbidden", title: "Forbidden", status: .forbidden, detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(type: "not-found", title: "Not Found", status: .notFound, detail: detail)
    }

    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(type: "validation", title: "Invalid request", status: .badRequest,
                detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    public static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(type: "conflict", title: "Conflict", status: .conflict, detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(type: "unavailable", title: "Service Unavailable", status: .serviceUnavailable, detail: detail)
    }

    public static func internalError(requestID: String) -> Problem {
        Problem(type: "internal", title: "Internal Server Error", status: .internalServerError,
                detail: "an unexpected error occurred; quote request id \(requestID) when reporting it")
    }

    /// The problem as an HTTP response.
    public func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data("{\"status\":\(status)}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
