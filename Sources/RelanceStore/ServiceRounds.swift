import Logging
import ServiceLifecycle

/// Runs `round` every `interval` until a graceful shutdown starts or the task is cancelled,
/// the loop of the queue's housekeeping services. A round that fails is logged as `failure`
/// and the next one runs on time; a cancelled round ends the loop.
func repeatUntilShutdown(
    every interval: Duration, logger: Logger, failure: Logger.Message, _ round: () async throws -> Void
) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        do {
            try await round()
        } catch is CancellationError {
            return
        } catch {
            logger.error(failure, metadata: ["error": "\(error)"])
        }
        guard await pauseUnlessShuttingDown(for: interval) else { return }
    }
}

/// Waits `duration` between a service's rounds, or less if a graceful shutdown starts (or
/// the task is cancelled) meanwhile, so SIGTERM never waits for a sleeping loop.
/// - Returns: whether the service should go on: `false` once shutting down or cancelled.
func pauseUnlessShuttingDown(for duration: Duration) async -> Bool {
    _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    return !Task.isShuttingDownGracefully && !Task.isCancelled
}
