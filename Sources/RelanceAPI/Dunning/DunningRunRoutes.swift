import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `POST /v1/dunning/runs` (run now, or dry), `GET /v1/reminders`, and the tasks for people:
/// `GET /v1/tasks[/{id}]`, `PATCH /v1/tasks/{id}` (assignee, notes), `POST /v1/tasks/{id}/complete`.
struct DunningRunRoutes {
    let database: TenantDatabase
    let reminders = ReminderRepository()
    let tasks = TaskRepository()

    /// `{"as_of"?: date, "dry_run"?: bool}`.
    struct RunBody: RequestBody {
        var asOf: CalendarDate?
        var dryRun: Bool?
    }

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("dunning/runs") { request, context in
            let tenant = try context.requireTenant()
            let body = try StrictJSONDecoder.decode(RunBody.self, from: try await StrictJSONDecoder.read(request))
            let report = try await DunningRunner(database: database).run(tenant.slug, asOf: body.asOf, dryRun: body.dryRun ?? false,
                                                                          actor: context.actor)
            return try JSONResponse.make(DunningRunDTO(report))
        }
        group.get("reminders") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, status, page, after): (UUID?, Reminder.Status?, PageRequest, (CalendarDate, UUID)?) =
                try DatedCursor.customerStatusListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await reminders.reminders(customerID: customerID, status: status, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(ReminderDTO.init), for: page) { DatedCursor.position($0.runDate, $0.id) })
        }
        group.get("tasks") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, status, page, after): (UUID?, DunningTaskRecord.Status?, PageRequest, (CalendarDate, UUID)?) =
                try DatedCursor.customerStatusListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await reminders.tasks(customerID: customerID, status: status, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(TaskDTO.init), for: page) { DatedCursor.position($0.createdOn, $0.id) })
        }
        group.get("tasks/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "task")
            let task = try await database.withTransaction(tenant.slug) { tx in try await tasks.task(id, in: tx) }
            return try JSONResponse.make(TaskDTO(task))
        }
        group.patch("tasks/:id") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "task")
            let json = try await StrictJSONDecoder.read(request)
            let patch = try StrictJSONDecoder.decode(TaskPatch.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let task = try await tasks.update(id, assignee: patch.value(patch.assignee), notes: patch.value(patch.notes),
                                                      actor: context.actor, in: tx)
                    return try JSONResponse.stored(TaskDTO(task))
                }
            }.response
        }
        group.post("tasks/:id/complete") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "task")
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(CompleteTaskBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let task = try await tasks.complete(id, outcome: body.outcome, notes: body.notes, promise: body.promiseTerms,
                                                        dispute: body.disputeTerms, actor: context.actor, in: tx)
                    return try JSONResponse.stored(TaskDTO(task))
                }
            }.response
        }
    }
}
