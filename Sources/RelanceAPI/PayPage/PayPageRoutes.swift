import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Postgres
import RelanceCore
import RelanceStore

/// The public pay page, on the tenant listener outside `/v1` and without an API key:
/// `GET /pay/{token}` shows an invoice and how to pay it, `POST /pay/{token}/dispute` opens a
/// dispute from its "contest this invoice" form (`application/x-www-form-urlencoded`:
/// `reason`, `notes`), then redirects (303) back to the page, `?contested=1`.
///
/// Every answer is an HTML page (never problem+json) with `PayPageRoutes.headers`: not
/// cached, not indexed, no referrer, no script allowed. Each client address may send
/// `ClientRateLimiter.perMinute` requests a minute (429 with `Retry-After` above), 404s
/// included, so tokens cannot be tried quickly. A malformed, unknown or revoked token (a
/// draft, void or written-off invoice, a tenant that is not active) gets the same 404 page.
struct PayPageRoutes: Sendable {
    let store: PayPageStore
    let limiter: ClientRateLimiter
    /// Proxies in front that append to `X-Forwarded-For` (`ClientAddress`).
    let trustedProxies: Int

    /// The `Content-Security-Policy` of every page: nothing may load or run but the page's
    /// own style sheet (by its hash) and its form, posted to this origin.
    static let contentSecurityPolicy: String = {
        let digest = Hex.decode(Checksum.sha256(PayPageRendering.style)) ?? []
        return "default-src 'none'; style-src 'sha256-\(Data(digest).base64EncodedString())'; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }()

    func add(to router: Router<TenantRequestContext>) {
        router.get("/pay/:token") { request, context in
            await answer(request, context) { token in
                guard let page = try await store.page(token: token) else { return Self.notFound }
                let notice: PayPageRendering.Notice? = request.uri.queryParameters.get("contested") == "1" ? .contested : nil
                return Self.html(.ok, PayPageRendering.page(page, notice: notice))
            }
        }
        router.post("/pay/:token/dispute") { request, context in
            await answer(request, context) { token in
                let body = try await request.body.collect(upTo: DisputeForm.maximumBodySize)
                let form = DisputeForm(urlEncoded: String(buffer: body))
                if let problem = form.problem {
                    guard let page = try await store.page(token: token) else { return Self.notFound }
                    guard !page.isPaid && !page.disputed else { return Self.redirect(to: token, contested: false) }
                    return Self.html(.badRequest, PayPageRendering.page(page, form: form, formProblem: problem))
                }
                switch try await store.contest(token: token, reason: form.trimmedReason, notes: form.trimmedNotes) {
                case .opened:
                    context.logger.info("invoice contested from its pay page")
                    return Self.redirect(to: token, contested: true)
                case .alreadyContested, .notContestable:
                    return Self.redirect(to: token, contested: false)
                case .notFound:
                    return Self.notFound
                }
            }
        }
    }

    /// Rate-limits the request, then answers with `body` given the token; a failure is an
    /// HTML page too (503 when the database is out, 500 otherwise), logged with its cause.
    private func answer(_ request: Request, _ context: TenantRequestContext,
                        _ body: (String) async throws -> Response) async -> Response {
        let client = ClientAddress.of(peer: context.remoteAddress, forwardedFor: request.headers[values: Self.forwardedFor],
                                      trustedProxies: trustedProxies)
        if case .limited(let retryAfter) = limiter.check(client) {
            var response = Self.html(.tooManyRequests, PayPageRendering.tooManyRequests(retryAfter: retryAfter))
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        do {
            return try await body(context.parameters.get("token") ?? "")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return Self.html(.contentTooLarge, PayPageRendering.unavailable)
        } catch let error as PostgresError {
            if let (_, retryAfter) = DatabaseProblem.problem(for: error) {
                context.logger.warning("database unavailable for a pay page", metadata: ["error": "\(error)", "request_id": "\(context.id)"])
                var response = Self.html(.serviceUnavailable, PayPageRendering.unavailable)
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
            context.logger.error("pay page failed", metadata: ["error": "\(error)", "request_id": "\(context.id)"])
            return Self.html(.internalServerError, PayPageRendering.unavailable)
        } catch {
            context.logger.error("pay page failed", metadata: ["error": "\(error)", "request_id": "\(context.id)"])
            return Self.html(.internalServerError, PayPageRendering.unavailable)
        }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The headers of every pay page answer.
    static var headers: HTTPFields {
        [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            HTTPField.Name("X-Robots-Tag")!: "noindex, nofollow",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
        ]
    }

    static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// The same 404 for every token that shows nothing.
    static var notFound: Response { html(.notFound, PayPageRendering.notFound) }

    /// 303 back to the page (a reload does not send the form again).
    static func redirect(to token: String, contested: Bool) -> Response {
        var headers = Self.headers
        headers[.location] = "/pay/\(token)" + (contested ? "?contested=1" : "")
        return Response(status: .seeOther, headers: headers)
    }
}
