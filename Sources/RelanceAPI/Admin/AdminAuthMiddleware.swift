import Foundation
import Hummingbird
import RelanceStore

/// Requires `Authorization: Bearer <RELANCE_ADMIN_TOKEN>` on the admin API, compared in
/// constant time. A missing or wrong token gets 401 problem+json.
public struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    public init(token: String) { self.token = token }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = BearerToken.from(request.headers[.authorization]) else {
            throw Problem.unauthorized("the admin API needs Authorization: Bearer <RELANCE_ADMIN_TOKEN>")
        }
        guard ConstantTime.equals(presented, token) else {
            throw Problem.unauthorized("the admin token is not valid")
        }
        return try await next(request, context)
    }
}

/// Extracts the token of an `Authorization: Bearer …` header.
///
/// Kept rather than hummingbird-auth's `request.headers.bearer` (2.5.0), which matches the
/// scheme case-sensitively (`Bearer ` only, where RFC 9110 §11.1 makes it case-insensitive,
/// so `bearer <key>` would become a 401; `TenantAuthMiddlewareTests` checks it) and passes an
/// empty or space-padded token through; the package would also add two modules
/// (ExtrasBase64, HummingbirdAuth) to every cold build for these six lines (docs/benchmarks.md,
/// "Dependencies").
enum BearerToken {
    static func from(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
