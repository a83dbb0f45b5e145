import ServiceLifecycle

/// Waits `duration` between a service's rounds, or less if a graceful shutdown starts (or
/// the task is cancelled) meanwhile, so SIGTERM never waits for a sleeping loop.
/// - Returns: whether the service should go on: `false` once shutting down or cancelled.
func pauseUnlessShuttingDown(for duration: Duration) async -> Bool {
    _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    return !Task.isShuttingDownGracefully && !Task.isCancelled
}
