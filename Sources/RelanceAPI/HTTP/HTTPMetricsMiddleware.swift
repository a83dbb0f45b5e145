import Hummingbird
import Metrics

/// Counts requests and times them, by method, route (not raw path, to bound cardinality)
/// and status: `relance_http_requests_total`, `relance_http_request_duration_seconds`.
///
/// Kept rather than Hummingbird's `MetricsMiddleware`, whose names are fixed in its code
/// (`hb_requests`, `http_server_request_duration`, `hb_request_errors`,
/// `http_server_active_requests`, labelled `http_route`, `http_request_method`,
/// `http_response_status_code`): switching would rename the series that docs/operations.md's
/// alerts and docs/scaling.md's autoscaling read, for no gain that was measured
/// (docs/benchmarks.md, "Dependencies").
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let dimensions = [
            ("method", request.method.rawValue),
            ("path", context.endpointPath ?? "unmatched"),
            ("status", String(response.status.code)),
        ]
        Counter(label: "relance_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "relance_http_request_duration_seconds", dimensions: dimensions)
            .recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
        return response
    }
}
