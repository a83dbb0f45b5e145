import Foundation
import Logging

/// Keeps every log line (message and metadata, as text) of the loggers it makes, so a test
/// can check what the client logs.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    /// A logger at `trace` that records here.
    func logger() -> Logger {
        Logger(label: "smtp-test") { _ in Handler(recorder: self) }
    }

    var lines: [String] { lock.withLock { recorded } }

    fileprivate func record(_ line: String) { lock.withLock { recorded.append(line) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.record("\(event.level) \(event.message) \(fields)")
        }
    }
}
