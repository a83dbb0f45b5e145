import Foundation
import RelanceCore
import RelanceStore

/// `reminder.deliver`, local default: writes a pending reminder to the file outbox
/// (`<outbox>/<tenant>/<reminder id>.eml`, or `.txt` for a letter) and records it `sent` in
/// the same transaction; a cancelled or already delivered reminder is skipped. An e-mail
/// reminder without a recipient is recorded `failed` with a `failed_delivery` task. A retry
/// after a crash between the write and the commit rewrites the same file (same name, same
/// `Message-ID`), so the outbox holds each reminder once.
public struct ReminderOutboxHandler: JobHandler {
    public static let kind = "reminder.deliver"
    public var kind: String { Self.kind }
    let database: TenantDatabase
    let directory: URL
    let rates: ReferenceRateRepository
    let delivery = ReminderDelivery()

    public init(database: TenantDatabase, directory: URL) {
        self.database = database
        self.directory = directory
        rates = ReferenceRateRepository(pool: database.pool)
    }

    struct Payload: Decodable {
        var reminderId: UUID
        enum CodingKeys: String, CodingKey { case reminderId = "reminder_id" }
    }

    public func run(_ job: ClaimedJob) async throws -> JobResult {
        guard let payload = try? job.decodePayload(as: Payload.self) else { return .discard(reason: "payload has no reminder_id") }
        let folder = directory.appendingPathComponent(job.tenant.rawValue, isDirectory: true)
        let known = try await rates.all()
        try await database.withTransaction(job.tenant) { tx in
            let message = try await delivery.message(payload.reminderId, rates: known, in: tx)
            guard message.reminder.status == .pending else { return }
            if message.reminder.channel == .email && message.recipient == nil {
                try await delivery.record(message.reminder.id, status: .failed, detail: "no billing or accounts-payable e-mail",
                                          customerID: message.reminder.customerID, actor: "worker:\(Self.kind)", in: tx)
                try await DunningRunner.failedDelivery(customerID: message.reminder.customerID, invoiceIDs: message.reminder.items.map(\.invoiceID),
                                                       actor: "worker:\(Self.kind)", in: tx)
                return
            }
            let outbox = OutboxMessage(message: message)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(outbox.text.utf8).write(to: folder.appendingPathComponent(outbox.fileName), options: .atomic)
            try await job.fence()
            try await delivery.recordLateCharges(message, in: tx)
            try await delivery.record(message.reminder.id, status: .sent, detail: "written to the outbox as \(outbox.fileName)",
                                      customerID: message.reminder.customerID, actor: "worker:\(Self.kind)", in: tx)
        }
        return .completed
    }
}
