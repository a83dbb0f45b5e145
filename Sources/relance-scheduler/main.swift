import Foundation
import RelanceAPI

// relance-scheduler: enqueues scheduled work; health and metrics on RELANCE_SCHEDULER_PORT (9102).
let runtime = ProcessRuntime.start(name: "relance-scheduler")
exit(await runtime.run([
    Servers.operational(host: runtime.settings.host, port: runtime.settings.schedulerPort, name: "relance-scheduler",
                        readiness: runtime.readiness, logger: runtime.logger),
]))
