import Foundation
import Logging
import RelanceAPI
import RelanceJobs
import RelanceStore
import SMTP

// relance-worker: runs queued jobs; health and metrics on RELANCE_WORKER_PORT (9101).
let runtime = ProcessRuntime.start(name: "relance-worker")
let settings = runtime.settings.worker
let mailer: SMTPClient?
do {
    mailer = try settings.smtp.map { try SMTPClient(configuration: $0, logger: runtime.logger) }
} catch {
    runtime.logger.critical("RELANCE_SMTP_URL cannot be used", metadata: ["error": "\(error)"])
    exit(2)
}
exit(await runtime.run([
    Servers.operational(host: runtime.settings.host, port: runtime.settings.workerPort, name: "relance-worker",
                        readiness: runtime.readiness, logger: runtime.logger),
    JobRescuer(pool: runtime.pool, interval: settings.heartbeat, deadAfter: settings.deadAfter),
    JobPruner(pool: runtime.pool, retention: settings.retention),
    JobWorker(
        pool: runtime.pool, listen: settings.listenDatabase, handlers: JobCatalog.handlers(database: runtime.tenancy.database, outbox: settings.outboxDirectory,
                                                                                      mailer: mailer, mailFrom: settings.mailFrom,
                                                                                      webhooks: runtime.settings.webhooks),
        configuration: JobWorkerConfiguration(
            name: ProcessInfo.processInfo.environment["HOSTNAME"] ?? ProcessInfo.processInfo.hostName,
            concurrency: settings.concurrency, claimBatch: settings.claimBatch, kindLimits: settings.kindLimits,
            lease: settings.lease, heartbeat: settings.heartbeat, pollInterval: settings.pollInterval),
        logger: runtime.logger),
]))
