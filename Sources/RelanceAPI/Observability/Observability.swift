import Logging
import Metrics
import Prometheus

/// Process-wide logging and metrics, set up once by each executable's `main`.
public enum Observability {
    /// The registry `/metrics` renders.
    public static let registry = PrometheusCollectorRegistry()

    /// Installs the log handler (JSON lines or plain text) and the Prometheus metrics factory.
    /// Call once, first thing in `main`.
    public static func bootstrap(settings: Settings) {
        let level = settings.logLevel
        switch settings.logFormat {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var factory = PrometheusMetricsFactory(registry: registry)
        // A claim takes 1–3 ms: the default buckets (5 ms and up) would put every one in the first.
        factory.durationHistogramBuckets["relance_jobs_claim_duration_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// The current metrics in Prometheus text exposition format.
    public static func renderMetrics() -> [UInt8] {
        registry.emitToBuffer()
    }
}
