import Foundation
import Postgres
import SMTP

/// Settings of relance-worker's job processing (see docs/operations.md).
public struct WorkerSettings: Sendable {
    /// Jobs one worker process runs at once.
    public var concurrency: Int
    /// The most jobs one claim takes.
    public var claimBatch: Int
    /// Per-kind limits on jobs running at once in this process, e.g. `report.render=2`.
    public var kindLimits: [String: Int]
    /// How long a claimed job's lease lasts; the worker renews it while the job runs.
    public var lease: Duration
    /// How often the worker heartbeats (its `workers` row and its leases).
    public var heartbeat: Duration
    /// A worker silent this long that holds no running job loses its `workers` row (its jobs are
    /// rescued when their leases expire).
    public var deadAfter: Duration
    /// The polling fallback when no notification arrives.
    public var pollInterval: Duration
    /// How long finished jobs are kept for inspection.
    public var retention: Duration
    /// The direct connection used for LISTEN (when DATABASE_URL goes through PgBouncer).
    public var listenDatabase: PostgresConfiguration?
    /// Where `reminder.deliver` writes each letter, and each e-mail when no SMTP server is
    /// configured, as a file (`RELANCE_OUTBOX_DIR`).
    public var outboxDirectory: URL
    /// The SMTP server e-mails go to (`RELANCE_SMTP_URL`); nil: the file outbox.
    public var smtp: SMTPConfiguration?
    /// The address e-mails come from, in the tenant's name (`RELANCE_SMTP_FROM`); replies go to
    /// the tenant's sender address.
    public var mailFrom: String

    init(environment: [String: String], applicationName: String, reader: inout Settings.Reader) {
        concurrency = reader.integer("RELANCE_WORKER_CONCURRENCY", default: 16, range: 1...1000)
        claimBatch = reader.integer("RELANCE_WORKER_CLAIM_BATCH", default: 200, range: 1...1000)
        lease = .seconds(reader.integer("RELANCE_JOB_LEASE_SECONDS", default: 60, range: 5...86_400))
        heartbeat = .seconds(reader.integer("RELANCE_WORKER_HEARTBEAT_SECONDS", default: 5, range: 1...600))
        deadAfter = .seconds(reader.integer("RELANCE_WORKER_DEAD_AFTER_SECONDS", default: 30, range: 2...86_400))
        pollInterval = .milliseconds(reader.integer("RELANCE_QUEUE_POLL_MS", default: 1000, range: 10...600_000))
        retention = .seconds(3600 * reader.integer("RELANCE_JOB_RETENTION_HOURS", default: 168, range: 1...87_600))
        outboxDirectory = URL(fileURLWithPath: reader.string("RELANCE_OUTBOX_DIR", default: "/var/lib/relance/outbox"))
        mailFrom = reader.string("RELANCE_SMTP_FROM", default: "relances@localhost")
        if (try? MIMEAddress(mailFrom)) == nil {
            reader.problems.append(ConfigurationError(variable: "RELANCE_SMTP_FROM", value: mailFrom, expected: "an e-mail address"))
        }
        smtp = nil
        if let url = environment["RELANCE_SMTP_URL"], !url.isEmpty {
            do {
                smtp = try SMTPConfiguration(url: url)
            } catch {
                // The error names what is wrong and never carries the password; neither does the value shown.
                reader.problems.append(ConfigurationError(variable: "RELANCE_SMTP_URL", value: "(not shown: it may hold a password)",
                                                          expected: "smtp:// or smtps:// with a host: \(error)"))
            }
        }
        kindLimits = [:]
        if let text = environment["RELANCE_WORKER_KIND_LIMITS"], !text.isEmpty {
            for entry in text.split(separator: ",") {
                let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, !parts[0].isEmpty, let limit = Int(parts[1]), (1...1000).contains(limit) {
                    kindLimits[parts[0]] = limit
                } else {
                    reader.problems.append(ConfigurationError(variable: "RELANCE_WORKER_KIND_LIMITS", value: text,
                                                              expected: "kind=limit pairs separated by commas, limits 1 to 1000"))
                    break
                }
            }
        }
        if heartbeat >= deadAfter {
            reader.problems.append(ConfigurationError(variable: "RELANCE_WORKER_HEARTBEAT_SECONDS", value: "\(heartbeat)",
                                                      expected: "less than RELANCE_WORKER_DEAD_AFTER_SECONDS"))
        }
        if lease < heartbeat * 2 {
            reader.problems.append(ConfigurationError(variable: "RELANCE_JOB_LEASE_SECONDS", value: "\(lease)",
                                                      expected: "at least twice RELANCE_WORKER_HEARTBEAT_SECONDS (leases are renewed past half their length)"))
        }
        if let url = environment["RELANCE_LISTEN_DATABASE_URL"], !url.isEmpty {
            var listen = environment
            listen["DATABASE_URL"] = url
            let configuration = PostgresConfiguration.fromEnvironment(listen, applicationName: applicationName + "-listen")
            do {
                try configuration.validate()
            } catch {
                reader.problems.append(ConfigurationError(variable: "RELANCE_LISTEN_DATABASE_URL", value: "(redacted)", expected: "\(error)"))
            }
            listenDatabase = configuration
        } else {
            listenDatabase = nil
        }
    }
}
