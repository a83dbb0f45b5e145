import Foundation
import Postgres
import RelanceCore
import RelanceStore
import SMTP

/// `reminder.deliver`: delivers a pending reminder and records the outcome in the same
/// transaction that locks it; a cancelled or already delivered reminder is skipped.
///
/// - E-mail, with an SMTP server configured (`mailer`): sent to the billing contact (else
///   accounts payable) as a multipart text + HTML message, From the platform's address in
///   the tenant's name, Reply-To the tenant's sender. The job's lease is checked right before
///   `DATA`; `sent` is recorded with the server's reply in the transaction that holds the
///   reminder's row lock. A crash after the server accepted and before the commit sends it
///   again with the same `Message-ID` (the one window no protocol closes). A temporary
///   failure (4xx, timeout, connection) rolls back and retries with the queue's backoff; a
///   permanent one (5xx, a bad address) records `failed` with a `failed_delivery` task.
/// - E-mail without a server (the local default), and letters until they are printed:
///   written to the file outbox (`<outbox>/<tenant>/<reminder id>.eml`, or `.txt`), the same
///   bytes the server would get; a retry rewrites the same file.
/// - No recipient: `failed`, with a `failed_delivery` task.
public struct ReminderDeliveryHandler: JobHandler {
    public static let kind = "reminder.deliver"
    public var kind: String { Self.kind }
    let database: TenantDatabase
    let outbox: URL
    let mailer: SMTPClient?
    /// The address e-mails come from (`RELANCE_SMTP_FROM`).
    let from: String
    /// How long a temporary SMTP failure waits; nil: the queue's backoff.
    let transientRetry: Duration?
    let rates: ReferenceRateRepository
    let delivery = ReminderDelivery()

    public init(database: TenantDatabase, outbox: URL, mailer: SMTPClient? = nil, from: String = "relances@localhost",
                transientRetry: Duration? = nil) {
        self.database = database
        self.outbox = outbox
        self.mailer = mailer
        self.from = from
        self.transientRetry = transientRetry
        rates = ReferenceRateRepository(pool: database.pool)
    }

    struct Payload: Decodable {
        var reminderId: UUID
        enum CodingKeys: String, CodingKey { case reminderId = "reminder_id" }
    }

    public func run(_ job: ClaimedJob) async throws -> JobResult {
        guard let payload = try? job.decodePayload(as: Payload.self) else { return .discard(reason: "payload has no reminder_id") }
        let known = try await rates.all()
        let actor = "worker:\(Self.kind)"
        do {
            try await database.withTransaction(job.tenant) { tx in
                let message = try await delivery.message(payload.reminderId, rates: known, in: tx)
                guard message.reminder.status == .pending else { return }
                let reminder = message.reminder
                if reminder.channel == .email && message.recipient == nil {
                    try await fail(message, detail: "no billing or accounts-payable e-mail", actor: actor, in: tx)
                    return
                }
                let composed = ReminderMessage(message: message)
                let detail: String
                if reminder.channel == .email, let mailer {
                    let mime: MIMEMessage
                    do {
                        mime = try composed.mime(from: from)
                    } catch {
                        try await fail(message, detail: "not an e-mail address: \(error)", actor: actor, in: tx)
                        return
                    }
                    do {
                        let reply = try await mailer.send(mime, beforeData: { try await job.fence() })
                        detail = "accepted by the SMTP server: \(reply)"
                    } catch let error as SMTPError where !error.isTransient {
                        try await fail(message, detail: "refused by the SMTP server: \(error)", actor: actor, in: tx)
                        return
                    }
                } else {
                    let folder = outbox.appendingPathComponent(job.tenant.rawValue, isDirectory: true)
                    let file = "\(reminder.id.uuidString.lowercased()).\(reminder.channel == .email ? "eml" : "txt")"
                    let bytes = reminder.channel == .email ? Data(try composed.mime(from: from).render()) : Data(composed.letter.utf8)
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try bytes.write(to: folder.appendingPathComponent(file), options: .atomic)
                    try await job.fence()
                    detail = "written to the outbox as \(file)"
                }
                try await delivery.recordLateCharges(message, in: tx)
                try await delivery.record(reminder.id, status: .sent, detail: detail, customerID: reminder.customerID, actor: actor, in: tx)
            }
        } catch let error as SMTPError {
            return .retry(reason: "SMTP: \(error)", after: transientRetry)
        }
        return .completed
    }

    /// Records the reminder `failed` and opens a `failed_delivery` task for a person.
    private func fail(_ message: ReminderDelivery.Message, detail: String, actor: String, in tx: PostgresConnection) async throws {
        try await delivery.record(message.reminder.id, status: .failed, detail: detail, customerID: message.reminder.customerID, actor: actor, in: tx)
        try await DunningRunner.failedDelivery(customerID: message.reminder.customerID, invoiceIDs: message.reminder.items.map(\.invoiceID),
                                               actor: actor, in: tx)
    }
}
