import Hummingbird
import Logging
import RelanceStore

/// `/healthz`, `/readyz` and `/metrics`, the same on every Relance process.
///
/// `/readyz` answers 503 when not ready and logs why. With `exposesDetail` (the worker's and
/// the scheduler's health ports, reached only inside the cluster) the reason is in the body
/// too; without it (the tenant listener, which the Ingress exposes) the body says only "not
/// ready": a driver message names hosts and ports.
public struct OperationalRoutes: Sendable {
    public let readiness: ReadinessProbe
    public let exposesDetail: Bool

    public init(readiness: ReadinessProbe, exposesDetail: Bool = true) {
        self.readiness = readiness
        self.exposesDetail = exposesDetail
    }

    /// Adds the routes to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"alive\"}")))
        }
        let exposesDetail = self.exposesDetail
        router.get("/readyz") { _, context in
            let report = await readiness.check()
            guard report.isReady else {
                context.logger.warning("not ready", metadata: ["detail": "\(report.detail)"])
                throw Problem.unavailable(exposesDetail ? report.detail : "not ready")
            }
            var body = "{\"status\":\"ready\""
            if exposesDetail {
                body += ",\"detail\":"
                JSONLogHandler.appendJSONString(report.detail, to: &body)
            }
            body += "}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Observability.renderMetrics()))
            )
        }
    }
}
