import Foundation
import RelanceAPI
import RelanceStore

// relance-scheduler: enqueues scheduled work (RELANCE_SCHEDULES) while it leads, one leader
// among replicas; health and metrics on RELANCE_SCHEDULER_PORT (9102).
let runtime = ProcessRuntime.start(name: "relance-scheduler")
exit(await runtime.run([
    Servers.operational(host: runtime.settings.host, port: runtime.settings.schedulerPort, name: "relance-scheduler",
                        readiness: runtime.readiness, logger: runtime.logger),
    SchedulerService(pool: runtime.pool, lockDatabase: runtime.settings.database, schedules: runtime.settings.scheduler.schedules,
                     tick: runtime.settings.scheduler.tick, logger: runtime.logger),
]))
