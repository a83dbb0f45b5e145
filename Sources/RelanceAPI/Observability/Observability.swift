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
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// The current metrics in Prometheus text exposition format.
    public static func renderMetrics() -> [UInt8] {
        registry.emitToBuffer()
    }
}
