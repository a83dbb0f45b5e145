import Hummingbird
import RelanceStore

/// `/healthz`, `/readyz` and `/metrics`, the same on every Relance process.
public struct OperationalRoutes: Sendable {
    public let readiness: ReadinessProbe

    public init(readiness: ReadinessProbe) { self.readiness = readiness }

    /// Adds the routes to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"alive\"}")))
        }
        router.get("/readyz") { _, _ in
            let report = await readiness.check()
            guard report.isReady else { throw Problem.unavailable(report.detail) }
            var body = "{\"status\":\"ready\",\"detail\":"
            JSONLogHandler.appendJSONString(report.detail, to: &body)
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
